import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { compileAddressGlob, GlobSyntaxError } from "../../src/model/address-glob.js";
import { opaPath, temporaryDir } from "../helpers.js";

// Patterns and addresses covering every construct and the corners where glob dialects differ:
// separators, regex metacharacters, escapes, classes, nested alternatives and malformed input.
const CASES: [pattern: string, address: string][] = [
  ["aws_s3_bucket.*", "aws_s3_bucket.exports"],
  ["aws_s3_bucket.*", "module.a.aws_s3_bucket.x"],
  ["*.aws_s3_bucket.*", "module.a.aws_s3_bucket.x[0]"],
  ["module.*", "module.worker.aws_sqs_queue.jobs"],
  ["aws_s3_bucket.b?", "aws_s3_bucket.b1"],
  ["aws_s3_bucket.b?", "aws_s3_bucket.b12"],
  ["aws_s3_bucket.[ab]", "aws_s3_bucket.a"],
  ["aws_s3_bucket.[ab]", "aws_s3_bucket.c"],
  ["aws_s3_bucket.[!ab]", "aws_s3_bucket.c"],
  ["aws_s3_bucket.[!ab]", "aws_s3_bucket.a"],
  ["aws_s3_bucket.[a-c]x", "aws_s3_bucket.bx"],
  ["aws_s3_bucket.[a-c]x", "aws_s3_bucket.dx"],
  ["aws_{s3_bucket,sqs_queue}.*", "aws_sqs_queue.q"],
  ["aws_{s3_bucket,sqs_queue}.*", "aws_sns_topic.q"],
  ["aws_{s3_*,sqs_queue}.a", "aws_s3_bucket_policy.a"],
  ["aws_s3_bucket.b\\[0\\]", "aws_s3_bucket.b[0]"],
  ["aws_s3_bucket.b\\*", "aws_s3_bucket.b*"],
  ["aws_s3_bucket.b\\*", "aws_s3_bucket.bx"],
  ['module.a["k"].*', 'module.a["k"].aws_s3_bucket.b'],
  ['module.a\\["k"\\].*', 'module.a["k"].aws_s3_bucket.b'],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b0"],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b[0]"],
  ["*", ""],
  ["?", ""],
  ["a/b*", "a/b/c"],
  ["a**b", "a/x/b"],
  ['module.a["x/y"].*', 'module.a["x/y"].t.n'],
  ["{a,b{c,d}}", "bd"],
  ["{a,b{c,d}}", "bc"],
  ["{a,b{c,d}}", "b"],
  ["{,x}y", "y"],
  ["[.]", "."],
  ["a.b", "aXb"],
  ["(a|b)", "a"],
  ["(a|b)", "(a|b)"],
  ["a+", "aa"],
  ["a+", "a+"],
  ["^a$", "^a$"],
  ["[-a]", "-"],
  ["[a-]", "-"],
  ["\u00fc*", "\u00fcber"],
  ["?ber", "\u00fcber"],
  ["a]b", "a]b"],
  ["a}b", "a}b"],
  ["a,b", "a,b"],
  ["[!]", "!"],
  ["[\\]]", "]"],
  ["*.b", "a\nx.b"],
  ["[a-c-e]", "d"],
  ["[a-c-e]", "-"],
  ["aws_elb.wu-tang", "aws_elb.wu-tang"],
  ["aws_db_instance.mysql-*", "aws_db_instance.mysql-secret"],
  ["a-b", "a_b"],
  ["a/b", "a/b"],
  ["a\\-b", "a-b"],
  ["a=b&c~d%e#f@g!h", "a=b&c~d%e#f@g!h"],
  ["a\\", "a"],
  ["[]", "]"],
  ["[!]", "x"],
  ["[c-a]", "b"],
  ["[!c-a]", "b"],
  ["[\\-x]", "a"],
  ["{a", "a"],
  ["a}", "a}"],
  ["{a,b", "a"],
  ["[ab", "a"],
  ["[a-", "a"],
  ["[a-c", "a"],
  ["\\*\\?", "*?"],
  ["[\\a-c]", "b"],
  ["[\\a-c]", "-"],
  ["{a,[bc]}x", "cx"],
  ["a{}b", "ab"],
  ["{a,b}{c,d}", "bd"],
  ["[!a-c]", "d"],
  ["[ab]*", "b-any"],
];

/** What OPA says for each case: true, false, or "error" when it refuses the pattern. */
function opaVerdicts(): Map<string, boolean | "error"> {
  const dir = temporaryDir();
  writeFileSync(join(dir, "input.json"), JSON.stringify({ cases: CASES }));
  writeFileSync(
    join(dir, "glob.rego"),
    [
      "package t",
      "import rego.v1",
      "results[i] := glob.match(c[0], null, c[1]) if some i, c in input.cases",
      "",
    ].join("\n"),
  );
  const run = spawnSync(
    opaPath(),
    [
      "eval",
      "-f",
      "json",
      "-d",
      join(dir, "glob.rego"),
      "-i",
      join(dir, "input.json"),
      "data.t.results",
    ],
    { encoding: "utf8" },
  );
  const value = JSON.parse(run.stdout).result[0].expressions[0].value as Record<string, boolean>;
  return new Map(
    CASES.map(([p, s], i) => [`${p}\u0000${s}`, value[String(i)] ?? ("error" as const)]),
  );
}

function ours(pattern: string, address: string): boolean | "error" {
  try {
    return compileAddressGlob(pattern).test(address);
  } catch (error) {
    if (error instanceof GlobSyntaxError) return "error";
    throw error;
  }
}

test("address globs match exactly what OPA's glob.match matches, errors included", (t) => {
  const opa = opaVerdicts();
  const differences = CASES.filter(([p, s]) => opa.get(`${p}\u0000${s}`) !== ours(p, s)).map(
    ([p, s]) => `${p} on ${s}: opa ${opa.get(`${p}\u0000${s}`)}, threatloop ${ours(p, s)}`,
  );
  t.deepEqual(differences, []);
});

const pinned: [string, string, boolean | "error"][] = [
  ["module.*", "module.worker.aws_sqs_queue.jobs", true],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b[0]", false],
  ["aws_s3_bucket.b\\[0\\]", "aws_s3_bucket.b[0]", true],
  ["aws_{s3_bucket,sqs_queue}.*", "aws_sqs_queue.q", true],
  ["a+", "aa", false],
  ["aws_elb.wu-tang", "aws_elb.wu-tang", true],
  ["[a-c-e]", "d", "error"],
  ["{a,b", "a", "error"],
];

for (const [pattern, address, expected] of pinned) {
  test(`glob ${pattern} on ${address} gives ${expected}`, (t) => {
    t.is(ours(pattern, address), expected);
  });
}
