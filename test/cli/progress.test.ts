import { Writable } from "node:stream";
import test from "ava";
import type { Io } from "../../src/cli/context.js";
import { createProgress } from "../../src/cli/progress.js";

function ioWith(isTTY: boolean): { io: Io; written: () => string } {
  let text = "";
  const stderr = Object.assign(new Writable({ write: (_chunk, _encoding, done) => done() }), {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  });
  const io: Io = { stdout: new Writable(), stderr, env: {}, cwd: "." };
  return { io, written: () => text };
}

const cases: { title: string; tty: boolean; quiet: boolean; expected: string }[] = [
  {
    title: "redraws one line on a TTY, keeps finished steps and clears at the end",
    tty: true,
    quiet: false,
    expected:
      "\r\u001b[2Kcompiling\r\u001b[2Kcollect: s3: 2 resources\n\r\u001b[2Kevaluating\r\u001b[2K",
  },
  { title: "writes nothing when stderr is not a TTY", tty: false, quiet: false, expected: "" },
  { title: "writes nothing with --quiet, even on a TTY", tty: true, quiet: true, expected: "" },
];

for (const c of cases) {
  test(`progress ${c.title}`, (t) => {
    const { io, written } = ioWith(c.tty);
    const progress = createProgress(io, { quiet: c.quiet });
    progress.update("compiling");
    progress.line("collect: s3: 2 resources");
    progress.update("evaluating");
    progress.done();
    progress.done();
    t.is(written(), c.expected);
  });
}
