import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Ajv, ErrorObject } from "ajv";
import { ThreatloopError } from "../errors.js";
import type { YamlSource } from "../model/yaml-source.js";
import { packageRoot } from "../paths.js";

/** The JSON Schemas of the gate's own files, shipped in schema/. */
export const GATE_SCHEMAS = {
  waivers: "waivers.schema.json",
  config: "threatloop-config.schema.json",
} as const;
export type GateSchema = keyof typeof GATE_SCHEMAS;

const compiled = new Map<GateSchema, ReturnType<Ajv["compile"]>>();

/**
 * Reads a YAML (or JSON) file of the gate and checks it against its JSON Schema. The first
 * violation is thrown with the file and the position of the offending value. The YAML parser and
 * the schema validator are loaded on the first call: most evaluations read no gate file.
 */
export async function readGateFile(file: string, schema: GateSchema): Promise<YamlSource> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ThreatloopError("input", `cannot read the ${schema} file: ${reasonOf(code)}`, {
      location: { file },
      cause: error,
    });
  }
  const [{ parseYaml }, { describeSchemaError }] = await Promise.all([
    import("../model/yaml-source.js"),
    import("../model/schema-error.js"),
  ]);
  const source = parseYaml(file, text, "input");
  const validate = await validatorFor(schema);
  if (!validate(source.value)) {
    // A misspelt field also leaves a required one missing; the misspelling is the better news.
    const errors = [...(validate.errors ?? [])].sort((a, b) => rank(a) - rank(b));
    const { message, location, hint } = describeSchemaError(errors[0] as ErrorObject, source);
    throw new ThreatloopError("input", message, { location, ...(hint ? { hint } : {}) });
  }
  return source;
}

async function validatorFor(schema: GateSchema): Promise<ReturnType<Ajv["compile"]>> {
  let validate = compiled.get(schema);
  if (!validate) {
    const { Ajv } = await import("ajv");
    const path = join(packageRoot(), "schema", GATE_SCHEMAS[schema]);
    validate = new Ajv({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(path, "utf8")),
    );
    compiled.set(schema, validate);
  }
  return validate;
}

function rank(error: ErrorObject): number {
  return error.keyword === "additionalProperties" ? 0 : 1;
}

function reasonOf(code: string | undefined): string {
  if (code === "ENOENT") return "file not found";
  if (code === "EISDIR") return "is a directory";
  return code ?? "unreadable";
}
