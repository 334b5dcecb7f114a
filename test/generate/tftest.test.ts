import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import test from "ava";
import type { Catalog, CatalogControl } from "../../src/catalog/types.js";
import { generateTerraformTests } from "../../src/generate/tftest.js";
import type { ThreatModel } from "../../src/model/types.js";
import { runTerraform, temporaryDir, terraformAvailable } from "../helpers.js";

/** A control on the built-in terraform_data resource, the one `terraform test` can run offline. */
const control: CatalogControl = {
  id: "demo.data.input-approved",
  title: "Inputs are approved",
  description: "The input of every data resource is the word approved.",
  layer: "iaas",
  stride: ["tampering"],
  severity: "low",
  provider: "demo",
  service: "data",
  resource_types: ["terraform_data"],
  rego: { package: "threatloop.controls.demo.data", function: "approved", file: "demo/data.rego" },
  params: {},
  remediation: "Set input to approved.",
  references: {},
  equivalents: {},
  related: {},
  examples: { good: [], bad: [] },
  tftest: [
    {
      attribute: "input",
      path: ["input"],
      operator: "allowed",
      operand: ["approved"],
      default: "",
      types: ["terraform_data"],
    },
  ],
};
const catalog: Catalog = { controls: new Map([[control.id, control]]) };

const model = {
  version: 1,
  system: { name: "demo" },
  components: [
    {
      id: "data",
      name: "Data",
      layer: "iaas",
      kind: "x",
      terraform: { types: ["terraform_data"] },
    },
  ],
  threats: [
    {
      id: "TL-1",
      title: "Inputs are forged",
      stride: ["tampering"],
      layer: "iaas",
      components: ["data"],
      severity: "low",
      controls: [{ control: control.id }],
    },
  ],
} as unknown as ThreatModel;

async function testConfiguration(input: string) {
  const dir = temporaryDir();
  const source = [
    'resource "terraform_data" "one" {',
    '  input = "approved"',
    "}",
    "",
    'resource "terraform_data" "many" {',
    "  count = 2",
    `  input = ${input}`,
    "}",
    "",
    'resource "terraform_data" "later" {',
    "  input = terraform_data.one.id",
    "}",
    "",
  ].join("\n");
  writeFileSync(join(dir, "main.tf"), source);
  const files = await generateTerraformTests(model, catalog, dir);
  for (const file of files)
    writeFileSync(join(dir, file.path.replace(/^terraform\//, "")), file.content);
  return { dir, files };
}

test("a threat's .tftest.hcl asserts literal attributes and leaves the rest to Rego", async (t) => {
  const { files } = await testConfiguration('"approved"');
  t.deepEqual(
    files.map((f) => f.path),
    ["terraform/t_tl_1.tftest.hcl"],
  );
  const content = files[0]?.content ?? "";
  t.true(
    content.includes(
      "#   demo.data.input-approved on terraform_data.later: " +
        "input is an expression, maybe known only at apply",
    ),
  );
  t.true(content.includes("for r in concat(terraform_data.many, [terraform_data.one])"));
  t.true(content.includes('error_message = "TL-1 demo.data.input-approved: Inputs are approved"'));
  const parsed = (await parse("t.tftest.hcl", content)) as { run: Record<string, unknown> };
  t.deepEqual(Object.keys(parsed.run), ["c_demo_data_input_approved_0"]);
});

test("terraform fmt accepts the file and terraform test passes a good configuration", async (t) => {
  if (!terraformAvailable) {
    t.log("skipped: terraform is not on PATH, so the generated tests cannot run");
    t.pass();
    return;
  }
  const { dir } = await testConfiguration('"approved"');
  t.is(runTerraform(dir, ["fmt", "-check", "t_tl_1.tftest.hcl"]).status, 0);
  t.is(runTerraform(dir, ["init", "-input=false"]).status, 0);
  const result = runTerraform(dir, ["test"]);
  t.is(result.status, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /1 passed, 0 failed/);
});

test("terraform test fails a configuration whose count instances break the control", async (t) => {
  if (!terraformAvailable) {
    t.log("skipped: terraform is not on PATH, so the generated tests cannot run");
    t.pass();
    return;
  }
  const { dir } = await testConfiguration('"rejected"');
  t.is(runTerraform(dir, ["init", "-input=false"]).status, 0);
  const result = runTerraform(dir, ["test"]);
  t.is(result.status, 1);
  t.regex(result.stdout + result.stderr, /TL-1 demo\.data\.input-approved: Inputs are approved/);
});

test("a configuration folder that cannot be read is an input error naming it", async (t) => {
  const missing = join(temporaryDir(), "absent");
  const error = await t.throwsAsync(generateTerraformTests(model, catalog, missing));
  t.is(error?.message, "cannot read the Terraform configuration folder");
});

test("a configuration file that is not HCL is an input error naming the file", async (t) => {
  const dir = temporaryDir();
  writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {\n');
  const error = await t.throwsAsync(generateTerraformTests(model, catalog, dir));
  t.regex(error?.message ?? "", /^not valid HCL: .*Unclosed configuration block/);
});

test("an inline assertion is listed among the checks left to Rego, with the reason", async (t) => {
  const dir = temporaryDir();
  writeFileSync(
    join(dir, "main.tf"),
    'resource "terraform_data" "one" {\n  input = "approved"\n}\n',
  );
  const threat = model.threats[0];
  const withAssertion = {
    ...model,
    threats: [
      {
        ...threat,
        controls: [
          { control: control.id },
          {
            id: "input-set",
            assert: {
              resource_type: "terraform_data",
              conditions: [{ path: "input", op: "exists" }],
            },
          },
        ],
      },
    ],
  } as ThreatModel;
  const files = await generateTerraformTests(withAssertion, catalog, dir);
  const content = files[0]?.content ?? "";
  t.true(
    content.includes(
      "# Left to the Rego policies:\n" +
        "#   inline:input-set: inline assertion; " +
        "judged by Rego, which follows references and unknowns\n",
    ),
    content,
  );
  const parsed = (await parse("t.tftest.hcl", content)) as { run: Record<string, unknown> };
  t.deepEqual(Object.keys(parsed.run), ["c_demo_data_input_approved_0"]);
});

test("a threat with every check left to Rego gets a file of reasons that runs empty", async (t) => {
  const dir = temporaryDir();
  writeFileSync(
    join(dir, "main.tf"),
    'resource "terraform_data" "one" {\n  input = "approved"\n}\n',
  );
  const threat = model.threats[0];
  const onlyAssertion = {
    ...model,
    threats: [
      {
        ...threat,
        controls: [
          {
            id: "input-set",
            assert: {
              resource_type: "terraform_data",
              conditions: [{ path: "input", op: "exists" }],
            },
          },
        ],
      },
    ],
  } as ThreatModel;
  const [file, ...others] = await generateTerraformTests(onlyAssertion, catalog, dir);
  t.is(others.length, 0);
  const content = file?.content ?? "";
  t.is(
    content,
    "# Generated by threatloop from the threat model; edit the model, not this file.\n" +
      "# Left to the Rego policies:\n" +
      "#   inline:input-set: inline assertion; " +
      "judged by Rego, which follows references and unknowns\n" +
      "# No check of this threat can be made by terraform test at plan time.\n",
  );
  t.deepEqual(await parse("t.tftest.hcl", content), {});
  const nothingBound = { ...model, threats: [{ ...threat, components: [] }] } as ThreatModel;
  t.deepEqual(await generateTerraformTests(nothingBound, catalog, dir), []);
  if (!terraformAvailable) {
    t.log("terraform is not on PATH: the file is not run");
    return;
  }
  writeFileSync(join(dir, "t_tl_1.tftest.hcl"), content);
  t.is(runTerraform(dir, ["fmt", "-check", "t_tl_1.tftest.hcl"]).status, 0);
  t.is(runTerraform(dir, ["init", "-input=false"]).status, 0);
  const result = runTerraform(dir, ["test"]);
  t.is(result.status, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /0 passed, 0 failed/);
});
