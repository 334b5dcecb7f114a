import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ThreatloopError } from "../../errors.js";
import { parse } from "../../inputs/hcl-parser.js";
import type { TerraformResource } from "./plan.js";

type Json = Record<string, unknown>;

/** `type.name` of a resource in an expression, not preceded by `data.` or another name. */
const REFERENCE = /(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/**
 * A light read of the `.tf` files of one folder for `init`: resource blocks, their literal
 * attribute values and the resources their expressions refer to. Modules are not followed and
 * expressions are not evaluated, so a value built from a variable is unknown.
 */
export async function readTerraformFolder(dir: string): Promise<TerraformResource[]> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".tf"))
    .sort();
  if (files.length === 0) {
    throw new ThreatloopError("input", "the folder holds no .tf file", {
      location: { file: dir },
      hint: "pass a folder of Terraform configuration, or a plan JSON file",
    });
  }
  return readTerraformFiles(files.map((name) => join(dir, name)));
}

/** Reads the resource blocks of the given `.tf` files, in order. */
export async function readTerraformFiles(files: string[]): Promise<TerraformResource[]> {
  const resources: TerraformResource[] = [];
  for (const file of files) {
    const document = await parseFile(file);
    const blocks = isJson(document.resource) ? document.resource : {};
    for (const [type, byName] of Object.entries(blocks)) {
      if (!isJson(byName)) continue;
      if (!/^[a-z][a-z0-9_]*$/.test(type)) {
        throw new ThreatloopError("input", `invalid resource type name "${type}"`, {
          location: { file },
          hint: "a type is a provider name, an underscore and a resource name",
        });
      }
      for (const [resourceName, bodies] of Object.entries(byName)) {
        const body = Array.isArray(bodies) && isJson(bodies[0]) ? bodies[0] : {};
        const address = `${type}.${resourceName}`;
        resources.push({
          address,
          config: address,
          type,
          name: resourceName,
          values: literalValues(body) as Json,
          references: referencesOf(body),
        });
      }
    }
  }
  return resources;
}

async function parseFile(file: string): Promise<Json> {
  try {
    return (await parse(file, readFileSync(file, "utf8"))) as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // hcl2json reports `parse config: [file:line,column-...: summary; detail]`.
    const match = /:(\d+),(\d+)-[^:]*: ([^;\]]+)/.exec(message);
    throw new ThreatloopError("input", `invalid HCL: ${match?.[3] ?? message}`, {
      location: match ? { file, line: Number(match[1]), column: Number(match[2]) } : { file },
      cause: error,
    });
  }
}

/** The attribute values written as literals; anything holding an expression is left out. */
function literalValues(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") ? undefined : value;
  if (Array.isArray(value)) return value.map(literalValues).filter((v) => v !== undefined);
  if (!isJson(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const literal = literalValues(item);
    if (literal !== undefined) out[key] = literal;
  }
  return out;
}

function referencesOf(body: Json): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [attribute, value] of Object.entries(body)) {
    const found = new Set<string>();
    collect(value, found);
    if (found.size > 0) out[attribute] = [...found].sort();
  }
  return out;
}

function collect(value: unknown, found: Set<string>): void {
  if (typeof value === "string") {
    for (const expression of value.match(/\$\{[\s\S]*?\}/g) ?? []) {
      for (const match of expression.matchAll(REFERENCE)) found.add(`${match[1]}.${match[2]}`);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, found);
  } else if (isJson(value)) {
    for (const item of Object.values(value)) collect(item, found);
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
