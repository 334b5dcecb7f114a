import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compareText } from "../compare.js";
import type { GeneratedFile } from "./generate.js";

/** A file whose committed copy differs from what generation writes now. */
export interface StaleFile {
  path: string;
  reason: "missing" | "changed" | "extra";
}

/**
 * Compares a folder written by `generate` with the files generation would write now: files
 * missing from the folder, files whose bytes differ, and files generation no longer writes.
 */
export function staleFiles(dir: string, files: GeneratedFile[]): StaleFile[] {
  const present = new Set(existsSync(dir) ? listFiles(dir) : []);
  const stale: StaleFile[] = [];
  for (const file of files) {
    if (!present.has(file.path)) stale.push({ path: file.path, reason: "missing" });
    else if (readFileSync(join(dir, file.path), "utf8") !== file.content) {
      stale.push({ path: file.path, reason: "changed" });
    }
    present.delete(file.path);
  }
  for (const path of present) stale.push({ path, reason: "extra" });
  return stale.sort((a, b) => compareText(a.path, b.path));
}

/** Every file below a folder, as paths relative to it with forward slashes. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, path)).isDirectory() ? listFiles(dir, path) : [path];
  });
}
