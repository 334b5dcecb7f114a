import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import type { Catalog } from "../catalog/types.js";
import { ThreatloopError } from "../errors.js";
import { bundledPaths } from "../paths.js";
import { describeSchemaError } from "./schema-error.js";
import type { ThreatModel } from "./types.js";
import { type CheckOptions, checkModel, type Problem } from "./validate.js";
import { parseYaml, type YamlSource } from "./yaml-source.js";

/** A threat model read from disk, with what is needed to point at its lines. */
export interface LoadedModel {
  file: string;
  model: ThreatModel;
  source: YamlSource;
  /** sha256 of the file's bytes, which keys generated output, caches and history. */
  hash: string;
}

export interface ValidationResult {
  loaded: LoadedModel | undefined;
  problems: Problem[];
}

/**
 * Reads and checks a model: YAML syntax (fatal), then the JSON Schema and the semantic checks,
 * which report every problem at once.
 */
export function validateModelFile(
  file: string,
  catalog: Catalog,
  options: CheckOptions = {},
): ValidationResult {
  const bytes = readModelBytes(file);
  const source = parseYaml(file, bytes.toString("utf8"), "model");
  const schemaProblems = checkSchema(source);
  if (schemaProblems.length > 0) return { loaded: undefined, problems: schemaProblems };
  const model = source.value as ThreatModel;
  const loaded = { file, model, source, hash: createHash("sha256").update(bytes).digest("hex") };
  return { loaded, problems: checkModel(model, source, catalog, options) };
}

/** Like validateModelFile, but throws the first error; warnings are returned. */
export function loadModel(
  file: string,
  catalog: Catalog,
): { loaded: LoadedModel; warnings: Problem[] } {
  const { loaded, problems } = validateModelFile(file, catalog);
  const errors = problems.filter((p) => p.severity === "error");
  const first = errors[0];
  if (first || !loaded) {
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more; run threatloop validate)` : "";
    throw new ThreatloopError("model", `${first?.message ?? "invalid model"}${more}`, {
      location: first?.location ?? { file },
      ...(first?.hint === undefined ? {} : { hint: first.hint }),
    });
  }
  return { loaded, warnings: problems.filter((p) => p.severity === "warning") };
}

function readModelBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : code;
    throw new ThreatloopError("model", `cannot read the threat model: ${reason}`, {
      location: { file },
      cause: error,
    });
  }
}

let compiledSchema: ReturnType<Ajv["compile"]> | undefined;

function checkSchema(source: YamlSource): Problem[] {
  if (!compiledSchema) {
    const schema = JSON.parse(readFileSync(bundledPaths().schema, "utf8"));
    compiledSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  if (compiledSchema(source.value)) return [];
  return (compiledSchema.errors ?? []).map((error) => schemaProblem(error, source));
}

function schemaProblem(error: ErrorObject, source: YamlSource): Problem {
  return { severity: "error", ...describeSchemaError(error, source) };
}
