import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import test from "ava";
import { readTerraformTests } from "../../src/catalog/tftest-spec.js";
import type { Catalog, CatalogControl } from "../../src/catalog/types.js";
import { generateTerraformTests } from "../../src/generate/tftest.js";
import { readResource, specOperand } from "../../src/generate/tftest-check.js";
import { parse as parseHcl } from "../../src/inputs/hcl-parser.js";
import type { ThreatModel } from "../../src/model/types.js";
import { parseYaml } from "../../src/model/yaml-source.js";
import { runTerraform, temporaryDir, terraformAvailable } from "../helpers.js";

/**
 * Specs on the built-in terraform_data resource, whose `input` takes any value, so that nested
 * blocks, map keys and lists can be planned offline. Each case is one resource, one control and
 * one threat; `expected` is the verdict both the TypeScript reading and `terraform test` give.
 */
interface Case {
  name: string;
  spec: string;
  input: string;
  params?: Record<string, unknown>;
  expected: "pass" | "fail";
}

const TOKENS =
  "{ attribute: 'input.metadata_options[0].http_tokens', allowed: [required], default: optional }";
const SERIAL =
  `{ attribute: 'input.metadata["serial-port-enable"]', ` +
  `forbidden: [true, "true"], default: false }`;
const RETENTION = "{ attribute: input.retention, minimum: 7, param: days, default: 1 }";
const LOGS = "{ attribute: input.logs, includes: [api, audit], default: [] }";
const MEMBERS = "{ attribute: input.members, excludes: [allUsers], default: [] }";
const KEY = "{ attribute: 'input.encryption[0].key', set: true }";
const TLS = "{ attribute: 'input.site[0].tls', allowed: ['1.2', 1.2], default: '1.2' }";

const cases: Case[] = [
  {
    name: "nested-ok",
    spec: TOKENS,
    input: '{ metadata_options = [{ http_tokens = "required" }] }',
    expected: "pass",
  },
  {
    name: "nested-bad",
    spec: TOKENS,
    input: '{ metadata_options = [{ http_tokens = "optional" }] }',
    expected: "fail",
  },
  { name: "block-missing", spec: TOKENS, input: '{ other = "x" }', expected: "fail" },
  { name: "block-empty", spec: TOKENS, input: "{ metadata_options = [] }", expected: "fail" },
  {
    name: "key-ok",
    spec: SERIAL,
    input: '{ metadata = { "serial-port-enable" = "false" } }',
    expected: "pass",
  },
  {
    name: "key-bad",
    spec: SERIAL,
    input: '{ metadata = { "serial-port-enable" = "true" } }',
    expected: "fail",
  },
  { name: "minimum-ok", spec: RETENTION, input: "{ retention = 7 }", expected: "pass" },
  { name: "minimum-bad", spec: RETENTION, input: "{ retention = 3 }", expected: "fail" },
  {
    name: "minimum-param",
    spec: RETENTION,
    input: "{ retention = 14 }",
    params: { days: 30 },
    expected: "fail",
  },
  { name: "minimum-absent", spec: RETENTION, input: '{ other = "x" }', expected: "fail" },
  {
    name: "includes-ok",
    spec: LOGS,
    input: '{ logs = ["audit", "api", "scheduler"] }',
    expected: "pass",
  },
  { name: "includes-bad", spec: LOGS, input: '{ logs = ["api"] }', expected: "fail" },
  {
    name: "excludes-ok",
    spec: MEMBERS,
    input: '{ members = ["user:a@example.com"] }',
    expected: "pass",
  },
  {
    name: "excludes-bad",
    spec: MEMBERS,
    input: '{ members = ["user:a@example.com", "allUsers"] }',
    expected: "fail",
  },
  {
    name: "set-ok",
    spec: KEY,
    input: '{ encryption = [{ key = "arn:aws:kms:eu-west-1:111122223333:key/k" }] }',
    expected: "pass",
  },
  { name: "set-empty", spec: KEY, input: '{ encryption = [{ key = "" }] }', expected: "fail" },
  { name: "set-absent", spec: KEY, input: "{ encryption = [{}] }", expected: "fail" },
  { name: "typed-ok", spec: TLS, input: "{ site = [{ tls = 1.2 }] }", expected: "pass" },
  { name: "typed-bad", spec: TLS, input: '{ site = [{ tls = "1.0" }] }', expected: "fail" },
];

/** A control on terraform_data (and the types given) with a spec written as in the catalog. */
function specControl(id: string, spec: string, types = ["terraform_data"]): CatalogControl {
  const source = parseYaml(`${id}.yaml`, spec, "catalog");
  const params = {
    days: { description: "Days", default: 7 },
    names: { description: "Names", default: ["a"] },
  };
  return {
    id,
    title: `Control ${id}`,
    description: "A check on a data resource.",
    layer: "iaas",
    stride: ["tampering"],
    severity: "low",
    provider: "demo",
    service: "data",
    resource_types: types,
    rego: { package: "threatloop.controls.demo.data", function: "f", file: "demo/data.rego" },
    params,
    remediation: "Fix the input.",
    references: {},
    equivalents: {},
    related: {},
    examples: { good: [], bad: [] },
    tftest: readTerraformTests(source.value, { resource_types: types, params }, source, []),
  };
}

const controls = cases.map((c) => specControl(`demo.data.${c.name}`, c.spec));
const catalog: Catalog = { controls: new Map(controls.map((c) => [c.id, c])) };
const model = {
  version: 1,
  system: { name: "demo" },
  components: cases.map((c) => ({
    id: c.name,
    name: c.name,
    layer: "iaas",
    kind: "x",
    terraform: {
      types: ["terraform_data"],
      addresses: [`terraform_data.${c.name.replaceAll("-", "_")}`],
    },
  })),
  threats: cases.map((c) => ({
    id: `TL-${c.name}`,
    title: `Threat ${c.name}`,
    stride: ["tampering"],
    layer: "iaas",
    components: [c.name],
    severity: "low",
    controls: [{ control: `demo.data.${c.name}`, ...(c.params ? { params: c.params } : {}) }],
  })),
} as unknown as ThreatModel;

const source = cases
  .map(
    (c) =>
      `resource "terraform_data" "${c.name.replaceAll("-", "_")}" {\n  input = ${c.input}\n}\n`,
  )
  .join("\n");

async function generated() {
  const dir = temporaryDir();
  writeFileSync(join(dir, "main.tf"), source);
  const files = await generateTerraformTests(model, catalog, dir);
  for (const file of files) {
    writeFileSync(join(dir, file.path.replace(/^terraform\//, "")), file.content);
  }
  return { dir, files };
}

test("the TypeScript reading of each spec gives the expected verdict", async (t) => {
  const parsed = (await parseHcl("main.tf", source)) as {
    resource: { terraform_data: Record<string, Record<string, unknown>[]> };
  };
  const verdicts = cases.map((c, i) => {
    const spec = controls[i]?.tftest[0];
    const body = parsed.resource.terraform_data[c.name.replaceAll("-", "_")]?.[0] ?? {};
    if (!spec) return `${c.name}: no spec`;
    const reading = readResource(spec, specOperand(spec, c.params), body);
    return `${c.name}: ${"holds" in reading ? (reading.holds ? "pass" : "fail") : reading.state}`;
  });
  t.deepEqual(
    verdicts,
    cases.map((c) => `${c.name}: ${c.expected}`),
  );
});

test("a nested path goes through try; a missing block takes the default's verdict", async (t) => {
  const { files } = await generated();
  const content = files.find((f) => f.path === "terraform/t_tl_nested_ok.tftest.hcl")?.content;
  t.true(
    content?.includes(
      "condition     = alltrue([for r in [terraform_data.nested_ok] : " +
        "try(r.input.metadata_options[0].http_tokens, null) == null ? false : " +
        'contains(["required"], r.input.metadata_options[0].http_tokens)])',
    ),
    content,
  );
  const key = files.find((f) => f.path === "terraform/t_tl_key_bad.tftest.hcl")?.content;
  t.true(key?.includes('try(r.input.metadata["serial-port-enable"], null) == null ? true : '), key);
});

test("generation is deterministic and every file parses as HCL", async (t) => {
  const first = await generated();
  const second = await generated();
  t.deepEqual(first.files, second.files);
  t.is(first.files.length, cases.length);
  for (const file of first.files) {
    const parsed = (await parse("t.tftest.hcl", file.content)) as { run: Record<string, unknown> };
    t.is(Object.keys(parsed.run).length, 1, file.path);
  }
});

test("terraform test gives each spec the verdict the TypeScript reading gives", async (t) => {
  if (!terraformAvailable) {
    t.log("skipped: terraform is not on PATH, so the generated tests cannot run");
    t.pass();
    return;
  }
  const { dir, files } = await generated();
  const names = files.map((f) => f.path.replace(/^terraform\//, ""));
  t.is(runTerraform(dir, ["fmt", "-check", ...names]).status, 0);
  t.is(runTerraform(dir, ["init", "-input=false"]).status, 0);
  const result = runTerraform(dir, ["test", "-no-color"]);
  const outcomes = [...result.stdout.matchAll(/run "c_demo_data_([a-z_]+)_0"\.\.\. (pass|fail)/g)]
    .map((m) => `${(m[1] ?? "").replaceAll("_", "-")}: ${m[2]}`)
    .sort();
  t.deepEqual(
    outcomes,
    cases.map((c) => `${c.name}: ${c.expected}`).sort(),
    result.stdout + result.stderr,
  );
  // Every failure is the assertion's own, never an error evaluating the condition.
  const errors = [...(result.stdout + result.stderr).matchAll(/^Error: (.+)$/gm)].map((m) => m[1]);
  t.deepEqual(
    errors,
    cases.filter((c) => c.expected === "fail").map(() => "Test assertion failed"),
  );
});

test("each resource left to Rego is listed with why, and out-of-scope ones are not", async (t) => {
  const scoped = specControl(
    "demo.data.scoped",
    "{ attribute: 'site[0].tls', allowed: ['1.2'], default: '1.2', " +
      "when: { attribute: kind, allowed: [app], default: app } }",
  );
  const partial = specControl(
    "demo.data.partial",
    "{ types: [terraform_data], attribute: retention, minimum: 7, param: days, default: 1 }",
    ["terraform_data", "null_resource"],
  );
  partial.rego_only = "a null_resource is judged by its triggers";
  const two: Catalog = { controls: new Map([scoped, partial].map((c) => [c.id, c])) };
  const threat = (id: string, controls: { control: string; params?: unknown }[]) => ({
    id,
    title: id,
    stride: ["tampering"],
    layer: "iaas",
    components: ["all"],
    severity: "low",
    controls,
  });
  const listing = {
    version: 1,
    system: { name: "demo" },
    components: [
      {
        id: "all",
        name: "All",
        layer: "iaas",
        kind: "x",
        terraform: { types: ["terraform_data", "null_resource"] },
      },
    ],
    threats: [
      threat("TL-1", [{ control: "demo.data.scoped" }]),
      threat("TL-2", [
        { control: "demo.data.partial" },
        { control: "demo.data.partial", params: { days: "many" } },
      ]),
    ],
  } as unknown as ThreatModel;
  const dir = temporaryDir();
  writeFileSync(
    join(dir, "main.tf"),
    [
      'resource "terraform_data" "a_literal" {',
      '  site {\n    tls = "1.0"\n  }',
      "  retention = 3",
      "}",
      'resource "terraform_data" "b_reference" {',
      "  site {\n    tls = terraform_data.a_literal.output\n  }",
      "  retention = var.days",
      "}",
      'resource "terraform_data" "c_dynamic" {',
      '  dynamic "site" {\n    for_each = ["x"]\n    content {\n      tls = "1.2"\n    }\n  }',
      "}",
      'resource "terraform_data" "d_unset" {}',
      'resource "terraform_data" "e_gateway" {\n  kind = "gateway"\n}',
      'resource "terraform_data" "f_kind" {\n  kind = var.kind\n}',
      'resource "null_resource" "g" {}',
      "",
    ].join("\n"),
  );
  const files = await generateTerraformTests(listing, two, dir);
  const headers = files.map((f) => f.content.split("\n\n")[0]);
  t.deepEqual(headers, [
    [
      "# Generated by threatloop from the threat model; edit the model, not this file.",
      "# Left to the Rego policies:",
      "#   demo.data.scoped on terraform_data.b_reference: " +
        "site[0].tls is an expression, maybe known only at apply",
      "#   demo.data.scoped on terraform_data.c_dynamic: site[0].tls comes from a dynamic block",
      "#   demo.data.scoped on terraform_data.d_unset: " +
        "site[0].tls is not set; its default passes, but the provider may fill it in",
      "#   demo.data.scoped on terraform_data.f_kind: " +
        "kind (the control's scope) is an expression, maybe known only at apply",
    ].join("\n"),
    [
      "# Generated by threatloop from the threat model; edit the model, not this file.",
      "# Left to the Rego policies:",
      "#   demo.data.partial on null_resource: a null_resource is judged by its triggers",
      "#   demo.data.partial on terraform_data.b_reference: " +
        "retention is an expression, maybe known only at apply",
      "#   demo.data.partial on null_resource: a null_resource is judged by its triggers",
      "#   demo.data.partial: parameter days is not a number, as minimum needs",
    ].join("\n"),
  ]);
  t.deepEqual(
    files.map((f) => f.path),
    ["terraform/t_tl_1.tftest.hcl", "terraform/t_tl_2.tftest.hcl"],
  );
  t.true(
    files[1]?.content.includes(
      "for r in concat([terraform_data.a_literal], [terraform_data.c_dynamic], " +
        "[terraform_data.d_unset], [terraform_data.e_gateway], [terraform_data.f_kind])",
    ),
  );
});

test("parameter values from the model reach the HCL only as inert literals", async (t) => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation, on purpose
  const hostile = ["${var.x}", '"\n}\nrun "x" {\n', "%{ if true }", "é\u0000", { "${k}": ["]"] }];
  const named = specControl(
    "demo.data.named",
    "{ attribute: input, forbidden: [a], param: names }",
  );
  const dir = temporaryDir();
  writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "n" {\n  input = "b"\n}\n');
  const files = await generateTerraformTests(
    {
      version: 1,
      system: { name: "demo" },
      components: [
        { id: "n", name: "N", layer: "iaas", kind: "x", terraform: { types: ["terraform_data"] } },
      ],
      threats: [
        {
          id: "TL-1",
          title: "t",
          stride: ["tampering"],
          layer: "iaas",
          components: ["n"],
          severity: "low",
          controls: [{ control: named.id, params: { names: hostile } }],
        },
      ],
    } as unknown as ThreatModel,
    { controls: new Map([[named.id, named]]) },
    dir,
  );
  const content = files[0]?.content ?? "";
  const parsed = (await parse("t.tftest.hcl", content)) as {
    run: Record<string, { assert: { condition: string }[] }[]>;
  };
  t.deepEqual(Object.keys(parsed.run), ["c_demo_data_named_0"]);
  const condition = parsed.run.c_demo_data_named_0?.[0]?.assert[0]?.condition ?? "";
  // hclString doubles ${ and %{ and writes quotes and line breaks as escapes.
  const inert = '!contains(["$${var.x}", "\\"\\u000a}\\u000arun \\"x\\" {\\u000a", "%%{ if true }"';
  t.true(condition.includes(inert), condition);
  if (terraformAvailable) {
    writeFileSync(join(dir, "t.tftest.hcl"), content);
    t.is(runTerraform(dir, ["init", "-input=false"]).status, 0);
    const result = runTerraform(dir, ["test", "-no-color"]);
    t.regex(result.stdout, /1 passed, 0 failed/, result.stdout + result.stderr);
  }
});
