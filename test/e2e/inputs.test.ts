import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, runCli, temporaryDir } from "../helpers.js";

const EXAMPLE_CONFIG = join("fixtures", "example", "terraform");

interface Finding {
  threat: string;
  control: string;
  address: string;
  status: string;
  source?: { file: string; line: number };
}

function findings(input: string): { code: number | null; findings: Finding[]; stderr: string } {
  const run = runCli(["eval", input, "--model", EXAMPLE_MODEL, "--format", "json"]);
  const report = run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }) : undefined;
  return { code: run.code, findings: report?.findings ?? [], stderr: run.stderr };
}

const verdict = (f: Finding) => `${f.threat} ${f.control} ${f.address} ${f.status}`;

test("eval of the example's configuration folder gives the verdicts of its plan", (t) => {
  const fromConfig = findings(EXAMPLE_CONFIG);
  const fromPlan = findings(EXAMPLE_PLAN);
  t.is(fromConfig.code, 1, fromConfig.stderr);
  t.deepEqual(fromConfig.findings.map(verdict), fromPlan.findings.map(verdict));
});

test("findings read from configuration name the file and line of their resource block", (t) => {
  const { findings: all } = findings(EXAMPLE_CONFIG);
  t.true(all.length > 0);
  for (const finding of all) {
    const source = finding.source;
    if (!source) return t.fail(`no source on ${finding.address}`);
    const line = readFileSync(join(ROOT, source.file), "utf8").split("\n")[source.line - 1];
    const [type, name] = finding.address.split(".").slice(-2);
    t.is(line, `resource "${type}" "${name}" {`, finding.address);
  }
  const text = runCli(["eval", EXAMPLE_CONFIG, "--model", EXAMPLE_MODEL]);
  t.regex(text.stdout, /aws_s3_bucket\.exports {2}\(fixtures\/example\/terraform\/main\.tf:19\)/);
});

test("findings read from plan JSON carry no source", (t) => {
  t.true(findings(EXAMPLE_PLAN).findings.every((f) => f.source === undefined));
});

test("eval refuses a plan of an unsupported format version with exit code 2", (t) => {
  const file = join(temporaryDir(), "plan.json");
  writeFileSync(file, JSON.stringify({ format_version: "2.0", resource_changes: [] }));
  const run = runCli(["eval", file, "--model", EXAMPLE_MODEL]);
  t.is(run.code, 2);
  t.is(
    run.stderr,
    `threatloop: ${file}: format_version 2.0 is not supported: threatloop reads Terraform's ` +
      "JSON format 0.x and 1.x (hint: pass the output of terraform show -json)\n",
  );
});

test("eval reads a raw state file and judges the resources it holds", (t) => {
  const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8"));
  const bucket = plan.resource_changes.find(
    (rc: { address: string }) => rc.address === "aws_s3_bucket.access_logs",
  );
  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "e2e",
    resources: [
      {
        mode: "managed",
        type: "aws_s3_bucket",
        name: "access_logs",
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ schema_version: 0, attributes: { ...bucket.change.after, id: "acme" } }],
      },
    ],
  };
  const file = join(temporaryDir(), "terraform.tfstate");
  writeFileSync(file, JSON.stringify(state));
  const run = runCli(["eval", file, "--model", EXAMPLE_MODEL, "--format", "json"]);
  const report = JSON.parse(run.stdout) as { input: unknown; findings: Finding[] };
  t.like(report.input, { kind: "state", resources: 1 });
  t.deepEqual(report.findings.map(verdict), [
    "TL-002 aws.s3.public-access-blocked aws_s3_bucket.access_logs fail",
  ]);
});
