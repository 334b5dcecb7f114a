import type { SystemHistory } from "../history/query.js";

/** One regression across drift runs, for metrics and the dashboard's top regressions. */
export interface RegressionSpan {
  threat: string;
  control: string;
  severity: string;
  address: string;
  first_seen: string;
  /** When the first later drift run no longer listed it; null while it is open. */
  fixed_at: string | null;
  /** How many drift runs listed it. */
  runs: number;
}

/** Time to detect and time to fix drift, over every regression the history holds. */
export interface DriftTimes {
  open_regressions: number;
  fixed_regressions: number;
  /** Mean hours between the drift run before a regression's first sighting and that sighting. */
  mean_hours_to_detect: number | null;
  /** Mean hours between a regression's first sighting and the first drift run without it. */
  mean_hours_to_fix: number | null;
  regressions: RegressionSpan[];
}

/**
 * Follows every regression fingerprint through the drift runs of a system. Time to detect is an
 * upper bound: the regression appeared at some moment after the previous drift run, which did not
 * list it. Time to fix runs from its first sighting to the first later drift run without it.
 */
export function driftTimes(history: SystemHistory): DriftTimes {
  const drifts = history.runs.filter((r) => r.kind === "drift");
  const listed = new Map<string, Set<number>>();
  const first = new Map<string, SystemHistory["driftChanges"][number]>();
  for (const c of history.driftChanges) {
    if (c.change !== "regression") continue;
    listed.set(c.fingerprint, (listed.get(c.fingerprint) ?? new Set()).add(c.runId));
    if (!first.has(c.fingerprint)) first.set(c.fingerprint, c);
  }
  const detect: number[] = [];
  const fix: number[] = [];
  const spans: RegressionSpan[] = [];
  for (const [fingerprint, change] of first) {
    const runs = listed.get(fingerprint) ?? new Set<number>();
    const at = drifts.findIndex((r) => runs.has(r.id));
    const previous = at > 0 ? drifts[at - 1] : undefined;
    const sighted = drifts[at];
    if (previous && sighted) detect.push(hoursBetween(previous.at, sighted.at));
    const fixedRun = drifts.slice(at + 1).find((r) => !runs.has(r.id));
    if (fixedRun) fix.push(hoursBetween(change.firstSeen, fixedRun.at));
    spans.push({
      threat: change.threat,
      control: change.control,
      severity: change.severity,
      address: change.address,
      first_seen: change.firstSeen,
      fixed_at: fixedRun?.at ?? null,
      runs: runs.size,
    });
  }
  const latest = drifts.at(-1);
  return {
    open_regressions: latest ? countListedIn(listed, latest.id) : 0,
    fixed_regressions: fix.length,
    mean_hours_to_detect: mean(detect),
    mean_hours_to_fix: mean(fix),
    regressions: spans.sort(
      (a, b) => Number(a.fixed_at !== null) - Number(b.fixed_at !== null) || b.runs - a.runs,
    ),
  };
}

function countListedIn(listed: Map<string, Set<number>>, runId: number): number {
  return [...listed.values()].filter((runs) => runs.has(runId)).length;
}

function hoursBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 3_600_000;
}

function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}
