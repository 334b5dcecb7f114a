import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { type SourceLocation, ThreatloopError } from "../errors.js";

/** A parsed YAML file that can point back at the position of any value in it. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Where the value at a path (object keys and array indexes) starts, or the nearest parent. */
  locate(path: readonly (string | number)[]): SourceLocation;
  /** Where the key of the entry at a path is written, such as an unknown field's name. */
  locateKey(path: readonly (string | number)[]): SourceLocation;
}

/** Upper bounds that keep a hostile document from exhausting memory. */
const MAX_BYTES = 16 * 1024 * 1024;
const MAX_ALIASES = 100;

/**
 * Parses YAML strictly: duplicate keys, non-string keys, alias bombs and oversized documents are
 * errors with the file and position.
 */
export function parseYaml(
  file: string,
  text: string,
  code: "model" | "catalog" | "input",
): YamlSource {
  if (text.length > MAX_BYTES) {
    throw new ThreatloopError(code, `file is larger than ${MAX_BYTES / 1024 / 1024} MiB`, {
      location: { file },
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    throw new ThreatloopError(code, `invalid YAML: ${firstLine(first.message)}`, {
      location: { file, line: position.line, column: position.col },
    });
  }
  rejectNonStringKeys(doc, file, code, lineCounter);
  const value = toPlainValue(doc, file, code, lineCounter);
  return {
    file,
    value,
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const position = lineCounter.linePos(node.range[0]);
          return { file, line: position.line, column: position.col };
        }
      }
      return { file, line: 1, column: 1 };
    },
    locateKey(path) {
      const parent = doc.getIn(path.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1));
        if (pair && isNode(pair.key) && pair.key.range) {
          const position = lineCounter.linePos(pair.key.range[0]);
          return { file, line: position.line, column: position.col };
        }
      }
      return this.locate(path);
    },
  };
}

function toPlainValue(
  doc: Document,
  file: string,
  code: "model" | "catalog" | "input",
  lineCounter: LineCounter,
): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES, mapAsMap: false, onAnchor: undefined });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = doc.contents?.range?.[0] ?? 0;
    const position = lineCounter.linePos(offset);
    throw new ThreatloopError(code, `invalid YAML: ${firstLine(message)}`, {
      location: { file, line: position.line, column: position.col },
      hint: "anchors and aliases may expand to at most 100 nodes",
    });
  }
}

function rejectNonStringKeys(
  doc: Document,
  file: string,
  code: "model" | "catalog" | "input",
  lineCounter: LineCounter,
): void {
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === "string") return;
      const offset = isNode(key) && key.range ? key.range[0] : 0;
      const position = lineCounter.linePos(offset);
      throw new ThreatloopError(code, "invalid YAML: mapping keys must be strings", {
        location: { file, line: position.line, column: position.col },
        hint: "quote the key",
      });
    },
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
