import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { compareText } from "../compare.js";
import type { GenerateResult } from "../generate/generate.js";
import { writeFileAtomic } from "../io/write.js";
import type { Problem } from "../model/validate.js";
import { bundledPaths } from "../paths.js";
import { TOOL_VERSION } from "../version.js";

/** What a build of an unchanged model reuses: its warnings, its generated files, its module. */
export interface CachedBuild {
  warnings: Problem[];
  generated: GenerateResult;
  /** Key of the compiled module in the compile cache. */
  compiledKey: string;
}

/** Changes whenever what a cached build holds changes shape. */
const RECIPE = "build cache 2";

/**
 * The key of a build: the model's bytes and everything its output depends on (catalog,
 * templates, Rego library, capabilities, schema, threatloop's version and code, the opa binary).
 * Reading and hashing these files takes milliseconds where parsing and validating them again
 * takes a large part of a second.
 */
export function buildCacheKey(modelBytes: Uint8Array, opa: string): string {
  const hash = createHash("sha256");
  const binary = statSync(opa);
  hash.update(`${RECIPE}\n${TOOL_VERSION}\nopa ${opa} ${binary.size} ${binary.mtimeMs}\n`);
  hash.update(modelBytes);
  const paths = bundledPaths();
  const source = dirname(dirname(fileURLToPath(import.meta.url)));
  const roots = [
    paths.catalog,
    paths.templates,
    paths.library,
    paths.capabilities,
    paths.schema,
    // All of threatloop's own code (about half a megabyte): any module may shape the output.
    source,
  ];
  for (const root of roots) {
    for (const file of filesUnder(root).filter((f) => !f.endsWith(".map"))) {
      hash.update(`\0${relative(root, file)}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 32);
}

/** The cached build of a key, or undefined when there is none or it cannot be read. */
export function readCachedBuild(cacheDir: string, key: string): CachedBuild | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, `build-${key}.json`), "utf8")) as CachedBuild;
  } catch {
    return undefined;
  }
}

/** Keeps a build for the next run with the same key. */
export function writeCachedBuild(cacheDir: string, key: string, build: CachedBuild): void {
  mkdirSync(cacheDir, { recursive: true });
  writeFileAtomic(join(cacheDir, `build-${key}.json`), JSON.stringify(build));
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => compareText(a.name, b.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}
