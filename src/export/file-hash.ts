import { createHash } from "node:crypto";
import { basename } from "node:path";

/** The hashing algorithm threatloop writes into bundle signatures. */
export const SIGNATURE_HASH = "SHA-256";

/** Files OPA hashes as parsed JSON rather than as bytes. */
const STRUCTURED = new Set(["data.json", ".manifest", ".signatures.json"]);

/**
 * The digest OPA expects for one bundle file: bytes as they are, except the data, manifest and
 * signatures files, which are hashed as their JSON with object keys in order and no whitespace,
 * so a signature survives reformatting. data.yaml is not hashed this way here: threatloop
 * bundles never hold one, and a bundle that does fails verification.
 * https://www.openpolicyagent.org/docs/management-bundles#signature-format
 */
export function bundleFileHash(path: string, content: Buffer): string {
  const hash = createHash("sha256");
  if (STRUCTURED.has(basename(path)))
    hash.update(canonicalJson(JSON.parse(content.toString("utf8"))));
  else hash.update(content);
  return hash.digest("hex");
}

/** JSON with sorted keys and no whitespace, strings escaped as Go's encoder escapes them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goString(k)}:${canonicalJson(record[k])}`).join(",")}}`;
  }
  if (typeof value === "string") return goString(value);
  return JSON.stringify(value);
}

// Go writes \b, \f and the line and paragraph separators as \u escapes where JSON.stringify
// writes \b, \f and the raw characters.
function goString(text: string): string {
  return JSON.stringify(text)
    .replace(/\\b/g, "\\u0008")
    .replace(/\\f/g, "\\u000c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
