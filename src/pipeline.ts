import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Catalog } from "./catalog/types.js";
import { buildCacheKey, readCachedBuild, writeCachedBuild } from "./compile/build-cache.js";
import type { CompileResult } from "./compile/compile.js";
import { Evaluator } from "./evaluate/evaluate.js";
import { evaluateShared, type Jobs } from "./evaluate/parallel.js";
import { modelEnforcementOf } from "./gate/config.js";
import { decideGate, type GateOptions } from "./gate/gate.js";
import type { GenerateResult } from "./generate/generate.js";
import type { Manifest } from "./generate/manifest.js";
import { configAddressOf } from "./inputs/address.js";
import { loadInput } from "./inputs/load.js";
import type { Problem } from "./model/validate.js";
import { sortFindings } from "./report/summary.js";
import type { EvalReport } from "./report/types.js";

export interface BuildOptions {
  opa: string;
  cacheDir: string;
  catalog?: Catalog;
}

export interface BuildResult {
  warnings: Problem[];
  generated: GenerateResult;
  compiled: CompileResult;
}

/**
 * Model to WASM: load and validate, generate Rego, compile (or take the cached module). A model
 * built before, with the same catalog, library and code, is taken whole from the build cache.
 */
export async function buildModel(modelFile: string, options: BuildOptions): Promise<BuildResult> {
  const key = options.catalog ? undefined : cachedBuildKey(modelFile, options.opa);
  const cached = key ? fromBuildCache(options.cacheDir, key) : undefined;
  if (cached) return cached;
  // Loaded only for a build: an evaluation of a built or cached policy needs none of them.
  const [{ loadCatalog }, { loadModel }, { generatePolicies }, { compileWasm }] = await Promise.all(
    [
      import("./catalog/load.js"),
      import("./model/load.js"),
      import("./generate/generate.js"),
      import("./compile/compile.js"),
    ],
  );
  const catalog = options.catalog ?? loadCatalog();
  const { loaded, warnings } = loadModel(modelFile, catalog);
  const generated = generatePolicies(loaded, catalog);
  const compiled = await compileWasm(generated.files, {
    opa: options.opa,
    cacheDir: options.cacheDir,
  });
  if (key)
    writeCachedBuild(options.cacheDir, key, { warnings, generated, compiledKey: compiled.key });
  return { warnings, generated, compiled };
}

/** A model file's build cache key, or undefined when it cannot be read (loadModel says why). */
function cachedBuildKey(modelFile: string, opa: string): string | undefined {
  try {
    const name = new TextEncoder().encode(`${basename(modelFile)}\0`);
    return buildCacheKey(Buffer.concat([name, readFileSync(modelFile)]), opa);
  } catch {
    return undefined;
  }
}

function fromBuildCache(cacheDir: string, key: string): BuildResult | undefined {
  const build = readCachedBuild(cacheDir, key);
  if (!build) return undefined;
  try {
    const wasm = readFileSync(join(cacheDir, `${build.compiledKey}.wasm`));
    const compiled = { wasm, cached: true, key: build.compiledKey };
    return { warnings: build.warnings, generated: build.generated, compiled };
  } catch {
    return undefined;
  }
}

/**
 * Evaluates one input (plan or state JSON, raw state file, or configuration folder) and decides
 * the gate. Findings on resources whose block was read from configuration carry its position.
 */
export async function evaluateFile(
  evaluator: Evaluator,
  manifest: Manifest,
  file: string,
  gate: GateOptions,
  jobs: Jobs = "auto",
): Promise<EvalReport> {
  const document = await loadInput(file);
  const shares = manifest.threats.map((threat) => ({
    packageName: threat.package.split(".").at(-1) ?? threat.package,
    controls: threat.controls.length,
  }));
  const result = await evaluateShared(evaluator, document, shares, jobs);
  const located = result.findings.map((finding) => {
    const source = document.sources[configAddressOf(finding.address)];
    return source ? { ...finding, source } : finding;
  });
  const sorted = sortFindings(manifest.threats, located);
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
