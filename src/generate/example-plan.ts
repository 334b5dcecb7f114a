import { parse } from "@cdktn/hcl2json";
import { ThreatloopError } from "../errors.js";

/**
 * Turns a catalog example (a few resource blocks of HCL) into the JSON `terraform show -json`
 * writes for a plan that creates them. It covers what examples use: literal values and blocks,
 * `jsonencode` of a literal object, and references to other resources, which become values
 * unknown until apply with the reference recorded in the configuration. Variables, locals,
 * functions other than `jsonencode`, count and for_each are not evaluated.
 */
export async function examplePlan(hcl: string, name = "example.tf"): Promise<object> {
  const parsed = (await parseHcl(name, hcl)) as { resource?: Blocks };
  const changes: object[] = [];
  const blocks: object[] = [];
  for (const [type, named] of sortedEntries(parsed.resource ?? {})) {
    for (const [label, bodies] of sortedEntries(named)) {
      const body = bodies[0] ?? {};
      const address = `${type}.${label}`;
      const values = await convertObject(body);
      changes.push({
        address,
        mode: "managed",
        type,
        name: label,
        provider_name: `registry.terraform.io/hashicorp/${type.split("_")[0]}`,
        change: {
          actions: ["create"],
          before: null,
          after: values.after,
          after_unknown: values.unknown,
          before_sensitive: false,
          after_sensitive: {},
        },
      });
      blocks.push({
        address,
        mode: "managed",
        type,
        name: label,
        expressions: expressionsOf(values),
      });
    }
  }
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes,
    configuration: { root_module: { resources: blocks } },
  };
}

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

/** A value split the way a plan splits it: what is known, and what is unknown until apply. */
interface Converted {
  after: unknown;
  unknown: unknown;
  references: string[];
  /** Per top-level attribute, for objects only. */
  fields?: Map<string, Converted>;
}

async function convert(value: unknown): Promise<Converted> {
  if (typeof value === "string") return convertString(value);
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map(convert));
    const unknown = items.some((i) => i.unknown !== false) ? items.map((i) => i.unknown) : [];
    return {
      after: items.map((i) => (i.unknown === true ? null : i.after)),
      unknown,
      references: items.flatMap((i) => i.references),
    };
  }
  if (value !== null && typeof value === "object") {
    return convertObject(value as Record<string, unknown>);
  }
  return { after: value, unknown: false, references: [] };
}

async function convertObject(value: Record<string, unknown>): Promise<Converted> {
  const after: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  const fields = new Map<string, Converted>();
  for (const [key, item] of sortedEntries(value)) {
    const converted = await convert(item);
    fields.set(key, converted);
    if (converted.unknown !== true) after[key] = converted.after;
    if (hasUnknown(converted.unknown)) unknown[key] = converted.unknown;
  }
  const references = [...fields.values()].flatMap((f) => f.references);
  return { after, unknown, references, fields };
}

async function convertString(text: string): Promise<Converted> {
  const encoded = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(text);
  if (encoded) {
    const parsed = (await parseHcl("jsonencode.tf", `value = ${encoded[1]}\n`)) as {
      value: unknown;
    };
    const inner = await convert(parsed.value);
    if (hasUnknown(inner.unknown))
      return { after: null, unknown: true, references: inner.references };
    return { after: JSON.stringify(inner.after), unknown: false, references: [] };
  }
  if (text.includes("${")) return { after: null, unknown: true, references: referencesIn(text) };
  return { after: text, unknown: false, references: [] };
}

const NOT_RESOURCES = new Set([
  "var",
  "local",
  "module",
  "data",
  "each",
  "count",
  "path",
  "self",
  "terraform",
]);

/**
 * Resource references in an expression, each with and without its attribute, as Terraform
 * lists them.
 */
function referencesIn(expression: string): string[] {
  const found: string[] = [];
  for (const m of expression.matchAll(
    /\b([a-z][a-z0-9_]*)\.([a-zA-Z_][\w-]*)((?:\.[a-zA-Z_]\w*)*)/g,
  )) {
    const [, type, name, rest] = m;
    if (!type || !name || NOT_RESOURCES.has(type) || !type.includes("_")) continue;
    if (rest) found.push(`${type}.${name}${rest}`);
    found.push(`${type}.${name}`);
  }
  return [...new Set(found)];
}

function hasUnknown(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (Array.isArray(unknown)) return unknown.some(hasUnknown);
  if (unknown !== null && typeof unknown === "object")
    return Object.values(unknown).some(hasUnknown);
  return false;
}

function expressionsOf(values: Converted): Record<string, unknown> {
  const expressions: Record<string, unknown> = {};
  for (const [key, field] of values.fields ?? []) {
    expressions[key] =
      field.references.length > 0
        ? { references: field.references }
        : { constant_value: field.after };
  }
  return expressions;
}

function sortedEntries<T>(object: Record<string, T>): [string, T][] {
  return Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function parseHcl(name: string, hcl: string): Promise<unknown> {
  try {
    return await parse(name, hcl);
  } catch (error) {
    throw new ThreatloopError("catalog", `example ${name} is not valid HCL: ${String(error)}`, {
      location: { file: name },
    });
  }
}
