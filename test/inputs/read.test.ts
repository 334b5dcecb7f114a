import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import { readInputDocument } from "../../src/inputs/read.js";
import { temporaryDir } from "../helpers.js";

function file(content: Buffer): string {
  const path = join(temporaryDir(), "plan.json");
  writeFileSync(path, content);
  return path;
}

const json = '{"format_version":"1.2"}';

test("reads UTF-8 bytes as they are", (t) => {
  t.is(Buffer.from(readInputDocument(file(Buffer.from(json))).bytes).toString(), json);
});

test("drops a UTF-8 byte-order mark", (t) => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
  t.is(Buffer.from(readInputDocument(file(bytes)).bytes).toString(), json);
});

test("re-encodes UTF-16 little-endian plans as UTF-8", (t) => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]);
  t.is(Buffer.from(readInputDocument(file(bytes)).bytes).toString(), json);
});

test("rejects an empty file", (t) => {
  const error = t.throws(() => readInputDocument(file(Buffer.from("  \n"))), {
    instanceOf: ThreatloopError,
  });
  t.regex(error?.render() ?? "", /plan\.json: the file is empty$/);
});

test("rejects a folder", (t) => {
  const error = t.throws(() => readInputDocument(temporaryDir()), { instanceOf: ThreatloopError });
  t.regex(error?.message ?? "", /is a directory/);
});
