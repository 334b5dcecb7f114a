import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { ThreatloopError } from "../errors.js";
import { FAIL_ON, type FailOn, UNKNOWN_POLICIES, type UnknownPolicy } from "../gate/gate.js";
import type { Manifest } from "../generate/manifest.js";
import { buildModel, Evaluator, evaluateFile } from "../pipeline.js";
import { reporterFor } from "../report/index.js";
import type { EvalReport } from "../report/types.js";
import {
  type CommonOptions,
  commonOptions,
  emit,
  type Io,
  isDebug,
  note,
  useColor,
} from "./context.js";
import { cacheDirFor, opaFor } from "./paths.js";
import { problemLine } from "./validate.js";

interface EvalOptions extends CommonOptions {
  model?: string;
  policy?: string;
  failOn: FailOn;
  unknown: UnknownPolicy;
  cacheDir?: string;
}

/** `threatloop eval`: verdicts for a plan or state file, and the gate's exit code. */
export function registerEval(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("eval")
    .description("evaluate a Terraform plan, state or configuration and gate on the result")
    .argument(
      "<input>",
      "plan or state JSON (terraform show -json), a .tfstate file, or a folder of .tf files",
    )
    .option("-m, --model <file>", "threat model to build (cached) and evaluate", undefined)
    .option("--policy <dir>", "a folder written by threatloop build (no opa needed)")
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that fails the gate")
        .choices(FAIL_ON)
        .default("low"),
    )
    .addOption(
      new Option("--unknown <policy>", "what unknown verdicts do to the gate")
        .choices(UNKNOWN_POLICIES)
        .default("warn"),
    )
    .option("--cache-dir <dir>", "compiled-module cache (default .threatloop/cache)");
  for (const option of commonOptions()) command.addOption(option);
  command.action((input: string, options: EvalOptions) =>
    run(async () => {
      const report = await evaluateCommand(io, input, options);
      const shown =
        options.quiet && options.format === "text"
          ? { ...report, findings: report.findings.filter((f) => f.status !== "pass") }
          : report;
      emit(
        io,
        options,
        reporterFor(options.format).render(shown, { color: !options.output && useColor(io) }),
      );
      return report.gate.exitCode;
    }),
  );
}

/** Loads or builds the policy, evaluates the input, and decides the gate. */
export async function evaluateCommand(
  io: Io,
  input: string,
  options: EvalOptions,
): Promise<EvalReport> {
  const debug = isDebug(io, options);
  const started = performance.now();
  const { wasm, manifest } = await policyFor(io, options);
  const loaded = performance.now();
  const evaluator = await Evaluator.load(wasm);
  const report = await evaluateFile(evaluator, manifest, input, {
    failOn: options.failOn,
    unknown: options.unknown,
  });
  if (debug) {
    const total = performance.now() - started;
    io.stderr.write(
      `debug: policy ready in ${Math.round(loaded - started)} ms, ` +
        `evaluated in ${Math.round(total - (loaded - started))} ms\n`,
    );
    for (const line of report.prints) io.stderr.write(`debug: policy print: ${line}\n`);
  }
  return report;
}

async function policyFor(
  io: Io,
  options: EvalOptions,
): Promise<{ wasm: Buffer; manifest: Manifest }> {
  if (options.policy && options.model) {
    throw new ThreatloopError("usage", "give either --model or --policy, not both");
  }
  if (options.policy) {
    return {
      wasm: readBuilt(join(options.policy, "policy.wasm")),
      manifest: JSON.parse(readBuilt(join(options.policy, "manifest.json")).toString("utf8")),
    };
  }
  const built = await buildModel(options.model ?? "threatloop.yaml", {
    opa: opaFor(io),
    cacheDir: cacheDirFor(io, options.cacheDir),
  });
  for (const warning of built.warnings) note(io, options, problemLine(warning));
  return { wasm: built.compiled.wasm, manifest: built.generated.manifest };
}

function readBuilt(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new ThreatloopError("input", "not found", {
      location: { file },
      hint: "pass a folder written by threatloop build",
    });
  }
}
