import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, runCli, temporaryDir } from "../helpers.js";
import { junitErrors, sarifErrors } from "../report/validators.js";

const evalArgs = (...extra: string[]) => ["eval", EXAMPLE_PLAN, "--model", EXAMPLE_MODEL, ...extra];

const waiversFile = (dir: string, expires: string, extra = ""): string => {
  const file = join(dir, "waivers.yaml");
  writeFileSync(
    file,
    `version: 1
waivers:
  - id: W-debug
    match: { control: aws.iam.no-wildcard-admin, address: "aws_iam_role_policy.api_*" }
    owner: platform-team
    reason: break-glass role is replaced in Q3
    ticket: SEC-42
    expires: ${expires}
${extra}`,
  );
  return file;
};

test("eval writes several valid reports in one run, located on resource blocks", async (t) => {
  const dir = temporaryDir();
  const run = runCli(
    evalArgs(
      "--source-dir",
      "fixtures/example/terraform",
      "--report",
      `sarif=${join(dir, "out.sarif")}`,
      "--report",
      `junit=${join(dir, "out.xml")}`,
      "--report",
      `markdown=${join(dir, "pr.md")}`,
      "--format",
      "github",
    ),
  );
  t.is(run.code, 1, run.stderr);
  t.true(
    run.stdout.includes(
      "::error file=fixtures/example/terraform/main.tf,line=117,title=TL-003 " +
        "aws.iam.no-wildcard-admin (critical%2C fail)::aws_iam_role_policy.api_debug: ",
    ),
    run.stdout,
  );
  const sarif = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8"));
  t.deepEqual(sarifErrors(sarif), []);
  t.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation, {
    artifactLocation: { uri: "fixtures/example/terraform/main.tf", uriBaseId: "SRCROOT" },
    region: { startLine: 19 },
  });
  t.deepEqual(await junitErrors(readFileSync(join(dir, "out.xml"), "utf8")), []);
  t.true(readFileSync(join(dir, "pr.md"), "utf8").startsWith("## threatloop: gate FAILED"));
});

test("a waiver in force lets the gate pass only on what it covers", (t) => {
  const dir = temporaryDir();
  const waivers = waiversFile(dir, "2999-12-31");
  const run = runCli(evalArgs("--waivers", waivers, "--fail-on", "critical"));
  t.is(run.code, 0, run.stdout);
  t.true(run.stdout.includes("aws_iam_role_policy.api_debug  (waived by W-debug)"));
  t.true(run.stdout.includes("gate: passed (fail-on critical, unknown warn); exit code 0"));
});

test("an expired waiver fails the gate and says which one", (t) => {
  const dir = temporaryDir();
  const waivers = waiversFile(dir, "2001-01-01");
  const run = runCli(evalArgs("--waivers", waivers, "--fail-on", "critical"));
  t.is(run.code, 1);
  t.true(
    run.stdout.includes(
      `waiver W-debug (${waivers}:3:5) expired on 2001-01-01; owner platform-team, ` +
        "ticket SEC-42: renew or remove it",
    ),
    run.stdout,
  );
});

test("a waiver that matches nothing is reported", (t) => {
  const dir = temporaryDir();
  const extra = `  - id: W-stale
    match: { module: module.gone }
    owner: o
    reason: r
    ticket: T
    expires: 2999-01-01
`;
  const run = runCli(evalArgs("--waivers", waiversFile(dir, "2999-12-31", extra)));
  t.regex(run.stdout, /waiver W-stale \(.*waivers\.yaml:9:5\) matches no failing finding/);
});

test("a baseline fails only new findings and reports the fixed ones", (t) => {
  const dir = temporaryDir();
  const baseline = join(dir, "baseline.json");
  t.is(runCli(evalArgs("--write-baseline", baseline, "--format", "json")).code, 1);
  const recorded = JSON.parse(readFileSync(baseline, "utf8"));
  t.is(recorded.findings.length, 5);

  t.is(runCli(evalArgs("--baseline", baseline)).code, 0);

  recorded.findings = recorded.findings.filter(
    (e: { address: string }) => e.address !== "aws_security_group.api",
  );
  const exports = recorded.findings.find(
    (e: { address: string }) => e.address === "aws_s3_bucket.exports",
  );
  recorded.findings.push({ ...exports, fingerprint: "f".repeat(32), address: "gone" });
  writeFileSync(baseline, JSON.stringify(recorded));
  const run = runCli(evalArgs("--baseline", baseline));
  t.is(run.code, 1);
  t.true(run.stdout.includes("aws_security_group.api  (new)"));
  t.true(run.stdout.includes("fixed since the baseline: TL-001 aws.s3.public-access-blocked gone"));
  t.true(run.stdout.includes("gate: FAILED on 1 verdict(s)"));
});

test("the config file sets the gate, and the command line overrides it", (t) => {
  const dir = temporaryDir();
  writeFileSync(
    join(dir, "threatloop.config.yaml"),
    "version: 1\ngate: { fail_on: critical }\nenforcement: { threats: { TL-003: advisory } }\n",
  );
  const env = { cwd: dir };
  t.is(runCli(evalArgs(), env).code, 0);
  t.is(runCli(evalArgs("--fail-on", "high"), env).code, 1);
  const json = JSON.parse(runCli(evalArgs("--format", "json"), env).stdout);
  t.is(
    json.findings.find((f: { address: string }) => f.address === "aws_iam_role_policy.api_debug")
      .disposition,
    "advisory",
  );
});

test("the model can make a threat advisory, and the config file overrides it", (t) => {
  const dir = temporaryDir();
  const model = join(dir, "threatloop.yaml");
  writeFileSync(
    model,
    readFileSync(EXAMPLE_MODEL, "utf8").replace(
      "    owner: platform-team\n    controls:\n      - control: aws.iam.no-wildcard-admin",
      "    owner: platform-team\n    enforcement: advisory\n    controls:\n" +
        "      - control: aws.iam.no-wildcard-admin",
    ),
  );
  const args = ["eval", EXAMPLE_PLAN, "--model", model, "--format", "json"];
  const dispositionOf = (stdout: string) =>
    JSON.parse(stdout).findings.find(
      (f: { address: string }) => f.address === "aws_iam_role_policy.api_debug",
    ).disposition;
  t.is(dispositionOf(runCli(args).stdout), "advisory");
  const config = join(dir, "c.yaml");
  writeFileSync(config, "version: 1\nenforcement: { threats: { TL-003: mandatory } }\n");
  t.is(dispositionOf(runCli([...args, "--config", config]).stdout), "blocking");
});

const usageCases: [string, string[], string][] = [
  [
    "a malformed --report",
    ["--report", "sarif"],
    'threatloop: --report "sarif" is not format=file (hint: formats: text, json, sarif, junit, ' +
      "github, markdown; for example --report sarif=threatloop.sarif)",
  ],
  [
    "a missing waivers file",
    ["--waivers", "missing.yaml"],
    "threatloop: missing.yaml: cannot read the waivers file: file not found",
  ],
  [
    "a missing baseline",
    ["--baseline", "missing.json"],
    "threatloop: missing.json: cannot read the baseline: file not found " +
      "(hint: write one with --write-baseline)",
  ],
  [
    "a missing source folder",
    ["--source-dir", "missing-dir"],
    "threatloop: missing-dir: cannot read the source folder " +
      "(hint: --source-dir names the folder of the Terraform configuration)",
  ],
];
for (const [name, extra, message] of usageCases) {
  test(`eval refuses ${name} with one line and exit 2, writing no report`, (t) => {
    const dir = temporaryDir();
    const sarif = join(dir, "out.sarif");
    const run = runCli(evalArgs("--report", `sarif=${sarif}`, ...extra));
    t.is(run.code, 2);
    t.is(run.stderr.trim(), message);
    t.false(existsSync(sarif));
  });
}

test("eval refuses a report it cannot write with one line and exit 2", (t) => {
  const run = runCli(evalArgs("--report", `sarif=${EXAMPLE_PLAN}/out.sarif`));
  t.is(run.code, 2);
  t.is(
    run.stderr.trim(),
    `threatloop: ${EXAMPLE_PLAN}/out.sarif: cannot write the report: ` +
      "a folder on its path is a file",
  );
});

test("an evaluation error never passes the gate", (t) => {
  const dir = temporaryDir();
  const plan = join(dir, "plan.json");
  writeFileSync(plan, '{"format_version": "1.2", "resource_changes": [');
  const run = runCli([
    "eval",
    plan,
    "--model",
    EXAMPLE_MODEL,
    "--report",
    `junit=${join(dir, "j.xml")}`,
  ]);
  t.is(run.code, 2);
  t.false(existsSync(join(dir, "j.xml")));
  t.is(run.stdout, "");
});

test("the example config and waivers follow their schemas and gate the example", (t) => {
  // The copies keep the example's waivers in force whatever the date the test runs on.
  const dir = temporaryDir();
  const example = join(ROOT, "fixtures", "example");
  const config = join(dir, "threatloop.config.yaml");
  writeFileSync(config, readFileSync(join(example, "threatloop.config.yaml")));
  writeFileSync(
    join(dir, "threatloop.waivers.yaml"),
    readFileSync(join(example, "threatloop.waivers.yaml"), "utf8").replace(
      /expires: \d{4}/g,
      "expires: 2999",
    ),
  );
  const run = runCli(evalArgs("--config", config, "--format", "json"));
  t.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  const waived = report.findings.filter((f: { disposition: string }) => f.disposition === "waived");
  t.deepEqual(
    waived.map((f: { address: string; waiver: string }) => `${f.waiver} ${f.address}`),
    ["W-001 aws_iam_role_policy.api_debug"],
  );
  t.deepEqual(
    report.gate.unused_waivers.map((w: { id: string }) => w.id),
    ["W-002"],
  );
});
