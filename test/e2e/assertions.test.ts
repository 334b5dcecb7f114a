import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { EXAMPLE_PLAN, ROOT, runCli, temporaryDir } from "../helpers.js";

const MODEL = join(ROOT, "fixtures", "assertions", "threatloop.yaml");

interface Finding {
  threat: string;
  control: string;
  address: string;
  status: string;
  related?: string | null;
  message: string;
}

function evaluate(model: string, ...extra: string[]) {
  const run = runCli(["eval", EXAMPLE_PLAN, "--model", model, "--no-history", ...extra]);
  const findings = run.stdout.startsWith("{")
    ? (JSON.parse(run.stdout) as { findings: Finding[] }).findings
    : [];
  return { run, findings };
}

test("eval judges assertions of every relation: one fails, one is unknown, the rest hold", (t) => {
  const { run, findings } = evaluate(MODEL, "--format", "json");
  t.is(run.code, 1, run.stderr);
  t.deepEqual(findings.map((f) => `${f.threat} ${f.control} ${f.address} ${f.status}`).sort(), [
    "TA-1 inline:blocks-public-policies aws_s3_bucket.exports fail",
    "TA-1 inline:kms-encrypted aws_s3_bucket.exports pass",
    "TA-2 inline:blocks-public-access aws_s3_bucket.access_logs pass",
    "TA-3 inline:imdsv2 aws_instance.api pass",
    "TA-3 inline:named-profile aws_instance.api pass",
    "TA-3 inline:no-eip aws_eip pass",
    "TA-4 inline:arn-known aws_kms_key.exports unknown",
    "TA-4 inline:rotated aws_kms_key.exports pass",
  ]);
  const failed = findings.find((f) => f.status === "fail");
  t.is(failed?.related, "aws_s3_bucket_public_access_block.exports");
  t.is(
    failed?.message,
    "aws_s3_bucket_public_access_block.exports: " +
      "block_public_policy is false; required: equals true",
  );
  const profile = findings.find((f) => f.control === "inline:named-profile");
  t.is(profile?.related, "aws_iam_instance_profile.api");
});

test("eval exits 0 once the failing assertion holds, and 1 when unknowns block", (t) => {
  const dir = temporaryDir();
  const model = join(dir, "threatloop.yaml");
  const text = readFileSync(MODEL, "utf8").replace(
    "- { path: block_public_policy, op: equals, value: true }\n      - id: kms-encrypted",
    "- { path: block_public_acls, op: equals, value: true }\n      - id: kms-encrypted",
  );
  writeFileSync(model, text);
  const passing = evaluate(model);
  t.is(passing.run.code, 0, passing.run.stdout + passing.run.stderr);
  t.regex(
    passing.run.stdout,
    /\? inline:arn-known {2}aws_kms_key\.exports\n {8}arn is only known after apply/,
  );
  t.regex(passing.run.stdout, /verdicts: 0 failed, 1 unknown, 7 passed/);
  t.is(evaluate(model, "--unknown", "block").run.code, 1);
});

test("an assertion that requires none fails on the resource that exists", (t) => {
  const dir = temporaryDir();
  const model = join(dir, "threatloop.yaml");
  const text = readFileSync(MODEL, "utf8")
    .replace("resource_type: aws_eip\n", "resource_type: aws_iam_instance_profile\n")
    .replace(
      "relation: references\n          via: instance",
      "relation: referenced-by\n          via: iam_instance_profile",
    );
  writeFileSync(model, text);
  const { run, findings } = evaluate(model, "--format", "json");
  t.is(run.code, 1, run.stderr);
  const none = findings.filter((f) => f.control === "inline:no-eip");
  t.deepEqual(
    none.map((f) => [f.address, f.status, f.related, f.message]),
    [
      [
        "aws_iam_instance_profile.api",
        "fail",
        "aws_instance.api",
        "aws_iam_instance_profile.api exists, and the assertion requires that none does",
      ],
    ],
  );
});

test("validate no longer warns that assertions are not evaluated", (t) => {
  const run = runCli(["validate", "--model", MODEL, "--plan", EXAMPLE_PLAN]);
  t.is(run.code, 0, run.stderr);
  t.is(run.stderr, "");
  t.regex(run.stdout, /0 errors, 0 warnings \(4 threats, 4 components\)/);
});

test("a waiver names an assertion by its inline: id and lets the gate pass on it", (t) => {
  const dir = temporaryDir();
  const waivers = join(dir, "waivers.yaml");
  writeFileSync(
    waivers,
    [
      "version: 1",
      "waivers:",
      "  - id: W-policy",
      '    match: { control: "inline:blocks-public-policies", threat: TA-1 }',
      "    owner: exports-team",
      "    reason: the bucket policy is reviewed by hand until the block lands",
      "    ticket: SEC-7",
      "    expires: 2999-12-31",
      "",
    ].join("\n"),
  );
  const run = runCli([
    "eval",
    EXAMPLE_PLAN,
    "--model",
    MODEL,
    "--no-history",
    "--waivers",
    waivers,
  ]);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes("aws_s3_bucket.exports  (waived by W-policy)"), run.stdout);
});
