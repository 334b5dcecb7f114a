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
