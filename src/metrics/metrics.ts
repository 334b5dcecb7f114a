import type { Verdict } from "../evaluate/findings.js";
import { aggregateVerdict, controlPairs, observedControls } from "../history/observed.js";
import type { RunRecord, SystemHistory } from "../history/query.js";
import type { DriftSummary, EvalSummary } from "../history/record.js";
import { controlIdOf } from "../model/control-id.js";
import { LAYERS, STRIDE, type ThreatModel } from "../model/types.js";
import { type DriftTimes, driftTimes } from "./drift-times.js";
import type { TestShare } from "./test-share.js";

/** A covered count out of a total. */
export interface Ratio {
  covered: number;
  total: number;
}

/** What `threatloop metrics` reports; see the README's Metrics section for each definition. */
export interface Metrics {
  schema: "threatloop.metrics/v1";
  system: string;
  runs: { eval: number; drift: number; latest: string | null };
  coverage: {
    threats: Ratio;
    by_layer: Record<string, Ratio>;
    by_stride: Record<string, Ratio>;
    uncovered_threats: string[];
    assets_without_coverage: string[];
  };
  validation: { evaluated: number; passing: number; rate: number | null };
  failing_controls: { threat: string; control: string; failing_runs: number; trend: string[] }[];
  failures_trend: { run: number; at: string; fail: number; unknown: number; pass: number }[];
  drift: DriftTimes & {
    trend: { run: number; at: string; regressions: number; drift: number }[];
  };
  tests: TestShare;
  waivers_expiring: { id: string; owner: string; expires: string; days_left: number }[];
}

export interface MetricsOptions {
  /** The model as it is now; its threats and components define coverage. */
  model: ThreatModel;
  tests: TestShare;
  /** YYYY-MM-DD the waiver expiries are counted from. */
  today: string;
  /** Waivers expiring within this many days are listed. */
  expiryDays: number;
  /** How many recent evaluations the trends show. */
  trendRuns?: number;
}

/**
 * Computes the metrics of one system from its run history and its current model. A threat is
 * covered when at least one of its controls gave a verdict in the latest evaluation.
 */
export function computeMetrics(history: SystemHistory, options: MetricsOptions): Metrics {
  const evals = history.runs.filter((r) => r.kind === "eval");
  const drifts = history.runs.filter((r) => r.kind === "drift");
  const latest = evals.at(-1);
  const trendRuns = options.trendRuns ?? 10;
  const checked = new Set(
    history.findings
      .filter((f) => f.runId === latest?.id)
      .map((f) => `${f.threat}\u0000${f.control}`),
  );
  const threats = options.model.threats;
  const isCovered = (t: ThreatModel["threats"][number]) =>
    t.controls.some((c, i) => checked.has(`${t.id}\u0000${controlIdOf(c, i)}`));
  const ratio = (list: typeof threats): Ratio => ({
    covered: list.filter(isCovered).length,
    total: list.length,
  });
  const coveredComponents = new Set(threats.filter(isCovered).flatMap((t) => t.components));

  const pairs = controlPairs(options.model);
  const observed = observedControls(history, pairs);
  const evaluated = observed.filter((o) => o.status !== "never-evaluated");
  const passing = evaluated.filter((o) => o.status === "pass").length;
  const recent = evals.slice(-trendRuns);
  const marks = verdictsByRun(history, recent);

  return {
    schema: "threatloop.metrics/v1",
    system: history.system,
    runs: { eval: evals.length, drift: drifts.length, latest: history.runs.at(-1)?.at ?? null },
    coverage: {
      threats: ratio(threats),
      by_layer: Object.fromEntries(
        LAYERS.map((l) => [l, ratio(threats.filter((t) => t.layer === l))]),
      ),
      by_stride: Object.fromEntries(
        STRIDE.map((s) => [s, ratio(threats.filter((t) => t.stride.includes(s)))]),
      ),
      uncovered_threats: threats.filter((t) => !isCovered(t)).map((t) => t.id),
      assets_without_coverage: options.model.components
        .filter((c) => !coveredComponents.has(c.id))
        .map((c) => c.id),
    },
    validation: {
      evaluated: evaluated.length,
      passing,
      rate: evaluated.length === 0 ? null : passing / evaluated.length,
    },
    failing_controls: observed
      .filter((o) => o.status === "fail")
      .map((o) => ({
        threat: o.threat,
        control: o.control,
        failing_runs: o.failing_runs,
        trend: recent.map((run) => trendMark(marks, run, o.threat, o.control)),
      })),
    failures_trend: recent.map((run) => {
      const s = run.summary as EvalSummary;
      return { run: run.id, at: run.at, fail: s.fail, unknown: s.unknown, pass: s.pass };
    }),
    drift: {
      ...driftTimes(history),
      trend: drifts.slice(-trendRuns).map((run) => {
        const s = run.summary as DriftSummary;
        return { run: run.id, at: run.at, regressions: s.regressions, drift: s.drift };
      }),
    },
    tests: options.tests,
    waivers_expiring: expiringWaivers(history, latest, options),
  };
}

/** The verdicts of the given runs, keyed by run and then by threat and control. */
function verdictsByRun(history: SystemHistory, runs: RunRecord[]) {
  const wanted = new Set(runs.map((r) => r.id));
  const byRun = new Map<number, Map<string, Verdict[]>>();
  for (const f of history.findings) {
    if (!wanted.has(f.runId)) continue;
    const run = byRun.get(f.runId) ?? new Map<string, Verdict[]>();
    byRun.set(f.runId, run);
    const key = `${f.threat}\u0000${f.control}`;
    const list = run.get(key);
    if (list) list.push(f.status);
    else run.set(key, [f.status]);
  }
  return byRun;
}

/** One run's verdict on a control for a trend: pass, fail, unknown, or "-" when not checked. */
function trendMark(
  marks: Map<number, Map<string, Verdict[]>>,
  run: RunRecord,
  threat: string,
  control: string,
): string {
  const statuses = marks.get(run.id)?.get(`${threat}\u0000${control}`) ?? [];
  return statuses.length === 0 ? "-" : aggregateVerdict(statuses);
}

function expiringWaivers(
  history: SystemHistory,
  latest: RunRecord | undefined,
  options: MetricsOptions,
): Metrics["waivers_expiring"] {
  const today = Date.parse(`${options.today}T00:00:00Z`);
  const seen = new Set<string>();
  const result: Metrics["waivers_expiring"] = [];
  for (const d of history.waiverDecisions) {
    if (d.runId !== latest?.id || d.decision === "expired" || seen.has(d.waiver)) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.expires)) continue;
    seen.add(d.waiver);
    const daysLeft = Math.round((Date.parse(`${d.expires}T00:00:00Z`) - today) / 86_400_000);
    if (daysLeft >= 0 && daysLeft <= options.expiryDays) {
      result.push({ id: d.waiver, owner: d.owner, expires: d.expires, days_left: daysLeft });
    }
  }
  return result.sort((a, b) => a.days_left - b.days_left || (a.id < b.id ? -1 : 1));
}
