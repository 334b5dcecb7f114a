import { Document, isMap, isSeq, type Node } from "yaml";
import type { ThreatModel } from "./types.js";

export interface RenderModelOptions {
  /** Path or URL of the JSON Schema, for the yaml-language-server modeline. */
  schema: string;
  /** Lines written as a comment at the top, under the modeline. */
  header?: string[];
  /** Comments placed above the value at a path (keys and indexes), such as a component. */
  comments?: { path: (string | number)[]; text: string }[];
}

/** Writes a model as YAML that editors check against the schema, with comments to guide edits. */
export function renderModelYaml(model: ThreatModel, options: RenderModelOptions): string {
  const doc = new Document(model, { keepUndefined: false });
  const header = [`yaml-language-server: $schema=${options.schema}`, ...(options.header ?? [])];
  doc.commentBefore = header.map((line) => (line === "" ? "" : ` ${line}`)).join("\n");
  for (const { path, text } of options.comments ?? []) {
    const node = doc.getIn(path, true) as Node | undefined;
    if (node && (isMap(node) || isSeq(node) || "value" in node)) {
      node.commentBefore = text
        .split("\n")
        .map((line) => ` ${line}`)
        .join("\n");
    }
  }
  // Short lists of scalars read better inline, as the README's examples write them.
  flowShortLists(doc.contents as Node | null);
  return doc.toString({
    lineWidth: 100,
    minContentWidth: 20,
    indentSeq: true,
    flowCollectionPadding: false,
  });
}

function flowShortLists(node: Node | null): void {
  if (isSeq(node)) {
    const scalars = node.items.every((item) => !isMap(item) && !isSeq(item));
    const width = node.items.reduce<number>((n, item) => n + String(item).length + 2, 0);
    if (scalars && node.items.length > 0 && width <= 72) node.flow = true;
    for (const item of node.items) flowShortLists(item as Node);
  } else if (isMap(node)) {
    for (const pair of node.items) flowShortLists(pair.value as Node | null);
  }
}
