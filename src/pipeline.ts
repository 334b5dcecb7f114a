import { loadCatalog } from "./catalog/load.js";
import type { Catalog } from "./catalog/types.js";
import { type CompileResult, compileWasm } from "./compile/compile.js";
import { Evaluator } from "./evaluate/evaluate.js";
import { modelEnforcementOf } from "./gate/config.js";
import { decideGate, type GateOptions } from "./gate/gate.js";
import { type GenerateResult, generatePolicies } from "./generate/generate.js";
import type { Manifest } from "./generate/manifest.js";
import { readInputDocument } from "./inputs/read.js";
import { type LoadedModel, loadModel } from "./model/load.js";
import type { Problem } from "./model/validate.js";
import { sortFindings } from "./report/summary.js";
import type { EvalReport } from "./report/types.js";

export interface BuildOptions {
  opa: string;
  cacheDir: string;
  catalog?: Catalog;
}

export interface BuildResult {
  loaded: LoadedModel;
  warnings: Problem[];
  generated: GenerateResult;
  compiled: CompileResult;
}

/** Model to WASM: load and validate, generate Rego, compile (or take the cached module). */
export async function buildModel(modelFile: string, options: BuildOptions): Promise<BuildResult> {
  const catalog = options.catalog ?? loadCatalog();
  const { loaded, warnings } = loadModel(modelFile, catalog);
  const generated = generatePolicies(loaded, catalog);
  const compiled = await compileWasm(generated.files, {
    opa: options.opa,
    cacheDir: options.cacheDir,
  });
  return { loaded, warnings, generated, compiled };
}

/** Evaluates one plan or state file and decides the gate. */
export function evaluateFile(
  evaluator: Evaluator,
  manifest: Manifest,
  file: string,
  gate: GateOptions,
): EvalReport {
  const document = readInputDocument(file);
  const result = evaluator.evaluate(document);
  const sorted = sortFindings(manifest.threats, result.findings);
  const decided = decideGate(sorted, {
    ...gate,
    modelEnforcement: modelEnforcementOf(manifest.threats),
  });
  return {
    input: { file, kind: result.kind, resources: result.resources },
    manifest,
    findings: decided.findings,
    prints: result.prints,
    gate: decided,
  };
}

export { Evaluator };
