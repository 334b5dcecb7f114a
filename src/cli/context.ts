import { Option } from "commander";
import { ThreatloopError, toError } from "../errors.js";
import { writeFileAtomic } from "../io/write.js";
import { FORMATS, type Format } from "../report/index.js";

/** Options every command accepts. */
export interface CommonOptions {
  format: Format;
  output?: string;
  quiet?: boolean;
  debug?: boolean;
}

/** The process's streams and environment, the only place the CLI reads them. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function commonOptions(): Option[] {
  return [
    new Option("--format <format>", "output format").choices(FORMATS).default("text"),
    new Option("-o, --output <file>", "write the output to a file instead of stdout"),
    new Option("-q, --quiet", "print failures only"),
    new Option("--debug", "print timings and stack traces to stderr (also THREATLOOP_DEBUG=1)"),
  ];
}

/** Colour only on a TTY, and never when NO_COLOR is set to anything. */
export function useColor(io: Io, stream: "stdout" | "stderr" = "stdout"): boolean {
  return Boolean(io[stream].isTTY) && io.env.NO_COLOR === undefined;
}

export function isDebug(io: Io, options: { debug?: boolean }): boolean {
  return Boolean(options.debug) || (io.env.THREATLOOP_DEBUG ?? "") !== "";
}

/** Report data goes to --output (written whole, atomically) or to stdout. */
export function emit(io: Io, options: { output?: string }, text: string | Iterable<string>): void {
  if (options.output) writeFileAtomic(options.output, text);
  else if (typeof text === "string") io.stdout.write(text);
  else for (const piece of text) io.stdout.write(piece);
}

/** Progress and notes: stderr, and only when not quiet. */
export function note(io: Io, options: { quiet?: boolean }, text: string): void {
  if (!options.quiet) io.stderr.write(`${text}\n`);
}

/** Prints an error as one line (plus details when present) and gives exit code 2. */
export function reportError(io: Io, thrown: unknown, debug: boolean): number {
  const error = thrown instanceof ThreatloopError ? thrown : toError(thrown);
  const line =
    error instanceof ThreatloopError ? error.render() : `internal error: ${error.message}`;
  io.stderr.write(`threatloop: ${line}\n`);
  if (error instanceof ThreatloopError && error.details) {
    io.stderr.write(`${error.details.replace(/^/gm, "  ")}\n`);
  }
  if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
  return 2;
}
