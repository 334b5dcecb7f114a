import type { ErrorObject } from "ajv";
import type { SourceLocation } from "../errors.js";
import type { YamlSource } from "./yaml-source.js";

/** A JSON Schema error said the way threatloop says problems: a message, a position, a hint. */
export interface DescribedSchemaError {
  message: string;
  location: SourceLocation;
  hint?: string;
}

/**
 * Turns an ajv error on a YAML document into a message naming the dotted path, positioned at the
 * value (or, for an unknown field, at its key), with the allowed values as a hint.
 */
export function describeSchemaError(error: ErrorObject, source: YamlSource): DescribedSchemaError {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const at = path.length > 0 ? path.join(".") : "the document";
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return {
      message: `${at} has an unknown field "${extra}"`,
      location: source.locateKey([...path, extra]),
    };
  }
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return {
    message: `${at} ${error.message ?? "is invalid"}`,
    location: source.locate(path),
    ...(allowed ? { hint: `one of ${allowed.join(", ")}` } : {}),
  };
}
