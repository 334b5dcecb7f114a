import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, runCli, temporaryDir } from "../helpers.js";

const EXPECTED = [
  "TL-001 aws.s3.public-access-blocked aws_s3_bucket.exports fail",
  "TL-002 aws.s3.public-access-blocked aws_s3_bucket.access_logs pass",
  "TL-003 aws.iam.no-wildcard-admin aws_iam_role.api pass",
  "TL-003 aws.iam.no-wildcard-admin aws_iam_role_policy.api_debug fail",
  "TL-003 aws.iam.no-wildcard-admin aws_iam_role_policy.api_exports unknown",
  "TL-004 aws.ec2.no-internet-admin-ports aws_security_group.api fail",
  "TL-004 aws.ec2.no-internet-admin-ports " +
    "aws_vpc_security_group_ingress_rule.api_rdp_office unknown",
  "TL-005 aws.ec2.no-internet-admin-ports module.worker.aws_security_group.worker pass",
  "TL-005 aws.iam.no-wildcard-admin module.worker.aws_iam_role.worker pass",
  "TL-005 aws.iam.no-wildcard-admin module.worker.aws_iam_role_policy.worker pass",
];

interface JsonReport {
  gate: { passed: boolean; exit_code: number };
  findings: {
    threat: string;
    control: string;
    address: string;
    status: string;
    attribute: string;
  }[];
}

function evalJson(plan: string, extra: string[] = []) {
  const run = runCli(["eval", plan, "--model", EXAMPLE_MODEL, "--format", "json", ...extra]);
  return { run, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : undefined };
}

test("eval gives the exact findings of the example plan and exits 1", (t) => {
  const { run, report } = evalJson(EXAMPLE_PLAN);
  t.is(run.code, 1, run.stderr);
  const lines = report?.findings.map((f) => `${f.threat} ${f.control} ${f.address} ${f.status}`);
  t.deepEqual(lines, EXPECTED);
  t.is(
    report?.findings.find((f) => f.address === "aws_s3_bucket.exports")?.attribute,
    "block_public_policy, restrict_public_buckets",
  );
});

test("eval exits 0 when the plan is fixed", (t) => {
  const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8"));
  plan.resource_changes = plan.resource_changes.filter(
    (rc: { address: string }) => rc.address !== "aws_iam_role_policy.api_debug",
  );
  for (const rc of plan.resource_changes) {
    if (rc.type === "aws_s3_bucket_public_access_block") {
      Object.assign(rc.change.after, { block_public_policy: true, restrict_public_buckets: true });
    }
    if (rc.address === "aws_security_group.api") {
      rc.change.after.ingress = rc.change.after.ingress.filter(
        (r: { from_port: number }) => r.from_port !== 22,
      );
      rc.change.after_unknown.ingress = rc.change.after.ingress.map(() => ({}));
    }
  }
  const file = join(temporaryDir(), "fixed.json");
  writeFileSync(file, JSON.stringify(plan));
  const { run, report } = evalJson(file);
  t.is(run.code, 0, run.stderr);
  t.true(report?.gate.passed);
  t.false(report?.findings.some((f) => f.status === "fail"));
});

test("--unknown block turns the unknown verdict into a failure", (t) => {
  const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8"));
  const file = join(temporaryDir(), "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  t.is(evalJson(file, ["--fail-on", "critical"]).run.code, 1);
  const blocking = evalJson(file, ["--unknown", "block", "--fail-on", "critical"]);
  t.is(blocking.run.code, 1);
});

test("the text report groups verdicts by threat and names the exit code", (t) => {
  const run = runCli(["eval", EXAMPLE_PLAN, "--model", EXAMPLE_MODEL]);
  t.is(run.code, 1);
  t.regex(run.stdout, /^FAIL {5}TL-001 {2}Customer exports are readable/m);
  t.regex(run.stdout, /gate: FAILED on 3 verdict\(s\).*exit code 1$/m);
  t.false(run.stdout.includes("\x1b["), "no colour without a TTY");
});

test("demo runs the loop, writes every output and exits 0", (t) => {
  const out = join(temporaryDir(), "demo");
  const run = runCli(["demo", "--out", out]);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /The gate FAILED: in CI, `threatloop eval .* exits 1/);
  for (const file of ["policy.wasm", "manifest.json", "report.txt", "report.json"]) {
    t.true(existsSync(join(out, file)), file);
  }
});

test("--help works for every command", (t) => {
  for (const command of ["validate", "generate", "build", "eval", "demo"]) {
    const run = runCli([command, "--help"]);
    t.is(run.code, 0, command);
    t.regex(run.stdout, /Usage: threatloop/);
  }
});

const malformed: [string, (dir: string) => string, RegExp][] = [
  ["a missing file", (dir) => join(dir, "absent.json"), /absent\.json: file not found$/],
  [
    "a JSON file that is not a plan",
    (dir) => write(dir, "x.json", '{"hello": "world"}'),
    new RegExp(
      "x\\.json: the input is not a Terraform plan or state: it has no format_version " +
        "\\(hint: pass the output of terraform show -json\\)$",
    ),
  ],
  [
    "a truncated plan",
    (dir) => write(dir, "t.json", readFileSync(EXAMPLE_PLAN, "utf8").slice(0, 500)),
    /t\.json:\d+:\d+: invalid JSON: .* \(hint: the file looks truncated\)$/,
  ],
  [
    "a binary plan",
    (dir) => write(dir, "plan.tfplan", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])),
    new RegExp(
      "plan\\.tfplan: this is a binary plan file, not JSON " +
        "\\(hint: run: terraform show -json .*plan\\.tfplan > plan\\.json\\)$",
    ),
  ],
  [
    "a JSON syntax error",
    (dir) => write(dir, "s.json", '{"format_version": "1.2",\n  "x": ]\n}'),
    /s\.json:2:8: invalid JSON: value expected \(hint: pass the output of terraform show -json\)$/,
  ],
];

function write(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

for (const [name, make, pattern] of malformed) {
  test(`eval rejects ${name} with one line, exit 2 and no output file`, (t) => {
    const dir = temporaryDir();
    const output = join(dir, "report.json");
    const run = runCli(["eval", make(dir), "--model", EXAMPLE_MODEL, "--output", output]);
    t.is(run.code, 2);
    const lines = run.stderr.trim().split("\n");
    t.is(lines.length, 1, run.stderr);
    t.regex(lines[0] ?? "", /^threatloop: /);
    t.regex(lines[0] ?? "", pattern);
    t.false(existsSync(output));
  });
}

test("an invalid YAML model gives a position, exit 2, and leaves the output folder alone", (t) => {
  const dir = temporaryDir();
  const model = write(dir, "model.yaml", "version: 1\nsystem:\n  name: [unclosed\n");
  const out = join(dir, "out");
  const run = runCli(["build", "--model", model, "--out", out]);
  t.is(run.code, 2);
  t.regex(run.stderr.trim(), /^threatloop: .*model\.yaml:\d+:\d+: invalid YAML: /);
  t.false(run.stderr.includes("    at "), "no stack trace");
  t.false(existsSync(out));
});

test("an unknown option is a usage error with exit 2", (t) => {
  const run = runCli(["eval", EXAMPLE_PLAN, "--no-such-flag"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /unknown option '--no-such-flag'/);
});

test("validate exits 2 and lists every problem", (t) => {
  const dir = temporaryDir();
  const text = readFileSync(EXAMPLE_MODEL, "utf8")
    .replace("components: [exports-bucket]", "components: [export-bucket]")
    .replace(
      "control: aws.iam.no-wildcard-admin\n        status: implemented\n\n",
      "control: aws.iam.no-such\n\n",
    );
  const run = runCli(["validate", "--model", write(dir, "m.yaml", text)]);
  t.is(run.code, 2);
  t.regex(
    run.stdout,
    new RegExp(
      'm\\.yaml:\\d+:\\d+: error: threat "TL-001" names unknown component "export-bucket" ' +
        '\\(hint: did you mean "exports-bucket"\\?\\)',
    ),
  );
  t.regex(run.stdout, /m\.yaml:\d+:\d+: error: unknown control "aws.iam.no-such"/);
});
