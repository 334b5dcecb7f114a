import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { compileWasm } from "../../src/compile/compile.js";
import { Evaluator } from "../../src/evaluate/evaluate.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { bundleRevision } from "../../src/export/bundle.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { type InputDocument, readInputDocument } from "../../src/inputs/read.js";
import { loadModel } from "../../src/model/load.js";
import {
  EXAMPLE_MODEL,
  EXAMPLE_PLAN,
  opaPath,
  ROOT,
  TEST_CACHE,
  temporaryDir,
} from "../helpers.js";
import { writeKeyPair } from "./keys.js";
import { Processes, waitFor } from "./processes.js";

const ANY_AWS_MODEL = join(ROOT, "fixtures", "any-aws", "threatloop.yaml");
const CORPUS = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");
const TOKEN = "loopback-test-token";
const processes = new Processes();
const dir = temporaryDir("threatloop-serve-");
const model = join(dir, "example.yaml");
const keys = writeKeyPair(dir, "rsa");

let exampleServers: string[] = [];
let anyAwsServer = "";

function opaConfig(serveUrl: string, bundle: string): string {
  return JSON.stringify({
    services: { threatloop: { url: serveUrl, credentials: { bearer: { token: TOKEN } } } },
    bundles: {
      [bundle]: {
        service: "threatloop",
        resource: `bundles/${bundle}.tar.gz`,
        polling: { min_delay_seconds: 1, max_delay_seconds: 2, long_polling_timeout_seconds: 5 },
        signing: { keyid: "default" },
      },
    },
    keys: { default: { algorithm: "RS256", key: readFileSync(keys.pub, "utf8") } },
  });
}

test.before(async () => {
  copyFileSync(EXAMPLE_MODEL, model);
  writeFileSync(join(dir, "token"), `${TOKEN}\n`);
  const serve = await processes.startServe([
    "--model",
    `example=${model}`,
    "--model",
    `any-aws=${ANY_AWS_MODEL}`,
    "--token-file",
    join(dir, "token"),
    "--signing-key",
    keys.key,
    "--watch-interval",
    "200",
    "--max-wait",
    "5",
  ]);
  exampleServers = await Promise.all(
    ["a", "b", "c"].map((name) => processes.startOpa(dir, name, opaConfig(serve.url, "example"))),
  );
  anyAwsServer = await processes.startOpa(dir, "any-aws", opaConfig(serve.url, "any-aws"));
});

test.after.always(() => processes.stopAll());

async function revisionOf(server: string, bundle: string): Promise<string | undefined> {
  const response = await fetch(`${server}/v1/data/system/bundles/${bundle}/manifest/revision`);
  return ((await response.json()) as { result?: string }).result;
}

function hashOf(file: string): string {
  return loadModel(file, loadCatalog()).loaded.hash;
}

async function decide(server: string, document: InputDocument) {
  const body = Buffer.concat([Buffer.from('{"input":'), document.bytes, Buffer.from("}")]);
  const response = await fetch(`${server}/v1/data/threatloop/main/report`, {
    method: "POST",
    body,
  });
  const decision = (await response.json()) as {
    result?: { errors: string[]; findings: Finding[] };
  };
  if (!decision.result) throw new Error(`no decision: ${JSON.stringify(decision)}`);
  return decision.result;
}

const key = (f: Finding) => JSON.stringify(f, Object.keys(f).sort());

async function evaluatorFor(file: string): Promise<Evaluator> {
  const catalog = loadCatalog();
  const { files } = generatePolicies(loadModel(file, catalog).loaded, catalog);
  const { wasm } = await compileWasm(files, { opa: opaPath(), cacheDir: TEST_CACHE });
  return Evaluator.load(wasm);
}

/** Every tfplan-json fixture of checkov's tests that holds a resource the AWS controls judge. */
function corpusPlans(): string[] {
  const fixtures = JSON.parse(readFileSync(join(CORPUS, "FIXTURES.json"), "utf8")) as {
    source: string;
    file: string;
    format: string;
  }[];
  return fixtures
    .filter((f) => f.source === "checkov" && f.format === "tfplan-json")
    .map((f) => join(CORPUS, f.file))
    .filter((file) =>
      /"aws_(s3_bucket|iam_[a-z_]+|security_group[a-z_]*)"/.test(readFileSync(file, "utf8")),
    );
}

/** The servers' findings must be the WASM module's, compared as sorted sets. */
async function assertSameDecisions(
  t: import("ava").ExecutionContext,
  server: string,
  evaluator: Evaluator,
  file: string,
) {
  const document = readInputDocument(file);
  let expected: string[] | "invalid";
  try {
    expected = evaluator.evaluate(document).findings.map(key).sort();
  } catch {
    expected = "invalid";
  }
  const decision = await decide(server, document);
  if (expected === "invalid") t.true(decision.errors.length > 0, `${file} is refused by both`);
  else t.deepEqual(decision.findings.map(key).sort(), expected, file);
}

test.serial(
  "three OPA servers polling threatloop serve converge on the model's revision",
  async (t) => {
    const revision = bundleRevision(hashOf(model));
    const seen = await Promise.all(
      exampleServers.map((server) =>
        waitFor("the first revision", async () => {
          const current = await revisionOf(server, "example");
          return current === revision ? current : undefined;
        }),
      ),
    );
    t.deepEqual(seen, [revision, revision, revision]);
  },
);

/** Every JSON file under fixtures/: plans and state, and anything else, which both must refuse. */
function fixturePlans(dir = join(ROOT, "fixtures")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return fixturePlans(path);
    return entry.name.endsWith(".json") ? [path] : [];
  });
}

test.serial(
  "the servers' decisions on every plan in fixtures/ equal the WASM findings",
  async (t) => {
    const evaluator = await evaluatorFor(model);
    const plans = fixturePlans();
    t.true(plans.includes(EXAMPLE_PLAN));
    for (const server of exampleServers) {
      for (const plan of plans) await assertSameDecisions(t, server, evaluator, plan);
    }
  },
);

test.serial("a server's decisions on the corpus plans equal the WASM findings", async (t) => {
  const evaluator = await evaluatorFor(ANY_AWS_MODEL);
  const revision = bundleRevision(hashOf(ANY_AWS_MODEL));
  await waitFor("the any-aws bundle", async () =>
    (await revisionOf(anyAwsServer, "any-aws")) === revision ? true : undefined,
  );
  const plans = corpusPlans();
  t.true(plans.length >= 10, `only ${plans.length} corpus plans found`);
  for (const plan of plans) await assertSameDecisions(t, anyAwsServer, evaluator, plan);
});

test.serial("a new model revision reaches all three servers", async (t) => {
  const before = bundleRevision(hashOf(model));
  writeFileSync(model, readFileSync(model, "utf8").replace("severity: medium", "severity: low"));
  const after = bundleRevision(hashOf(model));
  t.not(after, before);
  for (const server of exampleServers) {
    await waitFor(`${server} to load the new revision`, async () =>
      (await revisionOf(server, "example")) === after ? true : undefined,
    );
    const decision = await decide(server, readInputDocument(EXAMPLE_PLAN));
    const severities = decision.findings
      .filter((f) => f.threat === "TL-002")
      .map((f) => f.severity);
    t.deepEqual(severities, ["low"]);
  }
  const evaluator = await evaluatorFor(model);
  for (const server of exampleServers)
    await assertSameDecisions(t, server, evaluator, EXAMPLE_PLAN);
});
