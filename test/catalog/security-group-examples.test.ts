import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { examplePlan } from "../../src/generate/example-plan.js";
import { opaPath, ROOT, temporaryDir } from "../helpers.js";

const catalog = loadCatalog();

/** Each resource's status under a control function of the ec2 package, on a plan. */
function verdicts(rule: string, plan: object): string[][] {
  const dir = temporaryDir();
  const input = join(dir, "plan.json");
  writeFileSync(input, JSON.stringify(plan));
  const query =
    "[[a, v.status] | some a, r in data.threatloop.lib.resources; " +
    `v := data.threatloop.controls.aws.ec2.${rule}(r, {})]`;
  const run = spawnSync(
    opaPath(),
    ["eval", "--format", "json", "--ignore", "*.yaml", "--ignore", "*_test.rego"]
      .concat(["-d", join(ROOT, "policies"), "-d", join(ROOT, "generators", "catalog")])
      .concat(["-i", input, query]),
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  const out = JSON.parse(run.stdout) as { result: { expressions: { value: string[][] }[] }[] };
  return (out.result[0]?.expressions[0]?.value ?? []).sort();
}

const cases = [
  {
    control: "aws.ec2.no-internet-admin-ports",
    rule: "admin_ports_closed",
    rules: ["aws_security_group_rule.ssh_v6", "aws_vpc_security_group_ingress_rule.rdp"],
  },
  {
    control: "aws.ec2.no-internet-all-ports",
    rule: "all_ports_closed",
    rules: ["aws_security_group_rule.tcp", "aws_vpc_security_group_ingress_rule.any"],
  },
  {
    control: "aws.ec2.internet-ingress-allowed-ports",
    rule: "internet_ingress_allowed_ports",
    rules: ["aws_security_group_rule.ping", "aws_vpc_security_group_ingress_rule.dns"],
  },
];

for (const { control: id, rule, rules } of cases) {
  test(`${id}: the group and each rule resource opening it fail at their address`, async (t) => {
    const control = catalog.controls.get(id);
    const hcl = control?.examples.bad[1];
    if (hcl === undefined) return t.fail(`${id} has no second bad example`);
    const plan = await examplePlan(hcl, `${id}.bad.1.tf`);
    const expected = ["aws_security_group.web", ...rules].map((a) => [a, "fail"]).sort();
    t.deepEqual(verdicts(rule, plan), expected);
  });
}
