import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../../src/catalog/load.js";
import { ThreatloopError } from "../../../src/errors.js";
import { importThreatModelFile } from "../../../src/model/import/index.js";
import { validateModelFile } from "../../../src/model/load.js";
import { renderModelYaml } from "../../../src/model/write-yaml.js";
import { CORPUS, temporaryDir } from "../../helpers.js";

type Counts = [
  components: number,
  flows: number,
  threats: number,
  zones: number,
  boundaries: number,
];
/** An imported file: its format, what it yields, and how many entries were dropped per section. */
type Imported = [file: string, format: string, counts: Counts, dropped: Record<string, number>];
/** A refused file: the one-line error, with the file's path shortened to F. */
type Refused = [file: string, error: string];

const NOT_A_MODEL =
  "F: not a threat model threatloop imports" +
  " (hint: OTM (otmVersion), Threat Dragon (summary and detail.diagrams)" +
  " or Threagile (technical_assets))";
const FRAGMENT =
  "F: a fragment of a Threagile model without technical_assets" +
  " (hint: import the Threagile file that includes it)";
const CYCLONEDX = "F: CycloneDX threat-model BOMs are not imported (hint: export the model as OTM)";
const TM_BOM = "F: OWASP threat model library (TM-BOM) documents are not imported";
const SCHEMA = "F: this is a JSON Schema, not a threat model";

// Every file FIXTURES.json lists as "threat model / schema". Schemas, TM-BOMs, Threagile
// fragments and malformed documents are refused with their reason; the rest import.
const CASES: (Imported | Refused)[] = [
  [
    "threat-dragon/ThreatDragonModels/demo-threat-model.json",
    "threat-dragon",
    [7, 10, 14, 0, 4],
    { detail: 28, summary: 1 },
  ],
  [
    "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-1.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    { summary: 1 },
  ],
  [
    "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-2.json",
    "threat-dragon",
    [3, 4, 0, 0, 2],
    { detail: 2, summary: 1 },
  ],
  [
    "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-3.json",
    "threat-dragon",
    [3, 4, 3, 0, 2],
    { detail: 8, summary: 1 },
  ],
  [
    "threat-dragon/ThreatDragonModels/enter-the-dragon/enter-the-dragon-4.json",
    "threat-dragon",
    [3, 4, 3, 0, 2],
    { detail: 8, summary: 1 },
  ],
  ["threat-dragon/ThreatDragonModels/new-model.json", "threat-dragon", [0, 0, 0, 0, 0], {}],
  [
    "threat-dragon/ThreatDragonModels/test/example-open-threat-model.json",
    "otm",
    [4, 4, 1, 2, 0],
    {
      components: 4,
      dataflows: 3,
      threats: 1,
      mitigations: 2,
      assets: 2,
      representations: 3,
      project: 1,
    },
  ],
  ["threat-dragon/ThreatDragonModels/test/malformed-new-model.json", NOT_A_MODEL],
  [
    "threat-dragon/ThreatDragonModels/test/test-reports.json",
    "threat-dragon",
    [24, 4, 8, 0, 4],
    { detail: 26, summary: 1 },
  ],
  ["threat-dragon/ThreatDragonModels/test/v2-malformed-new-model.json", NOT_A_MODEL],
  ["threat-dragon/ThreatDragonModels/tmbom-multi-example.cdx.json", CYCLONEDX],
  ["threat-dragon/ThreatDragonModels/tmbom-otm-example.cdx.json", CYCLONEDX],
  ["threat-dragon/ThreatDragonModels/tmbom-pytm-example.cdx.json", CYCLONEDX],
  ["threat-dragon/ThreatDragonModels/v2-new-model.json", "threat-dragon", [0, 0, 0, 0, 0], {}],
  [
    "threat-dragon/ThreatDragonModels/v2-threat-model.json",
    "threat-dragon",
    [7, 10, 14, 0, 3],
    { detail: 29, summary: 1 },
  ],
  ["threat-dragon/td.vue/src/assets/schema/open-threat-model.schema.json", SCHEMA],
  ["threat-dragon/td.vue/src/assets/schema/threat-dragon-v1.schema.json", SCHEMA],
  ["threat-dragon/td.vue/src/assets/schema/threat-dragon-v2.schema.json", SCHEMA],
  ["threat-dragon/td.vue/src/assets/schema/threat-model-format.schema.json", SCHEMA],
  ["threat-dragon/td.vue/src/assets/schema/threat-model.schema.json", SCHEMA],
  [
    "threat-dragon/td.vue/src/service/demo/cryptocurrency-wallet.json",
    "threat-dragon",
    [15, 17, 1, 0, 2],
    { detail: 3, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/generic-cms.json",
    "threat-dragon",
    [5, 5, 0, 0, 1],
    { detail: 1, summary: 1 },
  ],
  ["threat-dragon/td.vue/src/service/demo/huskyai.tmbom.json", TM_BOM],
  [
    "threat-dragon/td.vue/src/service/demo/iot-device.json",
    "threat-dragon",
    [11, 14, 4, 0, 1],
    { detail: 9, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/mobile-cloud.otm.json",
    "otm",
    [4, 6, 43, 2, 0],
    { components: 43, mitigations: 43, representations: 2 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/online-game.json",
    "threat-dragon",
    [12, 17, 0, 0, 3],
    { detail: 1, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/payment-online.json",
    "threat-dragon",
    [5, 10, 0, 0, 3],
    { detail: 1, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/renting-car.json",
    "threat-dragon",
    [15, 15, 0, 0, 3],
    { detail: 1, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/three-tier-web-app.json",
    "threat-dragon",
    [3, 3, 2, 0, 2],
    { detail: 5, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/v2-new-model.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    { detail: 1 },
  ],
  [
    "threat-dragon/td.vue/src/service/demo/v2-threat-model.json",
    "threat-dragon",
    [7, 9, 13, 0, 3],
    { detail: 29, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/tests/e2e/fixtures/v1-model.json",
    "threat-dragon",
    [2, 2, 3, 0, 1],
    { detail: 5, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/tests/e2e/fixtures/v1-new-model.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    {},
  ],
  [
    "threat-dragon/td.vue/tests/e2e/fixtures/v2-model.json",
    "threat-dragon",
    [2, 2, 1, 0, 1],
    { detail: 2, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/tests/e2e/fixtures/v2-new-model.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    {},
  ],
  [
    "threat-dragon/td.vue/tests/e2e/fixtures/v2-save-existing-threat.json",
    "threat-dragon",
    [2, 1, 1, 0, 1],
    { detail: 2, summary: 1 },
  ],
  [
    "threat-dragon/td.vue/tests/unit/service/schema/otm_example.json",
    "otm",
    [4, 4, 1, 2, 0],
    {
      components: 4,
      dataflows: 3,
      threats: 1,
      mitigations: 2,
      assets: 2,
      representations: 2,
      project: 1,
    },
  ],
  ["threat-dragon/td.vue/tests/unit/service/schema/test-template.json", NOT_A_MODEL],
  ["threat-dragon/td.vue/tests/unit/service/schema/test-threat-model.json", TM_BOM],
  [
    "threat-dragon/td.vue/tests/unit/service/schema/test-v1-model.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    {},
  ],
  [
    "threat-dragon/td.vue/tests/unit/service/schema/test-v2-model.json",
    "threat-dragon",
    [0, 0, 0, 0, 0],
    {},
  ],
  ["threagile/demo/example/threagile-example-config.json", NOT_A_MODEL],
  [
    "threagile/demo/example/threagile.yaml",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      individual_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  [
    "threagile/demo/stub/threagile.yaml",
    "threagile",
    [2, 1, 1, 1, 1],
    {
      individual_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      tags_available: 1,
    },
  ],
  ["threagile/support/schema.json", SCHEMA],
  ["threagile/test/abuse_cases.yaml", FRAGMENT],
  [
    "threagile/test/all.json",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      custom_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  [
    "threagile/test/all.yaml",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      custom_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  ["threagile/test/data_assets.yaml", FRAGMENT],
  ["threagile/test/diagram_tweak.yaml", "F:1:1: the document is not a mapping"],
  [
    "threagile/test/main.yaml",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      custom_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  ["threagile/test/meta.yaml", FRAGMENT],
  ["threagile/test/overview.yaml", FRAGMENT],
  [
    "threagile/test/parsed-model.json",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      custom_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  [
    "threagile/test/parsed-model.yaml",
    "threagile",
    [14, 20, 1, 5, 5],
    {
      trust_boundaries: 1,
      custom_risk_categories: 1,
      data_assets: 1,
      abuse_cases: 1,
      security_requirements: 1,
      questions: 1,
      shared_runtimes: 1,
      risk_tracking: 1,
      tags_available: 1,
    },
  ],
  ["threagile/test/questions.yaml", FRAGMENT],
  [
    "threagile/test/risk-category.yaml",
    "F:54:15: invalid YAML: mapping keys must be strings (hint: quote the key)",
  ],
  ["threagile/test/risk_categories.yaml", FRAGMENT],
  ["threagile/test/risk_tracking.yaml", FRAGMENT],
  ["threagile/test/security_requirements.yaml", FRAGMENT],
  ["threagile/test/shared_runtimes.yaml", FRAGMENT],
  ["threagile/test/tags.yaml", FRAGMENT],
  ["threagile/test/technical_assets.yaml", "threagile", [14, 20, 0, 0, 0], {}],
  [
    "threagile/test/technical_assets_clients.yaml",
    "threagile",
    [3, 0, 0, 0, 0],
    { technical_assets: 6 },
  ],
  ["threagile/test/technical_assets_databases.yaml", "threagile", [2, 0, 0, 0, 0], {}],
  [
    "threagile/test/technical_assets_devops.yaml",
    "threagile",
    [6, 4, 0, 0, 0],
    { technical_assets: 8 },
  ],
  [
    "threagile/test/technical_assets_infrastructure.yaml",
    "threagile",
    [1, 0, 0, 0, 0],
    { technical_assets: 2 },
  ],
  [
    "threagile/test/technical_assets_servers.yaml",
    "threagile",
    [5, 3, 0, 0, 0],
    { technical_assets: 3 },
  ],
  ["threagile/test/trust_boundaries.yaml", FRAGMENT],
  [
    "open-threat-model/EXAMPLE.json",
    "otm",
    [4, 4, 1, 2, 0],
    {
      components: 4,
      dataflows: 3,
      threats: 1,
      mitigations: 2,
      assets: 2,
      representations: 2,
      project: 1,
    },
  ],
  ["open-threat-model/EXAMPLE.yaml", "F:132:62: invalid YAML: Missing closing 'quote"],
];

const catalog = loadCatalog();

test("the table covers every threat model the corpus lists", (t) => {
  const listed = (
    JSON.parse(readFileSync(join(CORPUS, "FIXTURES.json"), "utf8")) as {
      file: string;
      role: string;
    }[]
  )
    .filter((f) => f.role === "threat model / schema")
    .map((f) => f.file)
    .sort();
  t.deepEqual(CASES.map((c) => c[0]).sort(), listed);
});

for (const entry of CASES) {
  const file = entry[0];
  if (entry.length === 2) {
    test(`refuses ${file} with its reason`, (t) => {
      const error = t.throws(() => importThreatModelFile(join(CORPUS, file)), {
        instanceOf: ThreatloopError,
      });
      t.is(error?.render().replace(join(CORPUS, file), "F"), entry[1]);
    });
    continue;
  }
  const [, format, counts, dropped] = entry;
  test(`imports ${file} with exact counts and what it dropped`, (t) => {
    const result = importThreatModelFile(join(CORPUS, file));
    const { model } = result;
    t.is(result.format as string, format);
    t.deepEqual(
      [
        model.components.length,
        model.flows?.length ?? 0,
        model.threats.length,
        model.trust_zones?.length ?? 0,
        model.trust_boundaries?.length ?? 0,
      ],
      counts,
    );
    const bySection: Record<string, number> = {};
    for (const d of result.dropped) {
      const section = d.path.split(".")[0] ?? "";
      bySection[section] = (bySection[section] ?? 0) + 1;
    }
    t.deepEqual(bySection, dropped);
    // The written model is valid but for the controls the engineer still has to name.
    const out = join(temporaryDir(), "imported.yaml");
    writeFileSync(out, renderModelYaml(model, { schema: "schema.json" }));
    const errors = validateModelFile(out, catalog).problems.filter((p) => p.severity === "error");
    t.deepEqual(
      errors.filter((p) => !p.message.endsWith("has no controls")),
      [],
    );
    t.is(errors.length, model.threats.length);
  });
}
