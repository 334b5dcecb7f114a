/**
 * Address globs, matched exactly as the policies match them: OPA's `glob.match(pattern, null, s)`
 * (the gobwas/glob syntax without separators). `*` matches any run of characters, `?` one
 * character, `[abc]`, `[a-z]` and `[!abc]` a class, `{a,b}` either alternative, and `\` makes the
 * next character literal. No npm glob library has these semantics (they all treat `/` as a
 * separator and `!` as negation), hence this small compiler to a regular expression.
 */
export interface AddressGlob {
  pattern: string;
  test(address: string): boolean;
}

/** A pattern that OPA would refuse to compile, with the position (from 0) of the fault. */
export class GlobSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = "GlobSyntaxError";
  }
}

/** Compiles a pattern; throws GlobSyntaxError for an unclosed class or group or a bad escape. */
export function compileAddressGlob(pattern: string): AddressGlob {
  const chars = [...pattern];
  const [source, end] = parseSequence(chars, 0, false);
  if (end < chars.length) throw new GlobSyntaxError(`unexpected "${chars[end]}"`, end);
  const regex = new RegExp(`^${source}$`, "su");
  return { pattern, test: (address) => regex.test(address) };
}

/** True when the pattern matches the instance address or the configuration address. */
export function matchesAddress(glob: AddressGlob, address: string, config: string): boolean {
  return glob.test(address) || glob.test(config);
}

function parseSequence(chars: string[], start: number, inGroup: boolean): [string, number] {
  let out = "";
  let i = start;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (inGroup && (c === "," || c === "}")) return [out, i];
    if (c === "\\") {
      const next = chars[i + 1];
      if (next === undefined) throw new GlobSyntaxError("the pattern ends with an escape", i);
      out += escapeRegex(next);
      i += 2;
    } else if (c === "*") {
      while (chars[i] === "*") i++;
      out += ".*";
    } else if (c === "?") {
      out += ".";
      i++;
    } else if (c === "[") {
      const [cls, next] = parseClass(chars, i);
      out += cls;
      i = next;
    } else if (c === "{") {
      const [group, next] = parseGroup(chars, i);
      out += group;
      i = next;
    } else {
      out += escapeRegex(c);
      i++;
    }
  }
  if (inGroup) throw new GlobSyntaxError('"{" is not closed', start - 1);
  return [out, i];
}

function parseGroup(chars: string[], open: number): [string, number] {
  const alternatives: string[] = [];
  let i = open + 1;
  for (;;) {
    const [alternative, next] = parseSequence(chars, i, true);
    alternatives.push(alternative);
    if (chars[next] === "}") return [`(?:${alternatives.join("|")})`, next + 1];
    if (chars[next] !== ",") throw new GlobSyntaxError('"{" is not closed', open);
    i = next + 1;
  }
}

/**
 * A class is either one range (`[a-z]`, `[!a-z]`) or a list of characters in which `\` escapes
 * (`[abc]`, `[!\]]`), never both: gobwas reads `[a-c-e]` as an error, and so does this.
 */
function parseClass(chars: string[], open: number): [string, number] {
  let i = open + 1;
  const negated = chars[i] === "!";
  if (negated) i++;
  const unclosed = () => new GlobSyntaxError('"[" is not closed', open);
  if (chars[i] === undefined) throw unclosed();
  if (chars[i + 1] === "-") {
    const low = chars[i] as string;
    const high = chars[i + 2];
    if (high === undefined) throw unclosed();
    if (chars[i + 3] !== "]") throw new GlobSyntaxError('a range must be followed by "]"', i + 3);
    if (high < low) throw new GlobSyntaxError(`the range ${low}-${high} is reversed`, i);
    return [classRegex(`${escapeClass(low)}-${escapeClass(high)}`, negated), i + 4];
  }
  let body = "";
  while (chars[i] !== "]") {
    let c = chars[i];
    if (c === "\\") c = chars[++i];
    if (c === undefined) throw unclosed();
    body += escapeClass(c);
    i++;
  }
  if (body === "") throw new GlobSyntaxError("a character class is empty", open);
  return [classRegex(body, negated), i + 1];
}

function classRegex(body: string, negated: boolean): string {
  return negated ? `[^${body}]` : `[${body}]`;
}

/** Escapes what the `u` flag lets be escaped outside a class: the syntax characters and `/`. */
function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}
