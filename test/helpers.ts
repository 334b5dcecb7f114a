import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveOpa } from "../src/compile/opa.js";
import { packageRoot } from "../src/paths.js";

export const ROOT = packageRoot();
export const EXAMPLE_MODEL = join(ROOT, "fixtures", "example", "threatloop.yaml");
export const EXAMPLE_PLAN = join(ROOT, "fixtures", "example", "plan.json");
export const CLI = join(ROOT, "dist", "src", "cli", "main.js");
/** The shared peer-tool corpus, read in place; THREATLOOP_CORPUS overrides where it is. */
export const CORPUS = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");
/** One compiled-module cache for the whole test run, so each model compiles once. */
export const TEST_CACHE = join(ROOT, ".threatloop", "test-cache");

export function opaPath(): string {
  return resolveOpa(process.env.OPA_PATH, process.env.PATH ?? "");
}

export function temporaryDir(prefix = "threatloop-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, without a TTY. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, THREATLOOP_CACHE_DIR: TEST_CACHE, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether terraform is on PATH; tests that run it skip, saying why, when it is not. */
export const terraformAvailable =
  spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

/** Runs terraform in a folder, without colour codes in its output. */
export function runTerraform(dir: string, args: string[]) {
  return spawnSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}
