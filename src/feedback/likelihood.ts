import { aggregateVerdict } from "../history/observed.js";
import type { SystemHistory } from "../history/query.js";
import { LIKELIHOODS, type Likelihood, type Threat } from "../model/types.js";

/**
 * The likelihood rule: a threat whose controls failed in each of its latest evaluations is more
 * likely than declared. After this many failing evaluations in a row it is at least `medium`...
 */
export const RAISE_TO_MEDIUM_AFTER = 3;
/** ...and after this many, `high`. The rule only raises; it never lowers a likelihood. */
export const RAISE_TO_HIGH_AFTER = 6;

/** A likelihood the rule raised, with the streak of failing evaluations that raised it. */
export interface RaisedLikelihood {
  threat: string;
  from: Likelihood | null;
  to: Likelihood;
  failing_runs: number;
}

/**
 * How many of the latest evaluations that checked a threat, in a row, saw at least one of its
 * controls fail.
 */
export function threatFailingRuns(history: SystemHistory, threat: string): number {
  const evals = history.runs.filter((r) => r.kind === "eval");
  const verdicts = new Map<number, ("pass" | "fail" | "unknown")[]>();
  for (const f of history.findings) {
    if (f.threat !== threat) continue;
    const list = verdicts.get(f.runId);
    if (list) list.push(f.status);
    else verdicts.set(f.runId, [f.status]);
  }
  let streak = 0;
  for (const run of [...evals].reverse()) {
    const statuses = verdicts.get(run.id);
    if (!statuses) continue;
    if (aggregateVerdict(statuses) !== "fail") break;
    streak++;
  }
  return streak;
}

/** Applies the likelihood rule to one threat; undefined when the likelihood stays as it is. */
export function raisedLikelihood(
  threat: Threat,
  failingRuns: number,
): RaisedLikelihood | undefined {
  const floor: Likelihood | undefined =
    failingRuns >= RAISE_TO_HIGH_AFTER
      ? "high"
      : failingRuns >= RAISE_TO_MEDIUM_AFTER
        ? "medium"
        : undefined;
  if (!floor) return undefined;
  const current = threat.likelihood ?? null;
  // LIKELIHOODS lists the highest first, so a smaller index is more likely.
  if (current && LIKELIHOODS.indexOf(current) <= LIKELIHOODS.indexOf(floor)) return undefined;
  return { threat: threat.id, from: current, to: floor, failing_runs: failingRuns };
}
