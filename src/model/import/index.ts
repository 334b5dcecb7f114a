import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ThreatloopError } from "../../errors.js";
import { parseYaml } from "../yaml-source.js";
import { isRecord, list } from "./common.js";
import { importOtm } from "./otm.js";
import { importThreagile } from "./threagile.js";
import { importThreatDragon } from "./threat-dragon.js";
import type { ImportFormat, ImportResult } from "./types.js";

export type { Assumed, Dropped, ImportFormat, ImportResult } from "./types.js";

const THREAGILE_KEYS = [
  "threagile_version",
  "technical_assets",
  "trust_boundaries",
  "data_assets",
  "risk_tracking",
  "abuse_cases",
  "security_requirements",
  "shared_runtimes",
  "individual_risk_categories",
  "custom_risk_categories",
  "business_criticality",
  "business_overview",
  "questions",
  "tags_available",
] as const;

/** Includes of a Threagile model are followed this deep, and only inside its folder. */
const MAX_INCLUDE_DEPTH = 8;

/**
 * Reads a threat model of another tool (OTM JSON or YAML, Threat Dragon JSON, Threagile YAML or
 * JSON), recognises its format from its content and maps it to the native model. Files that are
 * not models (JSON Schemas, CycloneDX BOMs) are refused with the reason.
 */
export function importThreatModelFile(file: string): ImportResult {
  const doc = readDocument(file);
  const format = detectFormat(doc, file);
  if (format === "otm") return importOtm(doc);
  if (format === "threat-dragon") return importThreatDragon(doc);
  return importThreagile(mergeIncludes(doc, file, realpathSync(dirname(resolve(file))), 0));
}

/** Which importer a document is for, or a refusal naming what the document is. */
export function detectFormat(doc: Record<string, unknown>, file: string): ImportFormat {
  const refuse = (what: string, hint?: string) =>
    new ThreatloopError("input", what, { location: { file }, ...(hint ? { hint } : {}) });
  const schemaLike = typeof doc.$schema === "string" || typeof doc.$id === "string";
  if (schemaLike && (doc.properties || doc.$defs || doc.definitions)) {
    throw refuse("this is a JSON Schema, not a threat model");
  }
  if (doc.otmVersion !== undefined) return "otm";
  if (typeof doc.$schema === "string" && doc.$schema.includes("threat-model-library")) {
    throw refuse("OWASP threat model library (TM-BOM) documents are not imported");
  }
  if (doc.bomFormat === "CycloneDX") {
    throw refuse("CycloneDX threat-model BOMs are not imported", "export the model as OTM");
  }
  if (isRecord(doc.summary) && isRecord(doc.detail)) {
    if (Array.isArray(doc.detail.diagrams)) return "threat-dragon";
    throw refuse("a Threat Dragon model without detail.diagrams");
  }
  if ("threagile_version" in doc || "technical_assets" in doc || Array.isArray(doc.includes)) {
    return "threagile";
  }
  if (THREAGILE_KEYS.some((key) => key in doc)) {
    throw refuse(
      "a fragment of a Threagile model without technical_assets",
      "import the Threagile file that includes it",
    );
  }
  throw refuse(
    "not a threat model threatloop imports",
    "OTM (otmVersion), Threat Dragon (summary and detail.diagrams) or Threagile (technical_assets)",
  );
}

function readDocument(file: string, emptyAllowed = false): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : code;
    throw new ThreatloopError("input", `cannot read the threat model: ${reason}`, {
      location: { file },
      cause: error,
    });
  }
  // YAML 1.2 reads JSON too, with the same limits on size, aliases and duplicate keys.
  const value = parseYaml(file, text.replace(/^\uFEFF/, ""), "model").value;
  if (emptyAllowed && (value === null || value === undefined)) return {};
  if (!isRecord(value)) {
    throw new ThreatloopError("input", "the document is not a mapping", {
      location: { file, line: 1, column: 1 },
    });
  }
  return value;
}

/** Threagile's `includes`: later files add map entries and list items the main file lacks. */
function mergeIncludes(
  doc: Record<string, unknown>,
  file: string,
  root: string,
  depth: number,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...doc };
  delete merged.includes;
  for (const include of list(doc.includes)) {
    const target = resolve(dirname(resolve(file)), String(include));
    // Symbolic links are resolved first, so none can lead out of the folder.
    const real = existsSync(target) ? realpathSync(target) : target;
    if (relative(root, real).startsWith("..") || isAbsolute(relative(root, real))) {
      throw new ThreatloopError("input", `include "${include}" is outside the model's folder`, {
        location: { file },
        hint: "includes are followed inside the main model's folder only",
      });
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw new ThreatloopError("input", `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels`, {
        location: { file },
        hint: "an include may lead back to a file that includes it",
      });
    }
    const included = mergeIncludes(readDocument(target, true), target, root, depth + 1);
    for (const [key, value] of Object.entries(included)) {
      const current = merged[key];
      if (current === undefined) merged[key] = value;
      else if (Array.isArray(current) && Array.isArray(value)) merged[key] = [...current, ...value];
      else if (isRecord(current) && isRecord(value)) merged[key] = { ...value, ...current };
    }
  }
  return merged;
}
