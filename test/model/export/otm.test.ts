import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import test from "ava";
import { loadCatalog } from "../../../src/catalog/load.js";
import { exportOtm, verdictKey } from "../../../src/model/export/otm.js";
import { importThreatModelFile } from "../../../src/model/import/index.js";
import { loadModel } from "../../../src/model/load.js";
import { CORPUS, EXAMPLE_MODEL, EXAMPLE_PLAN, runCli, temporaryDir } from "../../helpers.js";

const catalog = loadCatalog();
const { loaded } = loadModel(EXAMPLE_MODEL, catalog);

test("the export is valid against the OTM JSON Schema Threat Dragon ships", (t) => {
  const schema = JSON.parse(
    readFileSync(
      join(CORPUS, "threat-dragon/td.vue/src/assets/schema/open-threat-model.schema.json"),
      "utf8",
    ),
  );
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  t.true(validate(exportOtm(loaded.model, catalog)), JSON.stringify(validate.errors));
});

test("carries declared status, observed status and last verdicts in attributes", (t) => {
  const verdicts = new Map([
    [verdictKey("TL-003", "aws.iam.no-wildcard-admin"), { pass: 1, fail: 1, unknown: 1 }],
  ]);
  const otm = exportOtm(loaded.model, catalog, { verdicts });
  const mitigation = otm.mitigations.find((m) => m.id === "TL-003:aws.iam.no-wildcard-admin");
  t.deepEqual(mitigation?.attributes, {
    threatloop_control: "aws.iam.no-wildcard-admin",
    threatloop_declared_status: "implemented",
    threatloop_observed_status: "fail",
    threatloop_last_verdicts: "pass 1, fail 1, unknown 1",
  });
  t.is(otm.threats.find((th) => th.id === "TL-003")?.attributes.threatloop_verdict, "exposed");
  t.is(otm.threats.find((th) => th.id === "TL-001")?.attributes.threatloop_verdict, "unknown");
});

test("an exported model imports back with its components, flows, threats and controls", (t) => {
  const file = join(temporaryDir(), "model.otm.json");
  writeFileSync(file, JSON.stringify(exportOtm(loaded.model, catalog)));
  const { model, assumed } = importThreatModelFile(file);
  const original = loaded.model;
  t.deepEqual(
    model.components.map((c) => [c.id, c.layer, c.kind, JSON.stringify(c.terraform)]),
    original.components.map((c) => [c.id, c.layer, c.kind, JSON.stringify(c.terraform)]),
  );
  t.is(model.flows?.length, original.flows?.length);
  t.deepEqual(
    model.threats.map((th) => [th.id, th.severity, th.layer, th.stride, th.controls]),
    original.threats.map((th) => [
      th.id,
      th.severity,
      th.layer,
      th.stride,
      th.controls.map((c) => ({ control: c.control, status: c.status })),
    ]),
  );
  t.deepEqual(assumed, []);
});

test("export --report carries the verdicts of an eval report", (t) => {
  const dir = temporaryDir();
  const report = join(dir, "report.json");
  const evaluated = runCli([
    "eval",
    EXAMPLE_PLAN,
    "-m",
    EXAMPLE_MODEL,
    "--format",
    "json",
    "-o",
    report,
  ]);
  t.is(evaluated.code, 1, evaluated.stderr);
  const run = runCli(["export", "otm", "-m", EXAMPLE_MODEL, "--report", report]);
  t.is(run.code, 0, run.stderr);
  const otm = JSON.parse(run.stdout);
  const states = otm.threats.map(
    (th: { id: string; attributes: { threatloop_verdict: string } }) =>
      `${th.id} ${th.attributes.threatloop_verdict}`,
  );
  t.deepEqual(states, [
    "TL-001 exposed",
    "TL-002 mitigated",
    "TL-003 exposed",
    "TL-004 exposed",
    "TL-005 mitigated",
  ]);
});

test("export refuses a report that is not a threatloop eval report", (t) => {
  const file = join(temporaryDir(), "other.json");
  writeFileSync(file, '{"results": []}');
  const run = runCli(["export", "otm", "-m", EXAMPLE_MODEL, "--report", file]);
  t.is(run.code, 2);
  t.regex(
    run.stderr,
    /other\.json: not a threatloop eval report \(schema threatloop\.eval-report\/v1\)/,
  );
});
