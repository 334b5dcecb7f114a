/** threatloop's library API: each pipeline stage as plain functions. */
export { loadCatalog } from "./catalog/load.js";
export type { Catalog, CatalogControl } from "./catalog/types.js";
export { compileWasm } from "./compile/compile.js";
export { resolveOpa, runOpa } from "./compile/opa.js";
export { ThreatloopError } from "./errors.js";
export { Evaluator } from "./evaluate/evaluate.js";
export type { EvaluationResult, Finding, Verdict } from "./evaluate/findings.js";
export { decideGate, EXIT } from "./gate/gate.js";
export { generatePolicies } from "./generate/generate.js";
export type { Manifest } from "./generate/manifest.js";
export { readInputDocument } from "./inputs/read.js";
export { loadModel, validateModelFile } from "./model/load.js";
export type { ThreatModel } from "./model/types.js";
export { buildModel, evaluateFile } from "./pipeline.js";
export { reporterFor } from "./report/index.js";
