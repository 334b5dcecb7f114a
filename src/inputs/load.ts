import { statSync } from "node:fs";
import { ThreatloopError } from "../errors.js";
import { readHclDirectory } from "./hcl.js";
import { type InputDocument, locateJsonError, readInputDocument } from "./read.js";
import { convertRawState } from "./tfstate.js";

/** What a path given to eval turned out to be. */
export const INPUT_ORIGINS = ["show-json", "tfstate", "hcl"] as const;
export type InputOrigin = (typeof INPUT_ORIGINS)[number];

/** Where a resource block is written, for findings. */
export interface SourcePosition {
  file: string;
  line: number;
}

/** A document in Terraform's JSON shapes, with where its resources come from when known. */
export interface LoadedInput extends InputDocument {
  origin: InputOrigin;
  /** Source positions keyed by configuration address (`module.a.aws_s3_bucket.b`). */
  sources: Record<string, SourcePosition>;
}

/**
 * Reads any input eval accepts: the JSON of `terraform show -json` (plan or state) is passed on
 * as bytes; a raw `.tfstate` file and a directory of `.tf` files are converted to those shapes.
 */
export async function loadInput(path: string): Promise<LoadedInput> {
  if (isDirectory(path)) {
    const { document, sources } = await readHclDirectory(path);
    return { file: path, bytes: encode(document), origin: "hcl", sources };
  }
  const document = readInputDocument(path);
  if (!isRawState(path, firstKey(document.bytes))) {
    return { ...document, origin: "show-json", sources: {} };
  }
  const raw = parseRawState(document);
  return { file: path, bytes: encode(convertRawState(raw, path)), origin: "tfstate", sources: {} };
}

/**
 * Terraform writes `version` first in raw state; a state file edited by hand may not, so a file
 * named like state is taken as raw state unless it starts as show JSON does.
 */
function isRawState(path: string, key: string | undefined): boolean {
  if (key === "version") return true;
  return /\.tfstate(\.backup)?$/.test(path) && key !== "format_version";
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The first key of the top-level object. Terraform writes `format_version` first in show JSON
 * and `version` first in raw state, so one token tells them apart without parsing the file.
 */
export function firstKey(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  return /^\s*\{\s*"((?:[^"\\]|\\.)*)"\s*:/.exec(head)?.[1];
}

function parseRawState(document: InputDocument): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(document.bytes));
  } catch (error) {
    throw (
      locateJsonError(document) ??
      new ThreatloopError("input", "invalid JSON in the state file", {
        location: { file: document.file },
        cause: error,
      })
    );
  }
}

function encode(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document));
}
