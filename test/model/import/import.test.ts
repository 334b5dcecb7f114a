import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../../src/errors.js";
import { severityFromScore, strideOf, toNativeId } from "../../../src/model/import/common.js";
import { importThreatModelFile } from "../../../src/model/import/index.js";
import { CORPUS, runCli, temporaryDir } from "../../helpers.js";

function writeJson(value: unknown, name = "model.json"): string {
  const file = join(temporaryDir(), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

test("maps the OTM example's threat to the components that reference it", (t) => {
  const { model, assumed } = importThreatModelFile(join(CORPUS, "open-threat-model/EXAMPLE.json"));
  const threat = model.threats[0];
  t.deepEqual(threat?.components, ["web-service", "customer-database"]);
  t.deepEqual(threat?.stride, ["spoofing", "tampering"]);
  t.is(threat?.severity, "critical");
  t.is(threat?.likelihood, "medium");
  t.deepEqual(
    assumed.map((a) => `${a.path}=${a.value}`),
    [0, 1, 2, 3].map((i) => `components.${i}.layer=paas`),
  );
});

const ids: [string, string][] = [
  ["web client", "web-client"],
  ["  --Worker/Config  ", "Worker-Config"],
  ["a".repeat(80), "a".repeat(64)],
  ["élan", "lan"],
  ["22724267-be7e-44c0", "22724267-be7e-44c0"],
];

for (const [source, expected] of ids) {
  test(`turns the id "${source.slice(0, 20)}" into "${expected.slice(0, 20)}"`, (t) => {
    t.is(toNativeId(source), expected);
  });
}

test("keeps ids unique when two sources sanitise to the same id", (t) => {
  const file = writeJson({
    otmVersion: "0.2.0",
    project: { name: "p", id: "p" },
    components: [
      { id: "a b", name: "A", type: "web" },
      { id: "a/b", name: "B", type: "web" },
    ],
    threats: [],
  });
  t.deepEqual(
    importThreatModelFile(file).model.components.map((c) => c.id),
    ["a-b", "a-b-2"],
  );
});

test("places Threat Dragon components inside the boundary box drawn around them", (t) => {
  const shape = (id: string, x: number) => ({
    id,
    shape: "process",
    position: { x, y: 10 },
    size: { width: 20, height: 20 },
    data: { type: "tm.Process", name: id, threats: [] },
  });
  const file = writeJson({
    summary: { title: "Boxes" },
    detail: {
      diagrams: [
        {
          cells: [
            shape("inside", 10),
            shape("outside", 500),
            {
              id: "box",
              shape: "trust-boundary-box",
              position: { x: 0, y: 0 },
              size: { width: 100, height: 100 },
              data: { type: "tm.BoundaryBox", name: "DMZ" },
            },
          ],
        },
      ],
    },
  });
  t.deepEqual(importThreatModelFile(file).model.trust_boundaries, [
    { id: "boundary-1", name: "DMZ", components: ["inside"] },
  ]);
});

test("refuses a Threagile include outside the model's folder", (t) => {
  const dir = temporaryDir();
  mkdirSync(join(dir, "model"));
  writeFileSync(join(dir, "secret.yaml"), "technical_assets: {}\n");
  const file = join(dir, "model", "threagile.yaml");
  writeFileSync(file, "threagile_version: 1.0.0\nincludes: [../secret.yaml]\n");
  const error = t.throws(() => importThreatModelFile(file), { instanceOf: ThreatloopError });
  t.is(error?.message, 'include "../secret.yaml" is outside the model\'s folder');
});

test("refuses a Threagile include reached through a symbolic link out of the folder", (t) => {
  const dir = temporaryDir();
  mkdirSync(join(dir, "model"));
  writeFileSync(join(dir, "secret.yaml"), "technical_assets: {}\n");
  symlinkSync(join(dir, "secret.yaml"), join(dir, "model", "inside.yaml"));
  const file = join(dir, "model", "threagile.yaml");
  writeFileSync(file, "threagile_version: 1.0.0\nincludes: [inside.yaml]\n");
  const error = t.throws(() => importThreatModelFile(file), { instanceOf: ThreatloopError });
  t.is(error?.message, 'include "inside.yaml" is outside the model\'s folder');
});

test("stops a Threagile include that includes itself", (t) => {
  const file = join(temporaryDir(), "threagile.yaml");
  writeFileSync(file, "threagile_version: 1.0.0\nincludes: [threagile.yaml]\n");
  const error = t.throws(() => importThreatModelFile(file), { instanceOf: ThreatloopError });
  t.is(
    error?.render(),
    `${file}: includes nest deeper than 8 levels ` +
      "(hint: an include may lead back to a file that includes it)",
  );
});

test("import writes a model and lists what it dropped on stderr", (t) => {
  const out = join(temporaryDir(), "imported.yaml");
  const file = join(CORPUS, "threagile/demo/stub/threagile.yaml");
  const run = runCli(["import", file, "-o", out]);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stderr, /dropped risk_tracking|dropped data_assets: \d+ data assets/);
  t.regex(run.stderr, /imported threagile: 2 components, 1 flows, 1 threats; 7 dropped/);
  const validate = runCli(["validate", "-m", out]);
  t.is(validate.code, 2);
  t.regex(validate.stdout, /has no controls/);
});

test("import exits 2 on a file that is not a threat model", (t) => {
  const run = runCli(["import", join(CORPUS, "threagile/support/schema.json")]);
  t.is(run.code, 2);
  t.regex(run.stderr, /^threatloop: .*schema\.json: this is a JSON Schema, not a threat model\n$/);
  t.is(run.stdout, "");
});

test("maps Threagile assets, links, boundaries and individual risks", (t) => {
  const { model } = importThreatModelFile(join(CORPUS, "threagile/demo/example/threagile.yaml"));
  t.deepEqual(
    model.components.find((c) => c.id === "apache-webserver"),
    {
      id: "apache-webserver",
      name: "Apache Webserver",
      layer: "paas",
      kind: "web-server",
      description: "Apache Webserver hosting the API code and client-side code",
      classification: "internal",
      trust_zone: "web-dmz",
    },
  );
  t.deepEqual(
    model.flows?.filter((f) => f.from === "customer-client"),
    [
      {
        name: "Customer Traffic",
        from: "customer-client",
        to: "load-balancer",
        protocol: "https",
        authenticated: true,
        encrypted: true,
      },
    ],
  );
  t.deepEqual(
    model.threats.map((th) => [th.id, th.stride, th.severity, th.likelihood, th.components]),
    [
      [
        "something-strange",
        ["repudiation"],
        "critical",
        "medium",
        ["sql-database", "contract-file-server"],
      ],
    ],
  );
});

test("maps Threat Dragon threats to STRIDE and severity on the element they sit on", (t) => {
  const file = join(CORPUS, "threat-dragon/td.vue/src/service/demo/v2-threat-model.json");
  const { model } = importThreatModelFile(file);
  t.deepEqual(
    model.threats.slice(0, 2).map((th) => [th.id, th.title, th.stride, th.severity, th.components]),
    [
      ["TD-1", "Accessing DB credentials", ["information-disclosure"], "high", ["Worker-Config"]],
      ["TD-2", "Unauthorised access", ["information-disclosure"], "high", ["Database"]],
    ],
  );
});

const categories: [string, string | undefined][] = [
  ["Spoofing", "spoofing"],
  ["Information disclosure", "information-disclosure"],
  ["Denial of service", "denial-of-service"],
  ["DoS", "denial-of-service"],
  ["Elevation of Privileges", "elevation-of-privilege"],
  ["Confidentiality", "information-disclosure"],
  ["Integrity", "tampering"],
  ["Linkability", undefined],
];

for (const [category, expected] of categories) {
  test(`reads the category "${category}" as ${expected ?? "no STRIDE category"}`, (t) => {
    t.is(strideOf(category) as string | undefined, expected);
  });
}

test("maps 0-100 impact scores to severities at the documented thresholds", (t) => {
  t.deepEqual([100, 90, 89, 75, 70, 50, 40, 25, 10, 9, 0].map(severityFromScore), [
    "critical",
    "critical",
    "high",
    "high",
    "high",
    "medium",
    "medium",
    "low",
    "low",
    "info",
    "info",
  ]);
});
