/**
 * Escaping for the report formats. Finding messages carry text from plans and models, so every
 * reporter passes them through one of these before they reach its output.
 */

/** Text for XML element content or a double-quoted attribute value (XML 1.0). */
export function escapeXml(text: string): string {
  return text
    .split("")
    .map(xmlCharacter)
    .join("")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/**
 * The data of a GitHub Actions workflow command, after `::`: `%`, carriage return and newline are
 * percent-encoded so a message cannot end the command or start another; other control
 * characters, which a log viewer might act on, become `?`.
 */
export function escapeWorkflowData(text: string): string {
  return text
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A")
    .replace(/\p{Cc}/gu, "?");
}

/** A workflow command's property value, where `:` and `,` are also delimiters. */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Text inside a Markdown table cell or paragraph: HTML is neutralised, the punctuation that starts
 * links, images, emphasis, code, mentions and references is escaped, and line breaks become
 * spaces, so plan text renders as the words it is.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~@#!]/g, (c) => `\\${c}`);
}

/**
 * An identifier as an inline code span in a Markdown table cell: the fence is longer than any
 * run of backticks inside, and `|` is escaped because GFM splits cells before it reads code.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage
 * return, lone surrogates, U+FFFE and U+FFFF) become U+FFFD.
 */
function xmlCharacter(char: string, index: number, all: string[]): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d ? char : "\ufffd";
  if (code === 0xfffe || code === 0xffff) return "\ufffd";
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = all[index + 1]?.charCodeAt(0) ?? 0;
    return next >= 0xdc00 && next <= 0xdfff ? char : "\ufffd";
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = all[index - 1]?.charCodeAt(0) ?? 0;
    return previous >= 0xd800 && previous <= 0xdbff ? char : "\ufffd";
  }
  return char;
}
