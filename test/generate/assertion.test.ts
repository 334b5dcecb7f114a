import { execFileSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { assertionRemediation, assertionSpec, pathSteps } from "../../src/generate/assertion.js";
import { generateExampleTests } from "../../src/generate/example-tests.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { writeFiles } from "../../src/io/write.js";
import { loadModel } from "../../src/model/load.js";
import type { Assertion } from "../../src/model/types.js";
import { opaPath, ROOT, temporaryDir } from "../helpers.js";

const catalog = loadCatalog();
const MODEL = join(ROOT, "fixtures", "assertions", "threatloop.yaml");

async function generateAll() {
  const loaded = loadModel(MODEL, catalog).loaded;
  const extraFiles = await generateExampleTests(loaded.model, catalog);
  return generatePolicies(loaded, catalog, { extraFiles });
}

test("generation of assertions and their tests is byte-identical across runs", async (t) => {
  const first = await generateAll();
  const second = await generateAll();
  t.deepEqual(first.files, second.files);
});

const paths: [string, (string | number)[]][] = [
  ["acl", ["acl"]],
  ["versioning_configuration.0.status", ["versioning_configuration", 0, "status"]],
  ["rule.10.x_1", ["rule", 10, "x_1"]],
];
for (const [path, steps] of paths) {
  test(`the path ${path} splits into ${JSON.stringify(steps)}`, (t) => {
    t.deepEqual(pathSteps(path), steps);
  });
}

test("an assertion's spec fills in the defaults of relation, via and require", (t) => {
  const spec = assertionSpec({
    resource_type: "aws_s3_bucket",
    conditions: [{ path: "acl", op: "exists" }],
  });
  t.deepEqual(spec, {
    type: "aws_s3_bucket",
    relation: "self",
    via: "",
    require: "all",
    conditions: [{ path: ["acl"], text: "acl", op: "exists", value: null }],
  });
});

const remediations: [string, Assertion, string][] = [
  [
    "all on references",
    {
      resource_type: "aws_s3_bucket_versioning",
      relation: "references",
      via: "bucket",
      conditions: [{ path: "versioning_configuration.0.status", op: "equals", value: "Enabled" }],
    },
    "Make every one of the aws_s3_bucket_versioning resources whose bucket refers to the " +
      'components\' resources meet: versioning_configuration.0.status equals "Enabled".',
  ],
  [
    "any on referenced-by without conditions",
    { resource_type: "aws_kms_key", relation: "referenced-by", via: "kms_key_id", require: "any" },
    "Add the aws_kms_key resources the components' kms_key_id refers to; the model asserts " +
      "that one exists.",
  ],
  [
    "none on self",
    { resource_type: "aws_eip", require: "none" },
    "Remove the components' aws_eip resources; the model asserts that none exists.",
  ],
];
for (const [name, assertion, text] of remediations) {
  test(`the fix line of an assertion says what to change: ${name}`, (t) => {
    t.is(assertionRemediation(assertionSpec(assertion)), text);
  });
}

test("the manifest lists assertions under inline: ids with their rules and types", async (t) => {
  const { manifest } = await generateAll();
  const threat = manifest.threats.find((x) => x.id === "TA-1");
  t.deepEqual(
    threat?.controls.map((c) => [c.id, c.rule, c.resource_types, c.params]),
    [
      [
        "inline:blocks-public-policies",
        "data.threatloop.threats.t_ta_1.c_inline_blocks_public_policies_0",
        ["aws_s3_bucket_public_access_block"],
        {},
      ],
      [
        "inline:kms-encrypted",
        "data.threatloop.threats.t_ta_1.c_inline_kms_encrypted_1",
        ["aws_s3_bucket_server_side_encryption_configuration"],
        {},
      ],
    ],
  );
});

test("an assertion named like a catalog control stays apart from it", async (t) => {
  const loaded = loadModel(MODEL, catalog).loaded;
  const threat = loaded.model.threats[0];
  if (!threat) throw new Error("the fixture has threats");
  const use = { control: "aws.s3.public-access-blocked" };
  const impostor = { ...threat.controls[0], id: "aws.s3.public-access-blocked" };
  const model = { ...loaded.model, threats: [{ ...threat, controls: [use, impostor] }] };
  const { manifest } = generatePolicies({ ...loaded, model }, catalog);
  t.deepEqual(
    manifest.threats[0]?.controls.map((c) => c.id),
    ["aws.s3.public-access-blocked", "inline:aws.s3.public-access-blocked"],
  );
});

test("generated assertion Rego and tests pass opa fmt, check, test and regal lint", async (t) => {
  const { files } = await generateAll();
  const dir = temporaryDir();
  writeFiles(dir, files);
  const opa = opaPath();
  t.is(execFileSync(opa, ["fmt", "-l", dir], { encoding: "utf8" }), "");
  const capabilities = join(ROOT, "policies", "capabilities.json");
  execFileSync(opa, ["check", "--strict", "--capabilities", capabilities, dir]);
  const regal = join(ROOT, ".tools", "bin", "regal");
  execFileSync(regal, ["lint", "--config-file", join(ROOT, ".regal", "config.yaml"), dir]);
  const tested = execFileSync(opa, ["test", "--capabilities", capabilities, dir], {
    encoding: "utf8",
  });
  t.regex(tested, /PASS: 8\/8/);
});
