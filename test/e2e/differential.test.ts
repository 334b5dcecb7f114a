import { execFileSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { compileWasm } from "../../src/compile/compile.js";
import { Evaluator } from "../../src/evaluate/evaluate.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { readInputDocument } from "../../src/inputs/read.js";
import { writeFiles } from "../../src/io/write.js";
import { loadModel } from "../../src/model/load.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, opaPath, TEST_CACHE, temporaryDir } from "../helpers.js";

const key = (f: Finding) => JSON.stringify(f, Object.keys(f).sort());

test("the compiled policy gives the same findings under opa eval as under WASM", async (t) => {
  const catalog = loadCatalog();
  const { loaded } = loadModel(EXAMPLE_MODEL, catalog);
  const { files } = generatePolicies(loaded, catalog);
  const dir = temporaryDir();
  writeFiles(dir, files);

  const { wasm } = await compileWasm(files, { opa: opaPath(), cacheDir: TEST_CACHE });
  const evaluator = await Evaluator.load(wasm);
  const fromWasm = evaluator.evaluate(readInputDocument(EXAMPLE_PLAN)).findings.map(key).sort();

  const output = execFileSync(
    opaPath(),
    [
      "eval",
      "-d",
      join(dir, "policies"),
      "-i",
      EXAMPLE_PLAN,
      "data.threatloop.main.report",
      "-f",
      "json",
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(output).result[0].expressions[0].value as { findings: Finding[] };
  const fromGo = report.findings.map(key).sort();

  t.true(fromWasm.length > 0);
  t.deepEqual(fromWasm, fromGo);
});

test("the plan can be given under input.plan, as HCP Terraform does", async (t) => {
  const catalog = loadCatalog();
  const { loaded } = loadModel(EXAMPLE_MODEL, catalog);
  const { files } = generatePolicies(loaded, catalog);
  const { wasm } = await compileWasm(files, { opa: opaPath(), cacheDir: TEST_CACHE });
  const evaluator = await Evaluator.load(wasm);
  const plain = evaluator.evaluate(readInputDocument(EXAMPLE_PLAN));
  const bytes = Buffer.concat([
    Buffer.from('{"run": {"id": "run-1"}, "plan": '),
    readInputDocument(EXAMPLE_PLAN).bytes,
    Buffer.from("}"),
  ]);
  const wrapped = evaluator.evaluate({ file: "wrapped.json", bytes });
  t.deepEqual(wrapped.findings.map(key).sort(), plain.findings.map(key).sort());
});
