import { isFor, parseFor, resolveFor } from "./hcl-for.js";
import { getReferencesInExpression, parse } from "./hcl-parser.js";

/** A value of the scope an expression is read in: known or not, sensitive or not. */
export interface ScopeValue {
  known: boolean;
  value?: unknown;
  sensitive: boolean;
}

/** Named values an expression may use: `var.x`, `count.index`, `each.key`, `each.value`. */
export type Scope = Map<string, ScopeValue>;

/** A converted attribute value with the marks plan JSON keeps beside `after`. */
export interface Resolved {
  /** Absent when unknown. */
  after?: unknown;
  /** `true`, or a tree of the unknown parts; `false` when wholly known. */
  unknown: unknown;
  /** `true`, or a tree of the sensitive parts; `false` when not sensitive. */
  sensitive: unknown;
}

const INTERPOLATION = /\$\{\s*([^{}]*?)\s*\}/g;
const WHOLE = /^\$\{\s*([^{}]*?)\s*\}$/;
const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/**
 * Resolves a value as hcl2json gives it. Literals are known; a template whose interpolations are
 * all variables, `count.index` or `each.*` of the scope with known values is worked out; any
 * other expression (a function call, a reference to another resource) is unknown, as it would
 * be in a plan before apply.
 */
export function resolveValue(value: unknown, scope: Scope): Resolved {
  if (isCall(value)) return resolveCall(value, scope);
  if (isFor(value)) return resolveFor(value, scope, resolveValue);
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveValue(item, scope));
    return {
      after: items.map((item) => item.after ?? null),
      unknown: anyMarked(items.map((item) => item.unknown)),
      sensitive: anyMarked(items.map((item) => item.sensitive)),
    };
  }
  if (typeof value === "object" && value !== null) {
    const after: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    const sensitive: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const resolved = resolveValue(inner, scope);
      if ("after" in resolved) after[key] = resolved.after;
      if (resolved.unknown !== false) unknown[key] = resolved.unknown;
      if (resolved.sensitive !== false) sensitive[key] = resolved.sensitive;
    }
    return {
      after,
      unknown: Object.keys(unknown).length > 0 ? unknown : false,
      sensitive: Object.keys(sensitive).length > 0 ? sensitive : false,
    };
  }
  if (typeof value !== "string" || !value.includes("${")) {
    return { after: value, unknown: false, sensitive: false };
  }
  return resolveTemplate(value, scope);
}

/** Functions whose result is known when their argument is: they only change its type or text. */
const KNOWN_CALLS = ["jsonencode", "toset", "tolist", "tomap"] as const;
type KnownCall = (typeof KNOWN_CALLS)[number];

/** Marks a call of one of KNOWN_CALLS whose argument was parsed into a value. */
const CALL = Symbol("call");
type Call = { [CALL]: KnownCall; argument: unknown };
const CALL_PATTERN = /^\$\{\s*(jsonencode|toset|tolist|tomap)\(([\s\S]*)\)\s*\}$/;

function isCall(value: unknown): value is Call {
  return typeof value === "object" && value !== null && CALL in value;
}

/**
 * `jsonencode` of a known value is JSON text with keys in order, as Terraform writes it;
 * `toset` drops repeated elements; `tolist` and `tomap` keep the value.
 */
function resolveCall(call: Call, scope: Scope): Resolved {
  const resolved = resolveValue(call.argument, scope);
  const sensitive = resolved.sensitive !== false;
  if (resolved.unknown !== false) return { unknown: true, sensitive };
  if (call[CALL] === "jsonencode") {
    return { after: JSON.stringify(sortKeys(resolved.after)), unknown: false, sensitive };
  }
  if (call[CALL] === "toset" && Array.isArray(resolved.after)) {
    return { after: [...new Set(resolved.after)], unknown: false, sensitive };
  }
  return { after: resolved.after, unknown: false, sensitive };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}

/**
 * Parses the argument of each call of KNOWN_CALLS that makes up a whole attribute, so a policy
 * document written as an HCL object, or `for_each = toset([...])`, is known at plan time as
 * Terraform would know it; a whole-attribute `for` expression is parsed into its parts likewise.
 * An argument that does not parse on its own stays an expression, and so unknown.
 */
export async function parseCalls(file: string, value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => parseCalls(file, item)));
  if (typeof value === "object" && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, inner]) => [key, await parseCalls(file, inner)]),
    );
    return Object.fromEntries(entries);
  }
  if (typeof value !== "string") return value;
  const call = CALL_PATTERN.exec(value);
  if (!call) return (await parseFor(file, value, (inner) => parseCalls(file, inner))) ?? value;
  try {
    const parsed = await parse(file, `value = ${call[2]}\n`);
    const argument = await parseCalls(file, parsed.value);
    return { [CALL]: call[1] as KnownCall, argument };
  } catch {
    return value;
  }
}

function resolveTemplate(template: string, scope: Scope): Resolved {
  if (template.includes("%{")) return { unknown: true, sensitive: false };
  const whole = WHOLE.exec(template);
  if (whole) {
    const found = lookup(whole[1] ?? "", scope);
    if (!found?.known) return { unknown: true, sensitive: found?.sensitive ?? false };
    return { after: found.value, unknown: false, sensitive: found.sensitive };
  }
  let sensitive = false;
  let known = true;
  const text = template.replace(INTERPOLATION, (_, expression: string) => {
    const found = lookup(expression, scope);
    const primitive = ["string", "number", "boolean"].includes(typeof found?.value);
    if (!found?.known || !primitive) known = false;
    sensitive ||= found?.sensitive ?? false;
    return String(found?.value ?? "");
  });
  // An interpolation with braces of its own (a function call on an object) is left in the text.
  if (text.includes("${")) known = false;
  return known ? { after: text, unknown: false, sensitive } : { unknown: true, sensitive };
}

/**
 * The value of a traversal: a name of the scope, or an attribute inside a known object of the
 * scope (`each.value.name`). An attribute the object lacks is unknown, as a computed attribute
 * of a resource is until apply.
 */
function lookup(expression: string, scope: Scope): ScopeValue | undefined {
  if (!TRAVERSAL.test(expression)) return undefined;
  const direct = scope.get(expression);
  if (direct) return direct;
  const parts = expression.split(".");
  for (let n = parts.length - 1; n >= 1; n--) {
    const base = scope.get(parts.slice(0, n).join("."));
    if (!base) continue;
    if (!base.known) return base;
    let value = base.value;
    for (const key of parts.slice(n)) {
      if (typeof value !== "object" || value === null || Array.isArray(value) || !(key in value)) {
        return { known: false, sensitive: base.sensitive };
      }
      value = (value as Record<string, unknown>)[key];
    }
    return { known: true, value, sensitive: base.sensitive };
  }
  return undefined;
}

function anyMarked(marks: unknown[]): unknown {
  return marks.some((mark) => mark !== false) ? marks : false;
}

/**
 * The configuration expression of an attribute as plan JSON writes it: `constant_value` for a
 * literal, `references` for an expression, and nested blocks as lists of expression maps.
 * https://developer.hashicorp.com/terraform/internals/json-format#expression-representation
 */
export async function configExpression(file: string, value: unknown): Promise<unknown> {
  if (isBlockList(value)) {
    return Promise.all(value.map((body) => configExpressions(file, body)));
  }
  const templates = templatesIn(value);
  if (templates.length === 0) return { constant_value: value };
  const references: string[] = [];
  for (const template of templates) {
    for (const reference of await referencesOf(file, template)) {
      if (!references.includes(reference)) references.push(reference);
    }
  }
  return { references };
}

/** The expressions of every attribute of a block body. */
export async function configExpressions(
  file: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const expressions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    expressions[key] = await configExpression(file, value);
  }
  return expressions;
}

function isBlockList(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))
  );
}

function templatesIn(value: unknown): string[] {
  if (typeof value === "string") return value.includes("${") ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(templatesIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(templatesIn);
  return [];
}

/**
 * References as Terraform lists them: `aws_s3_bucket.b[0]` and `aws_s3_bucket.b` for an
 * indexed one. hcl2json gives the traversal up to the index, so the index is read from the text.
 */
async function referencesOf(file: string, template: string): Promise<string[]> {
  const found = await getReferencesInExpression(file, template);
  const references: string[] = [];
  for (const reference of found) {
    const key = /^\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\]/.exec(template.slice(reference.endPosition));
    if (key) references.push(`${reference.value}${key[0]}`);
    references.push(reference.value);
  }
  return references;
}
