import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { buildCacheKey, readCachedBuild } from "../../src/compile/build-cache.js";
import { buildModel } from "../../src/pipeline.js";
import { EXAMPLE_MODEL, opaPath, temporaryDir } from "../helpers.js";

test("the key of a build changes with the model's bytes and nothing else of the call", (t) => {
  const bytes = readFileSync(EXAMPLE_MODEL);
  const key = buildCacheKey(bytes, opaPath());
  t.is(buildCacheKey(Buffer.from(bytes), opaPath()), key);
  t.not(buildCacheKey(Buffer.concat([bytes, Buffer.from("\n")]), opaPath()), key);
});

test("a second build of an unchanged model is the first one, warnings included", async (t) => {
  const cacheDir = temporaryDir();
  const model = join(temporaryDir(), "threatloop.yaml");
  // A justification without a risk acceptance gives a warning, which must survive the cache.
  const text = readFileSync(EXAMPLE_MODEL, "utf8").replace(
    "        status: implemented\n",
    "        status: implemented\n        justification: kept for the test\n",
  );
  writeFileSync(model, text);
  const first = await buildModel(model, { opa: opaPath(), cacheDir });
  t.true(first.warnings.length > 0);
  const second = await buildModel(model, { opa: opaPath(), cacheDir });
  t.deepEqual(second.warnings, first.warnings);
  t.deepEqual(second.generated, first.generated);
  t.deepEqual(second.compiled.wasm, first.compiled.wasm);
  t.true(second.compiled.cached);
  const named = Buffer.concat([Buffer.from("threatloop.yaml\0"), readFileSync(model)]);
  t.is(readCachedBuild(cacheDir, buildCacheKey(named, opaPath()))?.compiledKey, first.compiled.key);
});

test("a cached build whose module is gone is built again", async (t) => {
  const cacheDir = temporaryDir();
  const first = await buildModel(EXAMPLE_MODEL, { opa: opaPath(), cacheDir });
  rmSync(join(cacheDir, `${first.compiled.key}.wasm`));
  const second = await buildModel(EXAMPLE_MODEL, { opa: opaPath(), cacheDir });
  t.false(second.compiled.cached);
  t.deepEqual(second.generated, first.generated);
});
