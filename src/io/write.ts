import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ThreatloopError } from "../errors.js";

/** Writes a file through a temporary sibling and a rename, so it is never seen half-written. */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** Writes files under a folder, creating subfolders. */
export function writeFiles(dir: string, files: { path: string; content: string | Buffer }[]): void {
  for (const file of files) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

/**
 * Replaces an output folder as a whole: the new content is written beside it and swapped in, so a
 * failure leaves the previous output untouched. A folder that threatloop did not write (one
 * without the marker file) is never replaced.
 */
export function replaceOutputDir(
  dir: string,
  files: { path: string; content: string | Buffer }[],
  marker = "manifest.json",
): void {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, marker))) {
    throw new ThreatloopError("io", "refusing to replace a folder threatloop did not write", {
      location: { file: dir },
      hint: "choose an empty or new folder for the output",
    });
  }
  const staging = `${dir}.tmp-${process.pid}`;
  const previous = `${dir}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    writeFiles(staging, files);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new ThreatloopError("io", `cannot write the output: ${(error as Error).message}`, {
      location: { file: dir },
      cause: error,
    });
  }
  if (existsSync(dir)) renameSync(dir, previous);
  renameSync(staging, dir);
  rmSync(previous, { recursive: true, force: true });
}
