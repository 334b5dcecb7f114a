import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { ThreatloopError } from "../errors.js";

/**
 * Writes a file through a temporary sibling and a rename, so it is never seen half-written. A
 * device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written in place: a rename would put a
 * plain file where it was.
 */
export function writeFileAtomic(path: string, content: string | Buffer | Iterable<string>): void {
  if (isSpecial(path)) {
    writeContent(path, content);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeContent(temporary, content);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  renameSync(temporary, path);
}

function isSpecial(path: string): boolean {
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}

/** Characters written at a time: a large report is never held twice, as text and as bytes. */
const CHUNK = 1 << 20;

function writeContent(path: string, content: string | Buffer | Iterable<string>): void {
  if (Buffer.isBuffer(content) || (typeof content === "string" && content.length <= CHUNK)) {
    writeFileSync(path, content);
    return;
  }
  const fd = openSync(path, "w");
  try {
    const pieces = typeof content === "string" ? [content] : content;
    for (const piece of pieces) writeText(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/** Writes a text a megabyte at a time, never splitting a surrogate pair between two writes. */
function writeText(fd: number, text: string): void {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + CHUNK);
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    const bytes = Buffer.from(text.slice(at, end));
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    at = end;
  }
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
