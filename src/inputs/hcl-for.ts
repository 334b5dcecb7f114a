import { parse } from "./hcl-parser.js";
import type { Resolved, Scope, ScopeValue } from "./hcl-values.js";

/** Marks a `for` expression whose parts were parsed into values. */
export const FOR = Symbol("for");

/** A `[for x in c : v if cond]` or `{for k, v in c : key => value}` expression. */
export interface ForExpression {
  [FOR]: "list" | "object";
  names: string[];
  collection: unknown;
  key?: unknown;
  value: unknown;
  condition?: unknown;
}

type Resolve = (value: unknown, scope: Scope) => Resolved;

const WHOLE_FOR =
  /^\$\{\s*([[{])\s*for\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\s+([\s\S]*)([\]}])\s*\}$/;

/** Whether a value is a parsed `for` expression. */
export function isFor(value: unknown): value is ForExpression {
  return typeof value === "object" && value !== null && FOR in value;
}

/**
 * Parses a whole-attribute `for` expression into its parts, each parsed as HCL on its own, or
 * returns undefined when it is not one or a part does not parse (it then stays unknown). Grouping
 * (`...`) is not read.
 */
export async function parseFor(
  file: string,
  text: string,
  parseInner: (value: unknown) => Promise<unknown>,
): Promise<ForExpression | undefined> {
  const m = WHOLE_FOR.exec(text);
  if (!m || (m[1] === "[" ? "]" : "}") !== m[5]) return undefined;
  const [head, body] = splitTop(m[4] ?? "", ":");
  if (body === undefined) return undefined;
  const [result, condition] = splitTop(body, " if ");
  let key: string | undefined;
  let value = result;
  if (m[1] === "{") {
    const [k, v] = splitTop(result, "=>");
    if (v === undefined || v.trim().endsWith("...")) return undefined;
    key = k;
    value = v;
  }
  try {
    const part = async (source: string) =>
      parseInner((await parse(file, `value = ${source.trim()}\n`)).value);
    const parsed: ForExpression = {
      [FOR]: m[1] === "[" ? "list" : "object",
      names: [m[2] ?? "", ...(m[3] ? [m[3]] : [])],
      collection: await part(head),
      value: await part(value),
    };
    if (key !== undefined) parsed.key = await part(key);
    if (condition !== undefined) parsed.condition = await part(condition);
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * Evaluates a `for` expression over a known collection: lists by index, objects by key. Any
 * part that is not known, or a key that is not a string, leaves the whole value unknown.
 */
export function resolveFor(expression: ForExpression, scope: Scope, resolve: Resolve): Resolved {
  const unknown: Resolved = { unknown: true, sensitive: false };
  const collection = resolve(expression.collection, scope);
  if (collection.unknown !== false) return { ...unknown, sensitive: collection.sensitive };
  const source = collection.after;
  if (typeof source !== "object" || source === null) return unknown;
  const entries: [unknown, unknown][] = Array.isArray(source)
    ? source.map((item, index) => [index, item])
    : Object.entries(source);
  const sensitive = collection.sensitive !== false;
  const list: unknown[] = [];
  const object: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const inner = new Map(scope);
    const bind = (name: string, value: unknown) => {
      const bound: ScopeValue = { known: true, value, sensitive };
      inner.set(name, bound);
    };
    const [first = "", second] = expression.names;
    if (second === undefined) bind(first, v);
    else {
      bind(first, k);
      bind(second, v);
    }
    if (expression.condition !== undefined) {
      const condition = resolve(expression.condition, inner);
      if (condition.unknown !== false || typeof condition.after !== "boolean") return unknown;
      if (!condition.after) continue;
    }
    const value = resolve(expression.value, inner);
    if (value.unknown !== false) return unknown;
    if (expression[FOR] === "list") {
      list.push(value.after);
      continue;
    }
    const key = resolve(expression.key, inner);
    if (key.unknown !== false || typeof key.after !== "string") return unknown;
    object[key.after] = value.after;
  }
  return { after: expression[FOR] === "list" ? list : object, unknown: false, sensitive };
}

/** Splits at the first occurrence of the separator outside brackets and strings. */
function splitTop(text: string, separator: string): [string, string | undefined] {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      return [text.slice(0, i), text.slice(i + separator.length)];
    }
  }
  return [text, undefined];
}
