import { loadCatalog } from "../catalog/load.js";
import { type GenerateResult, generatePolicies } from "../generate/generate.js";
import { loadModel } from "../model/load.js";
import { type Io, note } from "./context.js";
import { problemLine } from "./problem-line.js";

/** Loads and validates a model, prints its warnings, and generates its policies. */
export function generateModel(io: Io, options: { model: string; quiet?: boolean }): GenerateResult {
  const catalog = loadCatalog();
  const { loaded, warnings } = loadModel(options.model, catalog);
  for (const warning of warnings) note(io, options, problemLine(warning));
  return generatePolicies(loaded, catalog);
}
