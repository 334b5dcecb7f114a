import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalog, CatalogControl as Control } from "../../src/catalog/types.js";

/** One entry of the corpus index: a peer's expected verdict on a test input. */
export interface CorpusEntry {
  source: string;
  rule_id: string;
  file: string | null;
  expect: "pass" | "fail";
  format: string;
  expected_lines_or_addresses: (string | number)[];
  addresses_at_lines?: string[];
  test?: string;
  rule_name?: string;
  resource_types?: string[];
  /** For checkov-resource-conf entries: the file whose `inline_cases` hold the input dict. */
  expected_json?: string;
}

/** A corpus entry paired with the catalog control that names its peer rule as an equivalent. */
export interface ConformanceCase {
  control: Control;
  /** Parameters narrowing the control to the peer rule's scope; empty for the whole control. */
  params: Record<string, unknown>;
  peer: string;
  rule: string;
  file: string | null;
  format: string;
  expect: "pass" | "fail";
  /** Resource addresses the peer judged; empty when the peer names only lines it did not map. */
  addresses: string[];
  /** Addresses the peer gives the opposite verdict in the same input (its other case of it). */
  opposite: string[];
  label: string;
  /** A checkov case whose input is a dict in its test code: where it is and the rule's types. */
  conf?: { json: string; test: string; types: string[] };
}

/**
 * The cases of every control that names an equivalent, in index order. A peer rule named by two
 * controls yields a case for each, since each control must agree with it on its own.
 */
export function selectCases(corpusDir: string, catalog: Catalog): ConformanceCase[] {
  const index = JSON.parse(readFileSync(join(corpusDir, "INDEX.json"), "utf8")) as CorpusEntry[];
  const byRule = new Map<string, { control: Control; params: Record<string, unknown> }[]>();
  for (const control of catalog.controls.values()) {
    for (const [peer, rules] of Object.entries(control.equivalents)) {
      for (const { id, params } of rules) {
        const key = `${peer}:${id}`;
        byRule.set(key, [...(byRule.get(key) ?? []), { control, params }]);
      }
    }
  }
  // A case's opposite: the peer's other verdict on the same input, to tell the roots apart.
  const byCase = addressesByCase(index);
  const cases: ConformanceCase[] = [];
  for (const entry of index) {
    for (const { control, params } of byRule.get(`${entry.source}:${entry.rule_id}`) ?? []) {
      cases.push({
        control,
        params,
        peer: entry.source,
        rule: entry.rule_id,
        file: entry.file,
        format: entry.format,
        expect: entry.expect,
        addresses: addressesOf(entry),
        opposite:
          entry.file === null
            ? []
            : (byCase.get(caseOf(entry, entry.expect === "pass" ? "fail" : "pass")) ?? []),
        label: entry.file ?? `${entry.source} ${entry.test ?? entry.rule_id}`,
        ...confOf(entry),
      });
    }
  }
  return cases;
}

function confOf(entry: CorpusEntry): Pick<ConformanceCase, "conf"> {
  if (entry.format !== "checkov-resource-conf" || !entry.expected_json || !entry.test) return {};
  return {
    conf: { json: entry.expected_json, test: entry.test, types: entry.resource_types ?? [] },
  };
}

/** The addresses of each peer case, keyed by peer, rule, input and verdict. */
function addressesByCase(index: CorpusEntry[]): Map<string, string[]> {
  const byCase = new Map<string, string[]>();
  for (const entry of index) {
    if (entry.file === null) continue;
    const key = caseOf(entry, entry.expect);
    byCase.set(key, [...(byCase.get(key) ?? []), ...addressesOf(entry)]);
  }
  return byCase;
}

function caseOf(entry: CorpusEntry, expect: string): string {
  return JSON.stringify([entry.source, entry.rule_id, entry.file, expect]);
}

/** KICS names lines; the index maps them to addresses where it could. Others name addresses. */
function addressesOf(entry: CorpusEntry): string[] {
  if (entry.source === "kics") return entry.addresses_at_lines ?? [];
  return entry.expected_lines_or_addresses.filter((a): a is string => typeof a === "string");
}

/** A peer rule a control names as related: listed in the report, its cases not run. */
export interface RelatedRule {
  control: string;
  peer: string;
  rule: string;
  /** The peer's own name for the rule, which states what it judges. */
  name: string;
  cases: number;
}

/** The related rules of every control, in control order, with their number of corpus cases. */
export function relatedRules(corpusDir: string, catalog: Catalog): RelatedRule[] {
  const index = JSON.parse(readFileSync(join(corpusDir, "INDEX.json"), "utf8")) as CorpusEntry[];
  const rules: RelatedRule[] = [];
  const controls = [...catalog.controls.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const control of controls) {
    for (const [peer, ids] of Object.entries(control.related)) {
      for (const rule of ids) {
        const entries = index.filter((e) => e.source === peer && e.rule_id === rule);
        if (entries.length === 0) continue;
        const name = entries[0]?.rule_name ?? "";
        rules.push({ control: control.id, peer, rule, name, cases: entries.length });
      }
    }
  }
  return rules;
}
