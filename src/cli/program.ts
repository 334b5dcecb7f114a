import { Command, CommanderError } from "commander";
import { TOOL_VERSION } from "../version.js";
import { type Io, isDebug, reportError } from "./context.js";

type Register = (program: Command, io: Io, run: (fn: () => Promise<number>) => void) => void;

/**
 * Every command, in the order help lists them, with how to load its registration. A command's
 * module pulls in what it needs (the AWS SDK, the HCL parser, SQLite, the bundle server), so
 * only the command being run is loaded; help, version and unknown names load them all.
 */
const COMMANDS: [string, () => Promise<Register>][] = [
  ["validate", async () => (await import("./validate.js")).registerValidate],
  ["generate", async () => (await import("./generate.js")).registerGenerate],
  ["build", async () => (await import("./build.js")).registerBuild],
  ["eval", async () => (await import("./eval.js")).registerEval],
  ["demo", async () => (await import("./demo.js")).registerDemo],
  ["collect", async () => (await import("./collect.js")).registerCollect],
  ["drift", async () => (await import("./drift.js")).registerDrift],
  ["bundle", async () => (await import("./bundle.js")).registerBundle],
  ["verify-bundle", async () => (await import("./bundle.js")).registerVerifyBundle],
  ["serve", async () => (await import("./serve.js")).registerServe],
  ["push", async () => (await import("./push.js")).registerPush],
  ["import", async () => (await import("./import.js")).registerImport],
  ["init", async () => (await import("./init.js")).registerInit],
  ["export", async () => (await import("./export.js")).registerExport],
  ["metrics", async () => (await import("./metrics.js")).registerMetrics],
  ["feedback", async () => (await import("./feedback.js")).registerFeedback],
  ["report", async () => (await import("./report.js")).registerReport],
];

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
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  for (const [, load] of named.length > 0 ? named : COMMANDS) (await load())(program, io, run);

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
