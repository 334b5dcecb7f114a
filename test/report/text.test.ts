import test from "ava";
import { textReporter } from "../../src/report/text.js";
import { sampleReport } from "./sample.js";

test("the text report is coloured only when asked", (t) => {
  t.true(textReporter.render(sampleReport(), { color: true }).includes("\x1b[31m"));
  t.false(textReporter.render(sampleReport(), { color: false }).includes("\x1b["));
});

test("the text report shows a waived finding with its waiver and without a fix", (t) => {
  const text = textReporter.render(sampleReport(), { color: false });
  t.true(
    text.includes("    ~ aws.s3.public-access-blocked  aws_s3_bucket.waived  (waived by W-1)\n"),
  );
  t.false(text.includes("waived one\n        fix:"));
  t.true(text.includes("verdicts: 2 failed, 1 unknown, 1 passed (1 of them waived)\n"));
});
