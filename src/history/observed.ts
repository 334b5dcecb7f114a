import type { Verdict } from "../evaluate/findings.js";
import { controlIdOf } from "../model/control-id.js";
import type { ThreatModel } from "../model/types.js";
import type { FindingRecord, RunRecord, SystemHistory } from "./query.js";

/** What threatloop observed of a control, beside what the model declares. */
export const OBSERVED_STATUSES = ["pass", "fail", "unknown", "never-evaluated"] as const;
export type ObservedStatus = (typeof OBSERVED_STATUSES)[number];

/** The observed status of one control of one threat, as feedback and exporters write it. */
export interface ObservedControl {
  threat: string;
  control: string;
  status: ObservedStatus;
  /** When the latest evaluation that checked the control ran (ISO); null if none did. */
  last_seen: string | null;
  /** Which run and which resources decided the status; never a value from the plan. */
  evidence: string | null;
  /** How many of the latest evaluations that checked the control, in a row, saw it fail. */
  failing_runs: number;
}

/**
 * The observed status of every control the manifest of the latest run names (or of `controls`
 * when given): the verdicts of the latest evaluation that checked it, where one failing resource
 * makes the control fail, an unknown one makes it unknown, and all passing make it pass. A
 * regression listed by the latest drift run, when that run is newer, makes the control fail.
 * Exporters (OTM) call this to carry observed status beside declared status.
 */
export function observedControls(
  history: SystemHistory,
  controls?: { threat: string; control: string }[],
): ObservedControl[] {
  const evals = history.runs.filter((r) => r.kind === "eval");
  const wanted =
    controls ??
    (evals.at(-1)?.manifest.threats ?? []).flatMap((t) =>
      t.controls.map((c) => ({ threat: t.id, control: c.id })),
    );
  const perRun = verdictsPerRun(evals, history.findings);
  const deployed = latestRegressions(history);
  return wanted.map(({ threat, control }) => {
    const seen = observe(threat, control, evals, perRun);
    const regressed = deployed?.byKey.get(keyOf(threat, control));
    if (!deployed || !regressed || (seen.last_seen !== null && seen.last_seen > deployed.run.at))
      return seen;
    return {
      ...seen,
      status: "fail",
      last_seen: deployed.run.at,
      evidence:
        `${regressed.length} deployed resource(s) regressed (${listed(regressed)}) ` +
        `in drift run ${deployed.run.id} on ${deployed.run.input}`,
    };
  });
}

/** The regressions of the latest drift run, keyed by threat and control, with their addresses. */
function latestRegressions(history: SystemHistory) {
  const run = history.runs.filter((r) => r.kind === "drift").at(-1);
  if (!run) return undefined;
  const byKey = new Map<string, string[]>();
  for (const c of history.driftChanges) {
    if (c.runId !== run.id || c.change !== "regression") continue;
    const key = keyOf(c.threat, c.control);
    const addresses = byKey.get(key);
    if (addresses) addresses.push(c.address);
    else byKey.set(key, [c.address]);
  }
  return { run, byKey };
}

/** The aggregate verdict of a set of verdicts: any fail fails, then any unknown is unknown. */
export function aggregateVerdict(statuses: Verdict[]): Verdict {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("unknown")) return "unknown";
  return "pass";
}

/** Verdicts of each evaluation, keyed by run and then by threat and control. */
function verdictsPerRun(runs: RunRecord[], findings: FindingRecord[]) {
  const ids = new Set(runs.map((r) => r.id));
  const perRun = new Map<number, Map<string, FindingRecord[]>>();
  for (const f of findings) {
    if (!ids.has(f.runId)) continue;
    const run = perRun.get(f.runId) ?? new Map<string, FindingRecord[]>();
    perRun.set(f.runId, run);
    const key = keyOf(f.threat, f.control);
    const list = run.get(key);
    if (list) list.push(f);
    else run.set(key, [f]);
  }
  return perRun;
}

function observe(
  threat: string,
  control: string,
  evals: RunRecord[],
  perRun: Map<number, Map<string, FindingRecord[]>>,
): ObservedControl {
  const key = keyOf(threat, control);
  const checked = evals
    .map((run) => ({ run, verdicts: perRun.get(run.id)?.get(key) ?? [] }))
    .filter((e) => e.verdicts.length > 0);
  const latest = checked.at(-1);
  if (!latest) {
    return {
      threat,
      control,
      status: "never-evaluated",
      last_seen: null,
      evidence: null,
      failing_runs: 0,
    };
  }
  let failing = 0;
  for (const entry of [...checked].reverse()) {
    if (aggregateVerdict(entry.verdicts.map((v) => v.status)) !== "fail") break;
    failing++;
  }
  const status = aggregateVerdict(latest.verdicts.map((v) => v.status));
  return {
    threat,
    control,
    status,
    last_seen: latest.run.at,
    evidence: evidenceOf(latest.run, latest.verdicts, status),
    failing_runs: failing,
  };
}

function evidenceOf(run: RunRecord, verdicts: FindingRecord[], status: Verdict): string {
  const deciding = verdicts.filter((v) => v.status === status).map((v) => v.address);
  const shown = listed(deciding);
  const commit = run.commit ? ` at commit ${run.commit.slice(0, 12)}` : "";
  const word = status === "pass" ? "pass" : status === "fail" ? "fail" : "are unknown";
  return (
    `${deciding.length} of ${verdicts.length} resource(s) ${word} (${shown}) ` +
    `in run ${run.id} on ${run.input}${commit}`
  );
}

function listed(addresses: string[]): string {
  return addresses.slice(0, 3).join(", ") + (addresses.length > 3 ? ", …" : "");
}

function keyOf(threat: string, control: string): string {
  return `${threat}\u0000${control}`;
}

/** Every (threat, control) pair of a model; inline assertions as `inline:<id>`. */
export function controlPairs(model: ThreatModel): { threat: string; control: string }[] {
  return model.threats.flatMap((t) =>
    t.controls.map((c, i) => ({ threat: t.id, control: controlIdOf(c, i) })),
  );
}
