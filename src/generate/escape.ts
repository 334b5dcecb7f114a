import { createHash } from "node:crypto";

/**
 * Escape helpers: the only way text from a threat model reaches generated Rego. Each returns a
 * complete token (a quoted string, an identifier, a whole term), so text can never end a string,
 * open a comment, or start a new line of code.
 */

/** A Rego (and JSON) string literal made only of printable ASCII. */
export function regoString(text: string): string {
  return quoted(text, (code) => {
    const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
    const low = ((code - 0x10000) % 0x400) + 0xdc00;
    return unicodeEscape(high) + unicodeEscape(low);
  });
}

/**
 * A YAML double-quoted scalar made only of printable ASCII. YAML refuses the surrogate pairs
 * JSON uses for characters beyond the Basic Multilingual Plane and takes `\U` with 8 digits.
 */
export function yamlString(text: string): string {
  return quoted(text, (code) => `\\U${code.toString(16).padStart(8, "0")}`);
}

function quoted(text: string, astral: (code: number) => string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code <= 0xffff) out += unicodeEscape(code);
    else out += astral(code);
  }
  return `${out}"`;
}

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * A Rego term for a JSON value, laid out the way `opa fmt` keeps it: on one line when short,
 * otherwise one element per line with tabs and trailing commas.
 */
export function regoTerm(value: unknown, indent = 0, width = 80): string {
  const flat = flatTerm(value);
  if (flat.length + indent * 4 <= width || !isComposite(value)) return flat;
  if (Object.keys(value as object).length === 0) return flat;
  const pad = "\t".repeat(indent + 1);
  const close = "\t".repeat(indent);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item) => ["", item])
    : Object.entries(value as Record<string, unknown>).map(([k, v]) => [`${regoString(k)}: `, v]);
  const [open, end] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only) {
    // opa fmt keeps a lone element on the brackets' line and expands the element itself.
    const inner = regoTerm(only[1], indent, width - open.length - only[0].length);
    return `${open}${only[0]}${inner}${end}`;
  }
  // A key shortens the room left on its line for the value.
  const lines = entries.map(
    ([key, item]) => `${pad}${key}${regoTerm(item, indent + 1, width - key.length)},`,
  );
  return `${open}\n${lines.join("\n")}\n${close}${end}`;
}

function isComposite(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

function flatTerm(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return regoString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(flatTerm).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${regoString(k)}: ${flatTerm(v)}`).join(", ")}}`;
}

/**
 * A Rego identifier derived from an id: lower case, `_` for anything else, and a prefix so it
 * never starts with a digit or equals a keyword. With `hashed`, a short hash of the id follows,
 * for ids whose plain forms collide.
 */
export function regoIdentifier(prefix: string, id: string, hashed = false): string {
  const base = `${prefix}_${id.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  if (!hashed) return base;
  return `${base}_${createHash("sha256").update(id).digest("hex").slice(0, 8)}`;
}

/**
 * A METADATA comment value: a YAML double-quoted scalar, folded over several comment lines at
 * single spaces so no line passes the width. YAML folds each line break back into one space.
 */
export function metadataValue(text: string, firstLineRoom: number, width = 116): string[] {
  const lines: string[] = [];
  let rest = yamlString(text);
  let room = firstLineRoom;
  while (rest.length > room) {
    const cut = foldPoint(rest, room);
    if (cut < 0) break;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
    room = width - 4;
  }
  lines.push(rest);
  return lines;
}

/**
 * The last lone space at or before `room`, never next to another space, and never one that
 * would start a comment line with METADATA, which OPA reads as the start of a new block.
 */
function foldPoint(text: string, room: number): number {
  for (let i = Math.min(room, text.length - 2); i > 1; i--) {
    if (text[i] !== " " || text[i - 1] === " " || text[i + 1] === " ") continue;
    if (text.slice(i + 1, i + 9).toUpperCase() === "METADATA") continue;
    return i;
  }
  return -1;
}

/**
 * An HCL quoted string: quotes and backslashes escaped, control and non-ASCII characters as
 * `\uNNNN` or `\UNNNNNNNN`, and `${` and `%{` doubled to `$${` and `%%{` so that text never starts
 * an interpolation or a template directive.
 */
export function hclString(text: string): string {
  return quoted(text, (code) => `\\U${code.toString(16).padStart(8, "0")}`)
    .replaceAll("${", () => "$${")
    .replaceAll("%{", () => "%%{");
}
