import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, list } from "tar";
import { compareText } from "../compare.js";
import { ThreatloopError } from "../errors.js";
import { writeFiles } from "../io/write.js";

/** One file of a bundle archive, its path relative to the bundle root without a leading slash. */
export interface ArchiveEntry {
  path: string;
  content: Buffer;
}

/**
 * Packs files into a gzipped tar whose bytes depend on the files only: entries sorted by path,
 * mode 0644, mtime 0, no owner names or ids, and a gzip header without a timestamp.
 */
export async function packArchive(entries: ArchiveEntry[]): Promise<Buffer> {
  const work = mkdtempSync(join(tmpdir(), "threatloop-pack-"));
  try {
    const root = join(work, "root");
    writeFiles(root, entries);
    const paths = entries.map((e) => e.path).sort(compareText);
    for (const path of paths) chmodSync(join(root, path), 0o644);
    const file = join(work, "bundle.tar.gz");
    await create(
      { cwd: root, file, gzip: { level: 9 }, portable: true, mtime: new Date(0), noPax: true },
      paths,
    );
    return readFileSync(file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Reads every regular file of a gzipped tar, paths normalised to drop a leading slash. */
export async function readArchive(archive: Buffer, label: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const work = mkdtempSync(join(tmpdir(), "threatloop-read-"));
  const file = join(work, "bundle.tar.gz");
  try {
    writeFiles(work, [{ path: "bundle.tar.gz", content: archive }]);
    const pending: Promise<void>[] = [];
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (entry.type !== "File") {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on("data", (chunk: Buffer) => chunks.push(chunk));
        pending.push(
          new Promise((resolve) =>
            entry.on("end", () => {
              entries.push({
                path: entry.path.replace(/^\/+/, ""),
                content: Buffer.concat(chunks),
              });
              resolve();
            }),
          ),
        );
      },
    });
    await Promise.all(pending);
  } catch (error) {
    throw new ThreatloopError("input", `not a gzipped tar archive: ${(error as Error).message}`, {
      location: { file: label },
      hint: "give a bundle written by threatloop bundle or opa build -b",
      cause: error,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return entries;
}
