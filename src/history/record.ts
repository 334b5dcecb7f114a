import type { DriftReport } from "../drift/drift.js";
import { fingerprintOf } from "../gate/fingerprint.js";
import type { Waiver } from "../gate/waivers.js";
import type { Manifest } from "../generate/manifest.js";
import type { EvalReport } from "../report/types.js";
import type { HistoryDatabase } from "./store.js";

/** Where and when a run happened; the CLI fills it from the clock, git and the environment. */
export interface RunContext {
  at: string;
  commit: string | null;
  environment: string | null;
}

/** Counts kept with an evaluation run. */
export interface EvalSummary {
  resources: number;
  fail: number;
  unknown: number;
  pass: number;
  blocking: number;
}

/** Counts kept with a drift run. */
export interface DriftSummary {
  regressions: number;
  fixed: number;
  drift: number;
  unmanaged: number;
  missing: number;
  serial: number | null;
  lineage: string | null;
}

/**
 * Records one evaluation: its verdicts with their gate dispositions, and what the gate decided
 * about each waiver (applied, unused, expired). `waivers` gives the owner and expiry of the applied
 * ones. Messages are not kept, so no value from the plan reaches the history.
 */
export function recordEvaluation(
  db: HistoryDatabase,
  report: EvalReport,
  context: RunContext,
  waivers: Waiver[] = [],
): number {
  const count = (status: string) => report.findings.filter((f) => f.status === status).length;
  const summary: EvalSummary = {
    resources: report.input.resources,
    fail: count("fail"),
    unknown: count("unknown"),
    pass: count("pass"),
    blocking: report.gate.blocking.length,
  };
  const byId = new Map(waivers.map((w) => [w.id, w]));
  const applied = [...new Set(report.findings.flatMap((f) => (f.waiver ? [f.waiver] : [])))];
  const decisions = [
    ...applied.map((id) => ({ id, decision: "applied", waiver: byId.get(id) })),
    ...report.gate.unusedWaivers.map((w) => ({ id: w.id, decision: "unused", waiver: w })),
    ...report.gate.expiredWaivers.map((w) => ({ id: w.id, decision: "expired", waiver: w })),
  ];
  return inTransaction(db, () => {
    const runId = insertRun(db, "eval", report.manifest, context, {
      input: report.input.file,
      gatePassed: report.gate.passed,
      summary,
    });
    const insert = db.prepare(
      `INSERT INTO findings (run_id, threat, control, severity, status, address, fingerprint,
         disposition, waiver) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of report.findings) {
      insert.run(
        runId,
        f.threat,
        f.control,
        f.severity,
        f.status,
        f.address,
        f.fingerprint,
        f.disposition,
        f.waiver,
      );
    }
    const decide = db.prepare(
      `INSERT INTO waiver_decisions (run_id, waiver, decision, expires, owner)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const d of decisions) {
      decide.run(runId, d.id, d.decision, d.waiver?.expires ?? "", d.waiver?.owner ?? "");
    }
    return runId;
  });
}

/** Records one drift run: its regressions and fixes, keyed by the fingerprint of each verdict. */
export function recordDrift(
  db: HistoryDatabase,
  report: DriftReport,
  manifest: Manifest,
  context: RunContext,
): number {
  const summary: DriftSummary = {
    regressions: report.regressions.length,
    fixed: report.fixed.length,
    drift: report.drift.length,
    unmanaged: report.unmanaged.length,
    missing: report.missing.length,
    serial: report.desired.serial,
    lineage: report.desired.lineage,
  };
  return inTransaction(db, () => {
    const runId = insertRun(db, "drift", manifest, context, {
      input: report.deployed.file,
      gatePassed: report.regressions.length === 0,
      summary,
    });
    const insert = db.prepare(
      `INSERT INTO drift_changes (run_id, change, threat, control, severity, address, fingerprint,
         first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const changes = [
      ...report.regressions.map((c) => ["regression", c] as const),
      ...report.fixed.map((c) => ["fixed", c] as const),
    ];
    for (const [kind, c] of changes) {
      insert.run(
        runId,
        kind,
        c.threat,
        c.control,
        c.severity,
        c.address,
        fingerprintOf(c),
        c.first_seen,
      );
    }
    return runId;
  });
}

/**
 * When each regression of a system was first seen by a recorded drift run, keyed by the
 * fingerprint of its verdict (threat, control, address).
 */
export function regressionsFirstSeen(db: HistoryDatabase, system: string): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT c.fingerprint AS fingerprint, MIN(c.first_seen) AS first_seen
       FROM drift_changes c JOIN runs r ON r.id = c.run_id
       WHERE r.system = ? AND c.change = 'regression' GROUP BY c.fingerprint`,
    )
    .all(system) as { fingerprint: string; first_seen: string }[];
  return new Map(rows.map((r) => [r.fingerprint, r.first_seen]));
}

function insertRun(
  db: HistoryDatabase,
  kind: "eval" | "drift",
  manifest: Manifest,
  context: RunContext,
  run: { input: string; gatePassed: boolean; summary: EvalSummary | DriftSummary },
): number {
  const result = db
    .prepare(
      `INSERT INTO runs (kind, at, system, model_file, model_hash, manifest, commit_sha,
         environment, input_file, gate_passed, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      kind,
      context.at,
      manifest.model.system,
      manifest.model.file,
      manifest.model.hash,
      JSON.stringify(manifest),
      context.commit,
      context.environment,
      run.input,
      run.gatePassed ? 1 : 0,
      JSON.stringify(run.summary),
    );
  return Number(result.lastInsertRowid);
}

function inTransaction<T>(db: HistoryDatabase, fn: () => T): T {
  // IMMEDIATE takes the write lock up front, so concurrent writers queue on the busy timeout
  // instead of failing when a read lock cannot be upgraded.
  return db.transaction(fn).immediate();
}
