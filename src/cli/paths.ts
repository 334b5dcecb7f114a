import { resolve } from "node:path";
import { resolveOpa } from "../compile/opa.js";
import type { Io } from "./context.js";

/** The opa binary for commands that compile: OPA_PATH, the project's .tools, or PATH. */
export function opaFor(io: Io): string {
  return resolveOpa(io.env.OPA_PATH, io.env.PATH ?? "");
}

/** The compiled-module cache: --cache-dir, THREATLOOP_CACHE_DIR, or .threatloop/cache. */
export function cacheDirFor(io: Io, option?: string): string {
  return resolve(io.cwd, option ?? io.env.THREATLOOP_CACHE_DIR ?? ".threatloop/cache");
}
