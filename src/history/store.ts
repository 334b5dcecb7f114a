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
    db = new Database(file, { fileMustExist: exists, timeout: options.busyTimeoutMs ?? 15_000 });
    const version = db.pragma("user_version", { simple: true }) as number;
    checkOwnership(db, file, version);
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    migrate(db, version);
    return db;
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

function checkOwnership(db: HistoryDatabase, file: string, version: number): void {
  if (version > SCHEMA_VERSION) {
    throw new ThreatloopError(
      "input",
      `run history has schema version ${version}; this threatloop reads up to ${SCHEMA_VERSION}`,
      { location: { file }, hint: "upgrade threatloop" },
    );
  }
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  const ours = HISTORY_TABLES.every((t) => tables.includes(t));
  if ((version === 0 && tables.length > 0) || (version > 0 && !ours)) {
    throw new ThreatloopError("input", "a SQLite database that is not a threatloop run history", {
      location: { file },
      hint: "pass --history with another file; this one is left as it is",
    });
  }
}

function migrate(db: HistoryDatabase, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = db.transaction(() => {
      // Another writer may have migrated while this one waited for the lock.
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current > version) return;
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    });
    step.immediate();
  }
}

function sqliteReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message ?? String(error);
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") return `corrupt database (${message})`;
  return message;
}
