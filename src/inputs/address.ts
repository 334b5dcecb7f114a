/**
 * Writes a count or for_each key the way Terraform writes it in an instance address: `[0]` for a
 * number, `["key"]` for a string, quoted and escaped as an HCL string literal.
 * https://developer.hashicorp.com/terraform/cli/state/resource-addressing
 */
export function formatIndexKey(key: unknown): string {
  if (typeof key === "number") return `[${key}]`;
  return `[${quoteHcl(String(key))}]`;
}

/** Quotes a string as HCL does, escaping template sequences so they stay literal text. */
export function quoteHcl(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if ((char === "$" || char === "%") && next === "{") out += `${char}${char}`;
    else if (char.charCodeAt(0) < 0x20) {
      out += `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `${out}"`;
}

/**
 * The configuration address of an instance address: every count and for_each key dropped
 * (`module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`), and so any deposed suffix.
 */
export function configAddressOf(address: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const char = address[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "[") depth++;
    else if (char === "]") depth--;
    else if (char === " " && depth === 0) break;
    else if (depth === 0) out += char;
  }
  return out;
}
