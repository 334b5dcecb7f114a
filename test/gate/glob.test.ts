import { spawnSync } from "node:child_process";
import test from "ava";
import { globMatches } from "../../src/gate/glob.js";
import { opaPath } from "../helpers.js";

const cases: [string, string, boolean][] = [
  ["aws_s3_bucket.*", "aws_s3_bucket.exports", true],
  ["aws_s3_bucket.*", 'module.a["k"].aws_s3_bucket.b', false],
  ["*.aws_s3_bucket.b", 'module.a["k"].aws_s3_bucket.b', true],
  ["module.*", "module.worker.aws_iam_role.worker", true],
  // Brackets open a character class, as in OPA: an instance key is written escaped.
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b[0]", false],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b0", true],
  ["aws_s3_bucket.b\\[0\\]", "aws_s3_bucket.b[0]", true],
  ["aws_s3_bucket.b?", "aws_s3_bucket.b7", true],
  ["aws_s3_bucket.b?", "aws_s3_bucket.b10", false],
  ["aws_[si]3_bucket.x", "aws_s3_bucket.x", true],
  ["aws_[!s]3_bucket.x", "aws_s3_bucket.x", false],
  ["aws_[a-z]3_bucket.x", "aws_s3_bucket.x", true],
  ["aws_{s3_bucket,sqs_queue}.x", "aws_sqs_queue.x", true],
  ["aws_{s3_bucket,sqs_queue}.x", "aws_sns_topic.x", false],
  ["a\\*b", "a*b", true],
  ["a\\*b", "axb", false],
  ["a.b", "aXb", false],
  ["*/x", "a/b/x", true],
  ["exact", "exact", true],
  ["exact", "exactly", false],
];

for (const [pattern, text, expected] of cases) {
  test(`glob ${pattern} ${expected ? "matches" : "does not match"} ${text}`, (t) => {
    t.is(globMatches(pattern, text), expected);
  });
}

test("globs agree with OPA's glob.match without delimiters on every case", (t) => {
  const input = JSON.stringify({ cases: cases.map(([p, s]) => [p, s]) });
  const result = spawnSync(
    opaPath(),
    [
      "eval",
      "--format",
      "raw",
      "--stdin-input",
      "[glob.match(c[0], null, c[1]) | some c in input.cases]",
    ],
    { input, encoding: "utf8" },
  );
  t.is(result.status, 0, result.stderr);
  t.deepEqual(
    JSON.parse(result.stdout),
    cases.map(([, , expected]) => expected),
  );
});
