import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { conformanceModel } from "../bench/conformance/model.js";
import type { CatalogControl } from "../src/catalog/types.js";
import type { ThreatShare } from "../src/evaluate/parallel.js";
import { buildModel, Evaluator } from "../src/pipeline.js";
import { opaPath, TEST_CACHE, temporaryDir } from "./helpers.js";

/** A model built and loaded (once per test run, through the test cache), with its threats. */
export interface CompiledModel {
  evaluator: Evaluator;
  /** The threats as evaluateShared shares them. */
  shares: ThreatShare[];
}

export async function compiledModel(modelFile: string): Promise<CompiledModel> {
  const built = await buildModel(modelFile, { opa: opaPath(), cacheDir: TEST_CACHE });
  const evaluator = await Evaluator.load(built.compiled.wasm);
  const shares = built.generated.manifest.threats.map((threat) => ({
    packageName: threat.package.split(".").at(-1) ?? "",
    controls: threat.controls.length,
  }));
  return { evaluator, shares };
}

/**
 * The conformance harness's model of the given controls (one threat each, binding the
 * control's types), compiled; `threats` maps a control id to its threat id.
 */
export async function catalogModel(
  controls: CatalogControl[],
): Promise<CompiledModel & { threats: Map<string, string> }> {
  const file = join(temporaryDir(), "catalog-model.json");
  const { model, threats } = conformanceModel(controls.map((control) => ({ control, params: {} })));
  writeFileSync(file, JSON.stringify(model));
  return { ...(await compiledModel(file)), threats };
}
