import test from "ava";
import { escapeMarkdown, markdownCode } from "../../src/report/escape.js";
import { markdownReporter } from "../../src/report/markdown.js";
import { sampleFinding, sampleReport } from "./sample.js";

const cases: [string, string, string][] = [
  ["HTML", "<img src=x onerror=y>", "&lt;img src=x onerror=y&gt;"],
  ["links and images", "![a](b) [c](d)", "\\!\\[a\\](b) \\[c\\](d)"],
  ["mentions and references", "@org/team #12", "\\@org/team \\#12"],
  ["table cells and code", "a | `b`", "a \\| \\`b\\`"],
  ["line breaks", "one\r\ntwo", "one two"],
];
for (const [name, input, expected] of cases) {
  test(`Markdown text escapes ${name}`, (t) => {
    t.is(escapeMarkdown(input), expected);
  });
}

test("a code span is fenced past the backticks inside it and keeps table cells whole", (t) => {
  t.is(markdownCode('module.a["x`y"]'), '``module.a["x`y"]``');
  t.is(markdownCode("a|b"), "`a\\|b`");
});

test("the summary names the gate's decision and lists waived findings as waived", (t) => {
  const text = markdownReporter.render(sampleReport(), { color: false });
  t.true(text.startsWith("## threatloop: gate FAILED ❌\n"));
  t.true(text.includes("| 🛡️ waived | `TL-002` |"));
  t.true(text.includes("| waived by W\\-1 |") || text.includes("| waived by W-1 |"));
});

test("a long summary lists blocking findings first and says how many it leaves out", (t) => {
  const many = Array.from({ length: 205 }, (_, i) =>
    sampleFinding({ address: `aws_s3_bucket.b${i}`, severity: i === 204 ? "high" : "low" }),
  );
  const text = markdownReporter.render(sampleReport(many, { failOn: "high" }), { color: false });
  t.is(text.match(/^\| ❌ fail/gm)?.length, 200);
  t.true(text.includes("| `aws_s3_bucket.b204` |"));
  t.true(text.includes("5 more finding(s) are left out of this summary;"));
});
