import { execFileSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { writeFiles } from "../../src/io/write.js";
import { loadModel } from "../../src/model/load.js";
import { EXAMPLE_MODEL, opaPath, ROOT, temporaryDir } from "../helpers.js";

const catalog = loadCatalog();

test("generation is byte-identical across runs", (t) => {
  const first = generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog).files;
  const second = generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog).files;
  t.deepEqual(first, second);
});

test("the manifest traces every threat to its controls and rules", (t) => {
  const { manifest } = generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog);
  const threat = manifest.threats.find((x) => x.id === "TL-005");
  t.deepEqual(
    threat?.controls.map((c) => [c.id, c.rule, c.declared]),
    [
      [
        "aws.iam.no-wildcard-admin",
        "data.threatloop.threats.t_tl_005.c_aws_iam_no_wildcard_admin_0",
        "implemented",
      ],
      [
        "aws.ec2.no-internet-admin-ports",
        "data.threatloop.threats.t_tl_005.c_aws_ec2_no_internet_admin_ports_1",
        "planned",
      ],
    ],
  );
});

test("generated Rego passes opa fmt, opa check --strict and regal lint", (t) => {
  const { files } = generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog);
  const dir = temporaryDir();
  writeFiles(dir, files);
  const policies = join(dir, "policies");
  const opa = opaPath();
  t.is(execFileSync(opa, ["fmt", "-l", policies], { encoding: "utf8" }), "");
  const capabilities = join(ROOT, "policies", "capabilities.json");
  execFileSync(opa, ["check", "--strict", "--capabilities", capabilities, policies]);
  const regal = join(ROOT, ".tools", "bin", "regal");
  execFileSync(regal, ["lint", "--config-file", join(ROOT, ".regal", "config.yaml"), policies]);
  t.pass();
});

test("each control rule's METADATA names the control, the severity and the remediation", (t) => {
  const example = loadModel(EXAMPLE_MODEL, catalog).loaded;
  const [first] = example.model.threats;
  if (!first) throw new Error("the example has no threat");
  // Every catalog control in one threat, so that every remediation text is folded and read back.
  const controls = [...catalog.controls.keys()].sort().map((control) => ({ control }));
  const model = { ...example.model, threats: [{ ...first, controls }] };
  const { files, manifest } = generatePolicies({ ...example, model }, catalog);
  const dir = temporaryDir();
  writeFiles(dir, files);
  const inspected = JSON.parse(
    execFileSync(opaPath(), ["inspect", "-a", "--format", "json", join(dir, "policies")], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as { annotations: { annotations: { custom?: Record<string, string> } }[] };
  const annotated = inspected.annotations
    .map((a) => a.annotations.custom ?? {})
    .filter((custom) => custom.control !== undefined)
    .map((custom) => [custom.control, custom.severity, custom.remediation]);
  const expected = (manifest.threats[0]?.controls ?? []).map((c) => [
    c.id,
    c.severity,
    c.remediation,
  ]);
  t.is(annotated.length, catalog.controls.size);
  t.deepEqual(annotated.sort(), expected.sort());
  const rego = files.filter((f) => f.path.endsWith(".rego"));
  const longest = Math.max(
    ...rego.map((f) => Math.max(...f.content.split("\n").map((l) => l.length))),
  );
  t.true(longest <= 120, `a generated Rego line is ${longest} characters long`);
});
