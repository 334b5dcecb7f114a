/**
 * Address globs with the semantics of OPA's `glob.match(pattern, null, text)` (gobwas/glob
 * without separators): `*` matches any run of characters, `?` one character, `[abc]`, `[a-z]`
 * and `[!abc]` one character of a class, `{a,b}` either alternative, and `\` escapes the next
 * character. Nothing is special about dots, brackets or slashes.
 */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern, 0, false).source}$`, "su");
}

const compiled = new Map<string, RegExp>();

/** Whether a glob matches the whole text. Patterns are compiled once per process. */
export function globMatches(pattern: string, text: string): boolean {
  let regExp = compiled.get(pattern);
  if (!regExp) {
    regExp = globToRegExp(pattern);
    compiled.set(pattern, regExp);
  }
  return regExp.test(text);
}

interface Translated {
  source: string;
  end: number;
}

function translate(pattern: string, start: number, inAlternatives: boolean): Translated {
  let source = "";
  let i = start;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (inAlternatives && (char === "," || char === "}")) break;
    if (char === "\\" && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[i + 1] as string);
      i += 2;
    } else if (char === "*") {
      source += ".*";
      i++;
    } else if (char === "?") {
      source += ".";
      i++;
    } else if (char === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        source += "\\[";
        i++;
        continue;
      }
      source += characterClass(pattern.slice(i + 1, close));
      i = close + 1;
    } else if (char === "{") {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(pattern, j, true);
        alternatives.push(part.source);
        j = part.end;
        if (pattern[j] === ",") j++;
        else break;
      }
      if (pattern[j] !== "}") {
        source += "\\{";
        i++;
        continue;
      }
      source += `(?:${alternatives.join("|")})`;
      i = j + 1;
    } else {
      source += escapeRegExp(char);
      i++;
    }
  }
  return { source, end: i };
}

function characterClass(body: string): string {
  const negated = body.startsWith("!");
  const members = negated ? body.slice(1) : body;
  const escaped = members.replace(/[\\\]^]/g, (c) => `\\${c}`);
  return negated ? `[^${escaped}]` : `[${escaped}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => `\\${c}`);
}
