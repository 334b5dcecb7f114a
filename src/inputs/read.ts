import { readFileSync, statSync } from "node:fs";
import { type ParseError, type ParseErrorCode, parse, printParseErrorCode } from "jsonc-parser";
import { ThreatloopError } from "../errors.js";

/** A Terraform JSON document as UTF-8 bytes, ready to be handed to the evaluator unparsed. */
export interface InputDocument {
  file: string;
  bytes: Uint8Array;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a plan or state JSON file without parsing it: JSON parsing happens once, inside the
 * policy. Binary plan files, empty files and byte-order marks are dealt with here; UTF-16 files
 * are re-encoded as UTF-8.
 */
export function readInputDocument(file: string): InputDocument {
  let raw: Buffer;
  try {
    if (statSync(file).isDirectory()) {
      throw new ThreatloopError("input", "is a directory, not a plan or state JSON file", {
        location: { file },
        hint: "pass the file written by terraform show -json",
      });
    }
    raw = readFileSync(file);
  } catch (error) {
    if (error instanceof ThreatloopError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : `cannot read the file (${code})`;
    throw new ThreatloopError("input", reason, { location: { file }, cause: error });
  }
  if (ZIP_MAGIC.every((byte, i) => raw[i] === byte)) {
    throw new ThreatloopError("input", "this is a binary plan file, not JSON", {
      location: { file },
      hint: `run: terraform show -json ${file} > plan.json`,
    });
  }
  const bytes = toUtf8(raw);
  if (bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    throw new ThreatloopError("input", "the file is empty", { location: { file } });
  }
  return { file, bytes };
}

function toUtf8(raw: Buffer): Uint8Array {
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return raw.subarray(3);
  if (raw[0] === 0xff && raw[1] === 0xfe) return reencode(raw.subarray(2), "utf-16le");
  if (raw[0] === 0xfe && raw[1] === 0xff) return reencode(raw.subarray(2), "utf-16be");
  return raw;
}

function reencode(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): Uint8Array {
  return new TextEncoder().encode(new TextDecoder(encoding).decode(bytes));
}

/**
 * Finds where a document stops being valid JSON, or gives undefined when it is valid. Only called
 * after the policy has refused the input, so the common path never parses in JavaScript.
 */
export function locateJsonError(document: InputDocument): ThreatloopError | undefined {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(document.bytes);
  const errors: ParseError[] = [];
  parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return undefined;
  const { line, column } = lineAndColumn(text, first.offset);
  const truncated = first.offset >= text.trimEnd().length;
  return new ThreatloopError("input", `invalid JSON: ${describe(first.error)}`, {
    location: { file: document.file, line, column },
    hint: truncated ? "the file looks truncated" : "pass the output of terraform show -json",
  });
}

function describe(code: ParseErrorCode): string {
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
