import type { Verdict } from "../evaluate/findings.js";
import type { Manifest } from "../generate/manifest.js";
import type { DriftSummary, EvalSummary } from "./record.js";
import type { HistoryDatabase } from "./store.js";

/** One recorded run, oldest first in every list this module returns. */
export interface RunRecord {
  id: number;
  kind: "eval" | "drift";
  at: string;
  system: string;
  modelHash: string;
  commit: string | null;
  environment: string | null;
  input: string;
  gatePassed: boolean;
  manifest: Manifest;
  summary: EvalSummary | DriftSummary;
}

/** One recorded verdict; messages are never stored. */
export interface FindingRecord {
  runId: number;
  threat: string;
  control: string;
  severity: string;
  status: Verdict;
  address: string;
  fingerprint: string;
}

/** One regression or fix recorded by a drift run. */
export interface DriftChangeRecord {
  runId: number;
  change: "regression" | "fixed";
  threat: string;
  control: string;
  severity: string;
  address: string;
  fingerprint: string;
  firstSeen: string;
}

/** One waiver decision of an evaluation. */
export interface WaiverDecisionRecord {
  runId: number;
  waiver: string;
  decision: "applied" | "unused" | "expired";
  expires: string;
  owner: string;
}

/** Everything recorded about one system, read once for metrics, feedback and the dashboard. */
export interface SystemHistory {
  system: string;
  runs: RunRecord[];
  findings: FindingRecord[];
  driftChanges: DriftChangeRecord[];
  waiverDecisions: WaiverDecisionRecord[];
}

/** The names of the systems a history holds, most recently run first. */
export function listSystems(db: HistoryDatabase): string[] {
  return db
    .prepare("SELECT system FROM runs GROUP BY system ORDER BY MAX(at) DESC")
    .pluck()
    .all() as string[];
}

/**
 * Reads the history of one system (the model's `system.name`), whatever model hash each run had,
 * so that editing the model does not cut its history.
 */
export function readSystemHistory(db: HistoryDatabase, system: string): SystemHistory {
  const runs = (
    db
      .prepare(
        `SELECT id, kind, at, system, model_hash, commit_sha, environment, input_file, gate_passed,
           manifest, summary FROM runs WHERE system = ? ORDER BY at, id`,
      )
      .all(system) as Record<string, unknown>[]
  ).map(
    (r): RunRecord => ({
      id: r.id as number,
      kind: r.kind as RunRecord["kind"],
      at: r.at as string,
      system: r.system as string,
      modelHash: r.model_hash as string,
      commit: (r.commit_sha as string | null) ?? null,
      environment: (r.environment as string | null) ?? null,
      input: r.input_file as string,
      gatePassed: r.gate_passed === 1,
      manifest: JSON.parse(r.manifest as string) as Manifest,
      summary: JSON.parse(r.summary as string),
    }),
  );
  const scoped = (table: string, columns: string) =>
    db
      .prepare(
        `SELECT ${columns} FROM ${table} t JOIN runs r ON r.id = t.run_id WHERE r.system = ?
         ORDER BY r.at, r.id`,
      )
      .all(system);
  return {
    system,
    runs,
    findings: scoped(
      "findings",
      `t.run_id AS runId, t.threat, t.control, t.severity, t.status, t.address, t.fingerprint`,
    ) as FindingRecord[],
    driftChanges: scoped(
      "drift_changes",
      `t.run_id AS runId, t.change, t.threat, t.control, t.severity, t.address, t.fingerprint,
       t.first_seen AS firstSeen`,
    ) as DriftChangeRecord[],
    waiverDecisions: scoped(
      "waiver_decisions",
      "t.run_id AS runId, t.waiver, t.decision, t.expires, t.owner",
    ) as WaiverDecisionRecord[],
  };
}
