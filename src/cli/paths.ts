import { resolve } from "node:path";
import { resolveOpa } from "../compile/opa.js";
import type { Io } from "./context.js";

/** The opa binary for commands that compile: OPA_PATH, the project's .tools, or PATH. */
export function opaFor(io: Io): string {
  return resolveOpa(io.env.OPA_PATH, io.env.PATH ?? "");
}

/** Compiled modules are cached per project unless --cache-dir or THREATLOOP_CACHE_DIR says otherwise. */
export function cacheDirFor(io: Io, option?: string): string {
  return resolve(io.cwd, option ?? io.env.THREATLOOP_CACHE_DIR ?? ".threatloop/cache");
}
