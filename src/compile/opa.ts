import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { ThreatloopError, truncate } from "../errors.js";
import { packageRoot } from "../paths.js";

export interface OpaOptions {
  /** Path of the opa binary; see resolveOpa. */
  opa: string;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Finds the opa binary: the path given (from OPA_PATH), the copy the project's setup built in
 * .tools/bin, then opa on PATH.
 */
export function resolveOpa(explicit?: string, searchPath = ""): string {
  const candidates = [
    explicit,
    join(packageRoot(), ".tools", "bin", "opa"),
    ...searchPath
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, "opa")),
  ];
  for (const candidate of candidates) {
    if (candidate && isExecutable(candidate)) return candidate;
  }
  throw new ThreatloopError("tool", "opa was not found", {
    hint: "run tools/setup.sh (or make test), or set OPA_PATH to an opa 1.x binary",
  });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs opa; a failure becomes one line (command and exit code) with opa's stderr under it. */
export function runOpa(
  args: string[],
  options: OpaOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      options.opa,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 300_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const how = error.killed
          ? "timed out"
          : typeof error.code === "number"
            ? `exited with ${error.code}`
            : `failed: ${error.message}`;
        reject(
          new ThreatloopError("tool", `opa ${args[0]} ${how}`, {
            details: truncate((stderr || stdout).trim(), 4000),
            cause: error,
          }),
        );
      },
    );
  });
}
