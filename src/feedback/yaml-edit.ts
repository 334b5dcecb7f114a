import { type Document, isMap, isScalar, type YAMLMap } from "yaml";

/** One replacement of a span of the original text. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Edits to a YAML document made as text splices at the positions the parsed document gives, so
 * every byte outside the edited keys stays as written: comments, folding, quoting, flow style.
 */
export class YamlSplicer {
  private readonly edits: Edit[] = [];

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {}

  /**
   * Sets `key` of the block map at `path` to a map of strings, replacing the key's current value
   * or adding the key after the map's last entry. False when the map is not a block map.
   */
  setBlock(path: (string | number)[], key: string, value: Record<string, string>): boolean {
    const map = this.doc.getIn(path, true);
    if (!isMap(map) || map.flow || !map.range) return false;
    const indent = this.indentOf(map);
    if (indent === undefined) return false;
    const lines = [
      `${key}:`,
      ...Object.entries(value).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    ].map((line, i) => (i === 0 ? line : " ".repeat(indent) + line));
    const existing = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (existing && isScalar(existing.key) && existing.key.range) {
      const end = (existing.value as { range?: [number, number, number] } | null)?.range?.[1];
      if (end === undefined) return false;
      this.edits.push({
        start: existing.key.range[0],
        end: this.contentEnd(end),
        text: lines.join("\n"),
      });
      return true;
    }
    const last = map.items.at(-1)?.value as { range?: [number, number, number] } | null;
    const at = last?.range?.[1];
    if (at === undefined) return false;
    const end = this.afterComment(this.contentEnd(at));
    this.edits.push({ start: end, end, text: `\n${" ".repeat(indent)}${lines.join("\n")}` });
    return true;
  }

  /** Sets a plain scalar of the block map at `path`, adding the key when it is missing. */
  setScalar(path: (string | number)[], key: string, value: string): boolean {
    const map = this.doc.getIn(path, true);
    if (!isMap(map) || map.flow) return false;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.value) && pair.value.range) {
      const [start, end] = pair.value.range;
      this.edits.push({ start, end, text: value });
      return true;
    }
    const indent = this.indentOf(map);
    const last = map.items.at(-1)?.value as { range?: [number, number, number] } | null;
    const at = last?.range?.[1];
    if (indent === undefined || at === undefined) return false;
    const end = this.afterComment(this.contentEnd(at));
    this.edits.push({ start: end, end, text: `\n${" ".repeat(indent)}${key}: ${value}` });
    return true;
  }

  /** The text with every edit applied. */
  toString(): string {
    let out = this.text;
    for (const edit of [...this.edits].sort((a, b) => b.start - a.start)) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return out;
  }

  /** A block node's range runs past its last line break; edits go before it. */
  private contentEnd(end: number): number {
    let at = end;
    while (at > 0 && /\s/.test(this.text[at - 1] as string)) at--;
    return at;
  }

  /** A comment on the rest of the line stays with the line it annotates. */
  private afterComment(at: number): number {
    const lineEnd = this.text.indexOf("\n", at);
    const rest = this.text.slice(at, lineEnd === -1 ? undefined : lineEnd);
    return rest.trimStart().startsWith("#") ? at + rest.length : at;
  }

  private indentOf(map: YAMLMap): number | undefined {
    const first = map.items[0]?.key;
    if (!isScalar(first) || !first.range) return undefined;
    const start = first.range[0];
    return start - (this.text.lastIndexOf("\n", start - 1) + 1);
  }
}
