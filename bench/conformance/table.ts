import type { RelatedRule } from "./corpus.js";
import { OUTCOMES, type Outcome } from "./judge.js";
import type { CaseResult } from "./run.js";

type Counts = Record<Outcome, number>;

/** Agreement counts per control and overall. */
export interface Tally {
  perControl: [string, Counts][];
  overall: Counts;
}

/** Counts outcomes per control, controls in id order. */
export function tally(results: CaseResult[]): Tally {
  const per = new Map<string, Counts>();
  const overall = emptyCounts();
  for (const result of results) {
    const id = result.item.control.id;
    const counts = per.get(id) ?? emptyCounts();
    counts[result.outcome]++;
    overall[result.outcome]++;
    per.set(id, counts);
  }
  const perControl = [...per.entries()].sort(([a], [b]) => a.localeCompare(b));
  return { perControl, overall };
}

/**
 * Agreement over the cases both sides decided: agreed / (agreed + disagreed + explained), and the
 * same with explained disagreements counted as agreement. Unknown, out-of-scope and unreadable
 * cases are neither and are reported apart.
 */
export function agreement(counts: Counts, withExplained: boolean): number | undefined {
  const decided = counts.agree + counts.disagree + counts.explained;
  if (decided === 0) return undefined;
  return (counts.agree + (withExplained ? counts.explained : 0)) / decided;
}

/** The Markdown table: one row per control, then the overall row. */
export function renderTable(t: Tally): string {
  const head = ["control", ...OUTCOMES, "agreement", "with explained"];
  const lines = [row(head), row(head.map(() => "---"))];
  for (const [id, counts] of t.perControl) lines.push(row(cells(`\`${id}\``, counts)));
  lines.push(row(cells("**overall**", t.overall)));
  return `${lines.join("\n")}\n`;
}

/** Disagreements left, explained ones with their reason, and inputs we could not read. */
export function renderDetails(results: CaseResult[]): string {
  const out: string[] = [];
  const section = (title: string, outcome: Outcome, extra: (r: CaseResult) => string) => {
    const chosen = results.filter((r) => r.outcome === outcome);
    out.push(`\n### ${title} (${chosen.length})\n`);
    for (const r of chosen) {
      out.push(
        `- \`${r.item.control.id}\`${narrowing(r)} ${r.item.peer} \`${r.item.rule}\` ` +
          `${r.item.expect} ` +
          `on \`${r.item.label}\`: ${extra(r)}`,
      );
    }
  };
  section("Disagreements", "disagree", (r) => `ours ${r.ours}`);
  section("Explained disagreements", "explained", (r) => `ours ${r.ours}; ${r.reason ?? ""}`);
  section("Unknown", "unknown", (r) => `ours ${r.ours}; ${r.reason ?? "no reason listed"}`);
  section("Unreadable inputs", "unreadable", (r) => r.reason ?? "");
  return `${out.join("\n")}\n`;
}

/**
 * Related rules judge a nearby property (one part of it, a stricter or looser threshold), so
 * their verdicts are not counted; the list shows what each judges in the peer's own words.
 */
export function renderRelated(rules: RelatedRule[]): string {
  const cases = rules.reduce((sum, r) => sum + r.cases, 0);
  const out = [`### Related peer rules, not counted (${rules.length} rules, ${cases} cases)\n`];
  for (const r of rules) {
    const plural = r.cases === 1 ? "case" : "cases";
    out.push(`- \`${r.control}\` ${r.peer} \`${r.rule}\` "${r.name}": ${r.cases} ${plural}`);
  }
  return `${out.join("\n")}\n`;
}

/** The params a narrowed rule runs the control with, as ` (ports [22])`; empty for none. */
function narrowing(r: CaseResult): string {
  const params = Object.entries(r.item.params);
  if (params.length === 0) return "";
  return ` (${params.map(([name, value]) => `${name} ${JSON.stringify(value)}`).join(", ")})`;
}

function cells(label: string, counts: Counts): string[] {
  return [
    label,
    ...OUTCOMES.map((o) => String(counts[o])),
    percent(agreement(counts, false)),
    percent(agreement(counts, true)),
  ];
}

function percent(value: number | undefined): string {
  return value === undefined ? "–" : `${(value * 100).toFixed(1)}%`;
}

function row(values: string[]): string {
  return `| ${values.join(" | ")} |`;
}

function emptyCounts(): Counts {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Counts;
}
