import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { sameValue } from "../../src/drift/canonical.js";
import { compareResources } from "../../src/drift/compare.js";
import { readSide, resource } from "../../src/drift/documents.js";
import { readIgnoreRules, rulesInForce } from "../../src/drift/ignore.js";
import { ThreatloopError } from "../../src/errors.js";
import { EXAMPLE_PLAN, ROOT, temporaryDir } from "../helpers.js";

const policy = (statement: object) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statement });

const same: [string, unknown, unknown][] = [
  [
    "reordered keys",
    policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
    policy([{ Resource: "*", Action: "s3:*", Effect: "Allow" }]),
  ],
  [
    "a single action and a list of one",
    policy({ Effect: "Allow", Action: "s3:Get", Resource: "*" }),
    policy({ Effect: "Allow", Action: ["s3:Get"], Resource: ["*"] }),
  ],
  [
    '"*" and {"AWS": "*"} principals',
    policy({ Effect: "Allow", Principal: "*", Action: "a", Resource: "r" }),
    policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "a", Resource: "r" }),
  ],
];
for (const [name, a, b] of same) {
  test(`canonical policies treat ${name} as the same`, (t) => t.true(sameValue(a, b)));
}

test("canonical policies still tell different principals apart", (t) => {
  t.false(
    sameValue(
      policy({ Effect: "Allow", Principal: "*", Action: "a" }),
      policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "a" }),
    ),
  );
});

const side = (
  values: Record<string, unknown>,
  extra: { unknown?: object; sensitive?: object } = {},
) =>
  resource({
    address: "aws_db_instance.x",
    module: "",
    type: "aws_db_instance",
    name: "x",
    index: null,
    values,
    unknown: { ...extra.unknown },
    sensitive: { ...extra.sensitive },
  });

test("compare skips computed and unknown attributes and treats empty values alike", (t) => {
  const result = compareResources(
    side(
      { arn: "a", kms_key_id: null, engine: "postgres", port: 5432 },
      { unknown: { port: true } },
    ),
    side({ arn: "b", kms_key_id: "", engine: "postgres", port: 5433 }),
    { partialDeployed: false, rules: [] },
  );
  t.deepEqual(result.diffs, []);
});

test("compare redacts sensitive values", (t) => {
  const result = compareResources(
    side({ password: "old" }, { sensitive: { password: true } }),
    side({ password: "new" }),
    { partialDeployed: false, rules: [] },
  );
  t.deepEqual(result.diffs, [
    { attribute: "password", desired: "(sensitive)", deployed: "(sensitive)" },
  ]);
});

test("ignore rules apply until they expire, and need a reason", (t) => {
  const dir = temporaryDir();
  const file = join(dir, "ignore.yaml");
  writeFileSync(
    file,
    [
      "ignore:",
      "  - {type: aws_db_instance, attribute: engine*,",
      "     reason: upgrade window, expires: 2026-12-31}",
      "  - {type: '*', attribute: tags, reason: owned by finance, expires: 2020-01-01}",
      "",
    ].join("\n"),
  );
  const { active, expired } = rulesInForce(readIgnoreRules(file), "2026-12-03");
  t.is(active.length, 1);
  t.is(expired[0]?.reason, "owned by finance");
  const result = compareResources(side({ engine_version: "14" }), side({ engine_version: "15" }), {
    partialDeployed: false,
    rules: active,
  });
  t.deepEqual(result, {
    diffs: [],
    ignored: [{ attribute: "engine_version", reason: "upgrade window" }],
  });
  writeFileSync(file, "ignore:\n  - {type: aws_db_instance, attribute: engine}\n");
  const error = t.throws(() => readIgnoreRules(file), { instanceOf: ThreatloopError });
  t.regex(error?.render() ?? "", /ignore\.yaml:2:5: ignore rule needs "reason"/);
});

test("reads a raw v4 state with its serial, lineage and instance keys", async (t) => {
  const file = join(temporaryDir(), "terraform.tfstate");
  writeFileSync(
    file,
    JSON.stringify({
      version: 4,
      serial: 7,
      lineage: "abc",
      resources: [
        {
          mode: "managed",
          type: "aws_s3_bucket",
          name: "b",
          module: "module.m",
          instances: [
            { index_key: "k.1", attributes: { bucket: "x" } },
            { index_key: 0, attributes: { bucket: "y" } },
          ],
        },
        { mode: "data", type: "aws_caller_identity", name: "me", instances: [{ attributes: {} }] },
      ],
    }),
  );
  const read = await readSide(file);
  t.is(read.serial, 7);
  t.is(read.lineage, "abc");
  t.deepEqual(
    read.resources.map((r) => [r.address, r.identity]),
    [
      ['module.m.aws_s3_bucket.b["k.1"]', "aws_s3_bucket:x"],
      ["module.m.aws_s3_bucket.b[0]", "aws_s3_bucket:y"],
    ],
  );
});

test("reads AWS Config items for buckets, groups and roles", async (t) => {
  const file = join(temporaryDir(), "config.json");
  writeFileSync(
    file,
    JSON.stringify({
      configurationItems: [
        {
          resourceType: "AWS::S3::Bucket",
          resourceName: "data",
          configuration: {},
          supplementaryConfiguration: {
            PublicAccessBlockConfiguration: {
              blockPublicAcls: true,
              blockPublicPolicy: false,
              ignorePublicAcls: true,
              restrictPublicBuckets: true,
            },
          },
        },
        {
          resourceType: "AWS::EC2::SecurityGroup",
          resourceId: "sg-1",
          configuration: {
            groupId: "sg-1",
            groupName: "web",
            ipPermissions: [
              {
                ipProtocol: "tcp",
                fromPort: 22,
                toPort: 22,
                ipv4Ranges: [{ cidrIp: "0.0.0.0/0" }],
              },
            ],
          },
        },
        { resourceType: "AWS::DynamoDB::Table", resourceName: "t" },
      ],
    }),
  );
  const read = await readSide(file);
  t.is(read.kind, "aws-config");
  t.deepEqual(
    read.resources.map((r) => r.identity),
    ["aws_s3_bucket:data", "aws_s3_bucket_public_access_block:data", "aws_security_group:sg-1"],
  );
});

test("a file that is none of the known shapes is an input error", async (t) => {
  const file = join(temporaryDir(), "x.json");
  writeFileSync(file, "[1, 2]");
  const error = await t.throwsAsync(readSide(file), { instanceOf: ThreatloopError });
  t.regex(
    error?.render() ?? "",
    /x\.json: not a plan, state, tfstate, live export or AWS Config file$/,
  );
});

test("reads a configuration folder as the desired side, with the plan's addresses", async (t) => {
  const folder = await readSide(join(ROOT, "fixtures", "example", "terraform"));
  const plan = await readSide(EXAMPLE_PLAN);
  t.is(folder.kind, "hcl");
  t.deepEqual(
    folder.resources.map((r) => r.address).sort(),
    plan.resources.map((r) => r.address).sort(),
  );
});
