import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { ThreatloopError } from "../errors.js";
import { HISTORY_TABLES, MIGRATIONS, SCHEMA_VERSION } from "./schema.js";

/** An open run history; see schema.ts for its tables. */
export type HistoryDatabase = Database.Database;

export interface OpenHistoryOptions {
  /** Create the file when it does not exist (writers); readers refuse a missing history. */
  create: boolean;
  /** How long a writer waits for another one to finish, in milliseconds. */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = "SQLite format 3\u0000";

/**
 * Opens (or creates) a run history. Several processes may write at once: the database runs in
 * WAL mode with a busy timeout, and every write is one transaction. A file that is not SQLite, a
 * SQLite database without threatloop's tables, or one from a newer threatloop is refused with
 * its path and left untouched.
 */
export function openHistory(file: string, options: OpenHistoryOptions): HistoryDatabase {
  const exists = existsSync(file);
  if (!exists && !options.create) {
    throw new ThreatloopError("input", "no run history here", {
      location: { file },
      hint: "run threatloop eval or drift first, or pass --history",
    });
  }
  if (exists) checkHeader(file);
  else mkdirSync(dirname(file), { recursive: true });

  let db: HistoryDatabase | undefined;
  try {
    const opened = new Database(file, {
      fileMustExist: exists,
      timeout: options.busyTimeoutMs ?? 15_000,
    });
    db = opened;
    // Version and tables are read in one transaction, so a migration committed by another
    // writer in between cannot make a fresh history look foreign.
    const snapshot = opened.transaction(() => readSnapshot(opened))();
    checkOwnership(file, snapshot);
    if (snapshot.version < SCHEMA_VERSION) migrate(opened, file);
    // After the ownership check: switching to WAL rewrites the file header of a foreign database.
    opened.pragma("journal_mode = WAL");
    opened.pragma("foreign_keys = ON");
    return opened;
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    if (error instanceof ThreatloopError || !String(code).startsWith("SQLITE_")) throw error;
    throw new ThreatloopError("input", `cannot open the run history: ${sqliteReason(error)}`, {
      location: { file },
      hint: "pass --history with another file; this one is left as it is",
      cause: error,
    });
  }
}

function checkHeader(file: string): void {
  if (statSync(file).isDirectory()) {
    throw new ThreatloopError("input", "the run history is a directory", { location: { file } });
  }
  if (statSync(file).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1") !== SQLITE_HEADER) {
    throw new ThreatloopError("input", "not a SQLite database; refusing to use it as run history", {
      location: { file },
      hint: "pass --history with another file; this one is left as it is",
    });
  }
}

interface Snapshot {
  version: number;
  tables: string[];
}

function readSnapshot(db: HistoryDatabase): Snapshot {
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return { version, tables };
}

function checkOwnership(file: string, { version, tables }: Snapshot): void {
  if (version > SCHEMA_VERSION) {
    throw new ThreatloopError(
      "input",
      `run history has schema version ${version}; this threatloop reads up to ${SCHEMA_VERSION}`,
      { location: { file }, hint: "upgrade threatloop" },
    );
  }
  const ours = HISTORY_TABLES.every((t) => tables.includes(t));
  if ((version === 0 && tables.length > 0) || (version > 0 && !ours)) {
    throw new ThreatloopError("input", "a SQLite database that is not a threatloop run history", {
      location: { file },
      hint: "pass --history with another file; this one is left as it is",
    });
  }
}

/**
 * Runs the migrations the history lacks in one immediate transaction. Another writer may have
 * migrated while this one waited for the lock, so the version is read again inside it.
 */
function migrate(db: HistoryDatabase, file: string): void {
  const step = db.transaction(() => {
    const snapshot = readSnapshot(db);
    checkOwnership(file, snapshot);
    for (let version = snapshot.version; version < SCHEMA_VERSION; version++) {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }
  });
  step.immediate();
}

function sqliteReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") return `corrupt database (${message})`;
  return message;
}
