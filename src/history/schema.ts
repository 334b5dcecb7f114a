/**
 * The run-history schema, one migration per version. `PRAGMA user_version` holds the version a
 * database has reached; each migration moves it up by one inside a transaction.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL CHECK (kind IN ('eval', 'drift')),
     at TEXT NOT NULL,
     system TEXT NOT NULL,
     model_file TEXT NOT NULL,
     model_hash TEXT NOT NULL,
     manifest TEXT NOT NULL,
     commit_sha TEXT,
     environment TEXT,
     input_file TEXT NOT NULL,
     gate_passed INTEGER,
     summary TEXT NOT NULL
   );
   CREATE INDEX runs_by_system ON runs (system, kind, at);
   CREATE TABLE findings (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     threat TEXT NOT NULL,
     control TEXT NOT NULL,
     severity TEXT NOT NULL,
     status TEXT NOT NULL,
     address TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     disposition TEXT,
     waiver TEXT
   );
   CREATE INDEX findings_by_run ON findings (run_id);
   CREATE TABLE waiver_decisions (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     waiver TEXT NOT NULL,
     decision TEXT NOT NULL CHECK (decision IN ('applied', 'unused', 'expired')),
     expires TEXT NOT NULL,
     owner TEXT NOT NULL
   );
   CREATE TABLE drift_changes (
     run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
     change TEXT NOT NULL CHECK (change IN ('regression', 'fixed')),
     threat TEXT NOT NULL,
     control TEXT NOT NULL,
     severity TEXT NOT NULL,
     address TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     first_seen TEXT NOT NULL
   );
   CREATE INDEX drift_changes_by_fingerprint ON drift_changes (fingerprint, change);`,
];

/** The schema version this threatloop writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The tables a threatloop history holds; a database with other tables only is foreign. */
export const HISTORY_TABLES = ["runs", "findings", "waiver_decisions", "drift_changes"] as const;
