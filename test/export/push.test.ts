import { writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { compileWasm } from "../../src/compile/compile.js";
import { Evaluator } from "../../src/evaluate/evaluate.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { pushPolicies } from "../../src/export/push.js";
import { type GenerateResult, generatePolicies } from "../../src/generate/generate.js";
import { readInputDocument } from "../../src/inputs/read.js";
import { loadModel } from "../../src/model/load.js";
import {
  EXAMPLE_MODEL,
  EXAMPLE_PLAN,
  opaPath,
  ROOT,
  runCli,
  TEST_CACHE,
  temporaryDir,
} from "../helpers.js";
import { freePort, Processes } from "./processes.js";

const TOKEN = "push-token";
const ANY_AWS_MODEL = join(ROOT, "fixtures", "any-aws", "threatloop.yaml");
const processes = new Processes();
const servers: Server[] = [];
let opaUrl = "";

test.before(async () => {
  const dir = temporaryDir("threatloop-push-");
  const authz = join(dir, "authz.rego");
  writeFileSync(
    authz,
    "package system.authz\n\nimport rego.v1\n\ndefault allow := false\n\n" +
      `allow if input.identity == "${TOKEN}"\n`,
  );
  opaUrl = await processes.startOpa(dir, "push", "{}", [
    "--authentication=token",
    "--authorization=basic",
    authz,
  ]);
});

test.after.always(async () => {
  for (const server of servers) server.close();
  await processes.stopAll();
});

function generated(): GenerateResult {
  const catalog = loadCatalog();
  return generatePolicies(loadModel(EXAMPLE_MODEL, catalog).loaded, catalog);
}

/** A server in front of OPA that answers the first `failures` requests with 503. */
async function flakyProxy(failures: number): Promise<{ url: string; requests: () => number }> {
  let seen = 0;
  const target = new URL(opaUrl);
  const server = createServer((incoming, outgoing) => {
    seen++;
    if (seen <= failures) {
      outgoing.writeHead(503).end("busy");
      incoming.resume();
      return;
    }
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forward);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => seen,
  };
}

const key = (f: Finding) => JSON.stringify(f, Object.keys(f).sort());

test.serial("push uploads every module and OPA then decides as the WASM module does", async (t) => {
  const run = runCli(["push", "-m", EXAMPLE_MODEL, "--opa-url", opaUrl], {
    env: { THREATLOOP_OPA_TOKEN: TOKEN },
  });
  t.is(run.code, 0, run.stderr);
  // One module per package: the library, three control packages, five threats and main.
  t.regex(run.stderr, /^pushed 10 policies to http:\/\/127\.0\.0\.1:\d+; the report answers/);

  const body = Buffer.concat([
    Buffer.from('{"input":'),
    readInputDocument(EXAMPLE_PLAN).bytes,
    Buffer.from("}"),
  ]);
  const response = await fetch(`${opaUrl}/v1/data/threatloop/main/report`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
    body,
  });
  const fromOpa = ((await response.json()) as { result: { findings: Finding[] } }).result.findings;
  const { wasm } = await compileWasm(generated().files, { opa: opaPath(), cacheDir: TEST_CACHE });
  const evaluator = await Evaluator.load(wasm);
  const fromWasm = evaluator.evaluate(readInputDocument(EXAMPLE_PLAN)).findings;
  t.true(fromWasm.length > 0);
  t.deepEqual(fromOpa.map(key).sort(), fromWasm.map(key).sort());
});

test.serial("push retries 5xx answers and then succeeds", async (t) => {
  const proxy = await flakyProxy(2);
  const result = await pushPolicies(generated().files, {
    url: proxy.url,
    token: TOKEN,
    retryDelayMs: 10,
  });
  t.is(result.retried, 2);
  t.is(result.policies.length, 10);
  t.deepEqual(result.decision, { kind: "plan", resources: 0, findings: 0 });
});

test.serial("push without the token fails with OPA's answer and exit code 2", (t) => {
  const run = runCli(["push", "-m", EXAMPLE_MODEL, "--opa-url", opaUrl, "--retries", "0"], {
    env: { THREATLOOP_OPA_TOKEN: "" },
  });
  t.is(run.code, 2);
  t.is(
    run.stderr.split("\n")[0],
    `threatloop: ${opaUrl}: GET /v1/policies answered 401` +
      " (hint: give the server's token with --token-file or THREATLOOP_OPA_TOKEN)",
  );
});

test.serial("a push of another model removes the modules the first one left", async (t) => {
  const catalog = loadCatalog();
  const other = generatePolicies(loadModel(ANY_AWS_MODEL, catalog).loaded, catalog);
  await pushPolicies(generated().files, { url: opaUrl, token: TOKEN });
  const result = await pushPolicies(other.files, { url: opaUrl, token: TOKEN });
  t.deepEqual(result.removed, [
    "threatloop/threats/t_tl_001.rego",
    "threatloop/threats/t_tl_002.rego",
    "threatloop/threats/t_tl_003.rego",
    "threatloop/threats/t_tl_004.rego",
    "threatloop/threats/t_tl_005.rego",
  ]);
  const listed = await fetch(`${opaUrl}/v1/policies`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const ids = ((await listed.json()) as { result: { id: string }[] }).result.map((p) => p.id);
  t.deepEqual(ids.filter((id) => id.startsWith("threatloop/")).sort(), [...result.policies].sort());
});

test("push gives up after its retries when nothing listens", async (t) => {
  const url = `http://127.0.0.1:${await freePort()}`;
  const error = await t.throwsAsync(
    pushPolicies(generated().files, { url, retries: 2, retryDelayMs: 1 }),
  );
  t.is(error?.message, "cannot reach OPA (ECONNREFUSED) after 3 attempts");
});

test("push stops when OPA refuses a module on every pass", async (t) => {
  const server = createServer((incoming, outgoing) => {
    incoming.resume();
    if (incoming.method === "GET") outgoing.writeHead(200).end('{"result":[]}');
    else outgoing.writeHead(400).end('{"code":"invalid_parameter","message":"error(s) occurred"}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const error = await t.throwsAsync(pushPolicies(generated().files, { url, retries: 0 }));
  t.is(error?.message, "OPA refused the policy threatloop/controls/aws/ec2.rego");
});
