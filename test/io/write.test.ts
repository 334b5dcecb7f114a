import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { writeFileAtomic } from "../../src/io/write.js";
import { temporaryDir } from "../helpers.js";

test("writes a large text in pieces without splitting a character", (t) => {
  const dir = temporaryDir();
  const file = join(dir, "report.json");
  // A pair of UTF-16 code units straddles each megabyte boundary.
  const text = `${"a".repeat((1 << 20) - 1)}😀${"b".repeat(1 << 20)}é😀`;
  writeFileAtomic(file, text);
  t.is(readFileSync(file, "utf8"), text);
  t.deepEqual(readdirSync(dir), ["report.json"]);
});

test("a pipe given as the output is written in place and stays a pipe", async (t) => {
  const fifo = join(temporaryDir(), "out.fifo");
  execFileSync("mkfifo", [fifo]);
  const reader = spawn("cat", [fifo]);
  let received = "";
  reader.stdout.on("data", (chunk: Buffer) => {
    received += chunk.toString();
  });
  const closed = new Promise((resolve) => reader.on("close", resolve));
  writeFileAtomic(fifo, "verdicts\n");
  // Were the pipe replaced by a file, the reader would wait forever on the old one.
  const timer = setTimeout(() => reader.kill(), 10_000);
  await closed;
  clearTimeout(timer);
  t.is(received, "verdicts\n");
  t.true(statSync(fifo).isFIFO());
});

test("writes pieces of text as one file, and leaves nothing when the pieces fail", (t) => {
  const dir = temporaryDir();
  const file = join(dir, "report.json");
  const pieces = [
    "[",
    ..."x"
      .repeat(3000)
      .split("")
      .map(() => `"${"y".repeat(1000)}",`),
    "1]",
  ];
  writeFileAtomic(file, pieces);
  t.is(readFileSync(file, "utf8"), pieces.join(""));
  function* failing(): Generator<string> {
    yield "partial";
    throw new Error("the reporter failed");
  }
  t.throws(() => writeFileAtomic(join(dir, "other.json"), failing()), {
    message: /reporter failed/,
  });
  t.deepEqual(readdirSync(dir), ["report.json"]);
});
