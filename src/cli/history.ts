import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { Option } from "commander";
import type { RunContext } from "../history/record.js";
import { type HistoryDatabase, openHistory } from "../history/store.js";
import type { Io } from "./context.js";

/** The history file when none is given: inside the repository, beside the compiled cache. */
export const DEFAULT_HISTORY = ".threatloop/history.sqlite";

/** `--history <file>` and `--no-history`, shared by the commands that record or read runs. */
export function historyOptions(recording: boolean): Option[] {
  const options = [
    new Option(
      "--history <file>",
      `run history (default ${DEFAULT_HISTORY}, or THREATLOOP_HISTORY)`,
    ),
  ];
  if (recording) options.push(new Option("--no-history", "do not record this run"));
  return options;
}

/** The history file: --history, THREATLOOP_HISTORY, or the default; null with --no-history. */
export function historyPathFor(io: Io, option: string | boolean | undefined): string | null {
  if (option === false) return null;
  const given = typeof option === "string" ? option : undefined;
  return resolve(io.cwd, given ?? io.env.THREATLOOP_HISTORY ?? DEFAULT_HISTORY);
}

/** Opens the history for a command, and closes it whatever happens. */
export function withHistory<T>(file: string, create: boolean, fn: (db: HistoryDatabase) => T): T {
  const db = openHistory(file, { create });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * When and where this run happens: the clock, the commit (GITHUB_SHA, CI_COMMIT_SHA, or git in
 * the working folder) and THREATLOOP_ENVIRONMENT.
 */
export function runContextFor(io: Io): RunContext {
  return {
    at: new Date().toISOString(),
    commit: io.env.GITHUB_SHA ?? io.env.CI_COMMIT_SHA ?? gitHead(io.cwd),
    environment: io.env.THREATLOOP_ENVIRONMENT ?? null,
  };
}

function gitHead(cwd: string): string | null {
  const result = spawnSync("git", ["rev-parse", "HEAD"], {
    cwd,
    encoding: "utf8",
    timeout: 5_000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const sha = result.status === 0 ? result.stdout.trim() : "";
  return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
}
