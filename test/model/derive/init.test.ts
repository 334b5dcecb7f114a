import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../../src/catalog/load.js";
import { deriveModel } from "../../../src/model/derive/derive.js";
import { internetExposure } from "../../../src/model/derive/exposure.js";
import { initModel } from "../../../src/model/derive/init-model.js";
import { readTerraformResources } from "../../../src/model/derive/plan.js";
import { EXAMPLE_PLAN, runCli, temporaryDir } from "../../helpers.js";

const { resources } = readTerraformResources(EXAMPLE_PLAN);

test("derives one component per resource block, satellites joined to their owner", (t) => {
  const derived = deriveModel(resources).components;
  const byId = new Map(derived.map((d) => [d.component.id, d]));
  t.deepEqual(byId.get("instance.api")?.members, [
    "aws_instance.api",
    "aws_security_group.api",
    "aws_vpc_security_group_ingress_rule.api_rdp_office",
  ]);
  t.deepEqual(byId.get("iam-role.api")?.members, [
    "aws_iam_instance_profile.api",
    "aws_iam_role.api",
    "aws_iam_role_policy.api_debug",
    "aws_iam_role_policy.api_exports",
  ]);
  t.deepEqual(byId.get("s3-bucket.exports")?.members, [
    "aws_s3_bucket.exports",
    "aws_s3_bucket_public_access_block.exports",
    "aws_s3_bucket_server_side_encryption_configuration.exports",
  ]);
});

test("puts the host whose security group admits 0.0.0.0/0 in the internet zone", (t) => {
  const derived = deriveModel(resources).components;
  const zones = Object.fromEntries(derived.map((d) => [d.component.id, d.component.trust_zone]));
  t.is(zones["instance.api"], "internet");
  t.is(zones["s3-bucket.exports"], "private");
});

test("derives flows from references and from the internet to exposed components", (t) => {
  const flows = deriveModel(resources).flows.map((f) => `${f.from} -> ${f.to}`);
  t.deepEqual(flows.sort(), [
    "iam-role.api -> s3-bucket.exports",
    "internet -> instance.api",
    "s3-bucket.exports -> kms-key.exports",
  ]);
});

const exposures: [string, string, Record<string, unknown>, string | undefined][] = [
  [
    "an open inline ingress",
    "aws_security_group",
    { ingress: [{ cidr_blocks: ["0.0.0.0/0"] }] },
    "x.y admits ingress from anywhere",
  ],
  [
    "a closed inline ingress",
    "aws_security_group",
    { ingress: [{ cidr_blocks: ["10.0.0.0/8"] }] },
    undefined,
  ],
  [
    "an open IPv6 rule",
    "aws_security_group_rule",
    { type: "ingress", ipv6_cidr_blocks: ["::/0"] },
    "x.y admits ingress from anywhere",
  ],
  [
    "an open egress rule",
    "aws_security_group_rule",
    { type: "egress", cidr_blocks: ["0.0.0.0/0"] },
    undefined,
  ],
  [
    "an internet-facing load balancer",
    "aws_lb",
    { internal: false },
    "x.y is an internet-facing load balancer",
  ],
  ["a load balancer whose scheme is unknown", "aws_lb", {}, undefined],
  ["a public-read bucket", "aws_s3_bucket", { acl: "public-read" }, "x.y has the public-read ACL"],
  [
    "a policy for every principal",
    "aws_s3_bucket_policy",
    { policy: '{"Statement":[{"Effect":"Allow","Principal":"*"}]}' },
    "x.y allows every principal",
  ],
  [
    "a private API",
    "aws_api_gateway_rest_api",
    { endpoint_configuration: [{ types: ["PRIVATE"] }] },
    undefined,
  ],
];

for (const [name, type, values, expected] of exposures) {
  test(`exposure of ${name}`, (t) => {
    t.is(internetExposure({ type, config: "x.y", values }), expected);
  });
}

test("suggests only catalog controls that check the component's resource types", (t) => {
  const { model } = initModel(resources, loadCatalog(), { name: "x", source: "p", schema: "s" });
  const pairs = model.threats.flatMap((threat) =>
    threat.controls.map((c) => `${threat.components[0]} ${c.control}`),
  );
  t.true(pairs.includes("s3-bucket.exports aws.s3.public-access-blocked"));
  t.true(pairs.includes("instance.api aws.ec2.no-internet-admin-ports"));
  t.true(pairs.includes("kms-key.exports aws.kms.rotation-enabled"));
  // The catalog has no control on subnets or Elastic IPs, so nothing is suggested for them.
  t.false(pairs.some((p) => p.startsWith("subnet.public") || p.startsWith("eip.office-vpn")));
});

test("init writes a model that validates against its own plan", (t) => {
  const out = join(temporaryDir(), "threatloop.yaml");
  const run = runCli(["init", "--from", EXAMPLE_PLAN, "-o", out]);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stderr, /derived 12 components, 3 flows and 22 suggested threats from 20 resources/);
  t.regex(readFileSync(out, "utf8"), /^# yaml-language-server: \$schema=/);
  const validate = runCli(["validate", "-m", out, "--plan", EXAMPLE_PLAN]);
  t.is(validate.code, 0, validate.stdout);
  t.regex(validate.stdout, /: 0 errors, 0 warnings \(22 threats, 12 components\)/);
});

test("init refuses to replace an existing model without --force", (t) => {
  const out = join(temporaryDir(), "threatloop.yaml");
  writeFileSync(out, "keep me\n");
  const run = runCli(["init", "--from", EXAMPLE_PLAN, "-o", out]);
  t.is(run.code, 2);
  t.regex(run.stderr, /threatloop\.yaml: the model file already exists \(hint: pass --force/);
  t.is(readFileSync(out, "utf8"), "keep me\n");
});
