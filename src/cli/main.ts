#!/usr/bin/env node
import type { Io } from "./context.js";
import { main } from "./program.js";

const io: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
