import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadDeferred, updateDeferred } from "../../src/gate/deferred.js";
import { decideGate } from "../../src/gate/gate.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, runCli, temporaryDir } from "../helpers.js";

const finding = (address: string, status: "pass" | "fail" | "unknown") => ({
  threat: "T",
  control: "c",
  severity: "high" as const,
  status,
  address,
  attribute: "policy",
  message: "m",
});

test("--unknown defer lets unknown verdicts through as deferred, not tolerated", (t) => {
  const gate = decideGate([finding("a", "unknown")], { failOn: "low", unknown: "defer" });
  t.true(gate.passed);
  t.is(gate.findings[0]?.disposition, "deferred");
  t.is(
    decideGate([finding("a", "unknown")], { failOn: "low", unknown: "warn" }).findings[0]
      ?.disposition,
    "tolerated",
  );
});

test("deferrals are kept until an evaluation decides them, then reported", (t) => {
  const plan = decideGate([finding("a", "unknown"), finding("b", "unknown")], {
    failOn: "low",
    unknown: "defer",
  });
  const first = updateDeferred(loadDeferred(join(temporaryDir(), "none.json")), plan.findings, {
    now: "t1",
    input: "plan.json",
  });
  t.deepEqual(first.file.deferred.map((e) => `${e.address} ${e.since}`).sort(), ["a t1", "b t1"]);
  const state = decideGate([finding("a", "fail")], { failOn: "low", unknown: "defer" });
  const second = updateDeferred(first.file, state.findings, { now: "t2", input: "state.json" });
  t.deepEqual(
    second.resolved.map((r) => [r.entry.address, r.status]),
    [["a", "fail"]],
  );
  t.deepEqual(
    second.file.deferred.map((e) => e.address),
    ["b"],
  );
  t.false(state.passed);
});

test("a deferred unknown of the plan is decided by the state after apply", (t) => {
  const dir = temporaryDir();
  const deferred = join(dir, "deferred.json");
  const plan = runCli([
    "eval",
    EXAMPLE_PLAN,
    "-m",
    EXAMPLE_MODEL,
    "--unknown",
    "defer",
    "--deferred",
    deferred,
    "--no-history",
  ]);
  t.is(plan.code, 1, plan.stderr);
  const file = JSON.parse(readFileSync(deferred, "utf8"));
  t.deepEqual(file.deferred.map((e: { address: string }) => e.address).sort(), [
    "aws_iam_role_policy.api_exports",
    "aws_vpc_security_group_ingress_rule.api_rdp_office",
  ]);
  t.regex(plan.stderr, /2 verdicts deferred to state in .*deferred\.json/);

  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  });
  const state = join(dir, "state.json");
  writeFileSync(
    state,
    JSON.stringify({
      format_version: "1.0",
      values: {
        root_module: {
          resources: [
            {
              address: "aws_iam_role_policy.api_exports",
              mode: "managed",
              type: "aws_iam_role_policy",
              name: "api_exports",
              provider_name: "registry.terraform.io/hashicorp/aws",
              values: { name: "exports-bucket-objects", role: "customer-exports-api", policy },
              sensitive_values: {},
            },
            {
              // The office VPN's address, known once the Elastic IP exists.
              address: "aws_vpc_security_group_ingress_rule.api_rdp_office",
              mode: "managed",
              type: "aws_vpc_security_group_ingress_rule",
              name: "api_rdp_office",
              provider_name: "registry.terraform.io/hashicorp/aws",
              values: {
                security_group_id: "sg-0123456789abcdef0",
                ip_protocol: "tcp",
                from_port: 3389,
                to_port: 3389,
                cidr_ipv4: "198.51.100.7/32",
              },
              sensitive_values: {},
            },
          ],
        },
      },
    }),
  );
  const after = runCli([
    "eval",
    state,
    "-m",
    EXAMPLE_MODEL,
    "--unknown",
    "defer",
    "--deferred",
    deferred,
    "--no-history",
  ]);
  t.is(after.code, 1);
  t.regex(
    after.stderr,
    /deferred TL-003 aws\.iam\.no-wildcard-admin aws_iam_role_policy\.api_exports FAILS now/,
  );
  t.deepEqual(JSON.parse(readFileSync(deferred, "utf8")).deferred, []);
});

test("a file that is not a deferral file is refused with its name", (t) => {
  const file = join(temporaryDir(), "d.json");
  writeFileSync(file, '{"schema": "other"}');
  const run = runCli([
    "eval",
    EXAMPLE_PLAN,
    "-m",
    EXAMPLE_MODEL,
    "--deferred",
    file,
    "--no-history",
  ]);
  t.is(run.code, 2);
  t.regex(
    run.stderr,
    /d\.json: not a deferral file \(expected schema "threatloop\.deferred\/v1"\)/,
  );
});
