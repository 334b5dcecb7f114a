import { Command, CommanderError } from "commander";
import { TOOL_VERSION } from "../version.js";
import { registerBuild } from "./build.js";
import { registerBundle, registerVerifyBundle } from "./bundle.js";
import { registerCollect } from "./collect.js";
import { type Io, isDebug, reportError } from "./context.js";
import { registerDemo } from "./demo.js";
import { registerDrift } from "./drift.js";
import { registerEval } from "./eval.js";
import { registerExport } from "./export.js";
import { registerFeedback } from "./feedback.js";
import { registerGenerate } from "./generate.js";
import { registerImport } from "./import.js";
import { registerInit } from "./init.js";
import { registerMetrics } from "./metrics.js";
import { registerPush } from "./push.js";
import { registerReport } from "./report.js";
import { registerServe } from "./serve.js";
import { registerValidate } from "./validate.js";

/** Runs the CLI; resolves to 0 passed, 1 gate failed, 2 usage, input or tool error. */
export async function main(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  let pending: Promise<void> = Promise.resolve();
  const debug = isDebug(io, { debug: argv.includes("--debug") });
  const run = (fn: () => Promise<number>) => {
    pending = fn().then(
      (code) => {
        exitCode = code;
      },
      (error: unknown) => {
        exitCode = reportError(io, error, debug);
      },
    );
  };

  const program = new Command("threatloop")
    .description(
      "Executable cloud threat models: threats become Rego and WASM checks that gate merges.",
    )
    .version(TOOL_VERSION)
    .showHelpAfterError("(run threatloop --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerValidate(program, io, run);
  registerGenerate(program, io, run);
  registerBuild(program, io, run);
  registerEval(program, io, run);
  registerDemo(program, io, run);
  registerCollect(program, io, run);
  registerDrift(program, io, run);
  registerBundle(program, io, run);
  registerVerifyBundle(program, io, run);
  registerServe(program, io, run);
  registerPush(program, io, run);
  registerImport(program, io, run);
  registerInit(program, io, run);
  registerExport(program, io, run);
  registerMetrics(program, io, run);
  registerFeedback(program, io, run);
  registerReport(program, io, run);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = ["commander.helpDisplayed", "commander.version", "commander.help"];
      return informational.includes(error.code) ? 0 : 2;
    }
    return reportError(io, error, debug);
  }
  await pending;
  return exitCode;
}
