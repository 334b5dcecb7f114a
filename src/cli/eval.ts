import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { ThreatloopError } from "../errors.js";
import type { Jobs } from "../evaluate/parallel.js";
import { renderBaseline } from "../gate/baseline.js";
import { loadDeferred, updateDeferred } from "../gate/deferred.js";
import { FAIL_ON, type GateOptions, UNKNOWN_POLICIES } from "../gate/gate.js";
import type { Manifest } from "../generate/manifest.js";
import { recordEvaluation } from "../history/record.js";
import { buildModel, Evaluator, evaluateFile } from "../pipeline.js";
import { REPORT_FORMATS, type ReportFormat, renderChunks } from "../report/index.js";
import { attachSources, scanResourceBlocks } from "../report/source-locations.js";
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
import { type GateFlags, gateOptionsFor } from "./gate-inputs.js";
import { historyOptions, historyPathFor, runContextFor, withHistory } from "./history.js";
import { cacheDirFor, opaFor } from "./paths.js";
import { problemLine } from "./problem-line.js";
import { createProgress } from "./progress.js";
import {
  collectReport,
  type ReportOutput,
  writeReportFile,
  writeReports,
} from "./report-outputs.js";

interface EvalOptions extends Omit<CommonOptions, "format">, GateFlags {
  format: ReportFormat;
  model?: string;
  policy?: string;
  cacheDir?: string;
  report?: ReportOutput[];
  writeBaseline?: string;
  deferred?: string;
  sourceDir?: string;
  history?: string | boolean;
  jobs?: Jobs;
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
      new Option(
        "--fail-on <severity>",
        "lowest severity that fails the gate (default low)",
      ).choices(FAIL_ON),
    )
    .addOption(
      new Option(
        "--unknown <policy>",
        "what unknown verdicts do to the gate (default warn)",
      ).choices(UNKNOWN_POLICIES),
    )
    .option("--config <file>", "gate settings (default threatloop.config.yaml when present)")
    .option("--waivers <file>", "waivers YAML file (schema/waivers.schema.json)")
    .option("--baseline <file>", "fail only on findings not in this baseline; report fixed ones")
    .option("--write-baseline <file>", "record the failing and unknown findings as a baseline")
    .option(
      "--deferred <file>",
      "verdicts left for state to decide (default .threatloop/deferred.json with --unknown defer)",
    )
    .option("--source-dir <dir>", "find resource blocks in the .tf files under this folder")
    .option(
      "--report <format=file>",
      `also write a report to a file; repeatable (${REPORT_FORMATS.join(", ")})`,
      collectReport,
    )
    .option("--cache-dir <dir>", "compiled-module cache (default .threatloop/cache)")
    .option(
      "--jobs <n>",
      "evaluators sharing the threats, each on its own thread (default auto: one per core " +
        "for inputs of 4 MiB and more)",
      parseJobs,
    );
  for (const option of historyOptions(true)) command.addOption(option);
  for (const option of commonOptions()) {
    if (option.long === "--format") {
      command.addOption(
        new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("text"),
      );
    } else command.addOption(option);
  }
  command.action((input: string, options: EvalOptions) =>
    run(async () => {
      const gate = await gateOptionsFor(io, options);
      const report = await evaluateCommand(io, input, options, gate);
      const history = historyPathFor(io, options.history);
      if (history) {
        withHistory(history, true, (db) =>
          recordEvaluation(db, report, runContextFor(io), gate.waivers?.list),
        );
      }
      writeReports(report, options.report ?? []);
      if (options.writeBaseline) {
        writeReportFile(options.writeBaseline, renderBaseline(report.findings));
      }
      const deferrals =
        options.deferred ?? (report.gate.unknown === "defer" ? DEFAULT_DEFERRED : undefined);
      if (deferrals) carryDeferrals(io, options, deferrals, input, report);
      const shown =
        options.quiet && options.format === "text"
          ? { ...report, findings: report.findings.filter((f) => f.status !== "pass") }
          : report;
      emit(
        io,
        options,
        renderChunks(options.format, shown, { color: !options.output && useColor(io) }),
      );
      return report.gate.exitCode;
    }),
  );
}

const DEFAULT_DEFERRED = ".threatloop/deferred.json";

/**
 * Keeps the deferral file: this run's deferred unknowns are added, and the deferred verdicts it
 * decides (a state evaluated after apply) leave the file and are named on stderr.
 */
function carryDeferrals(
  io: Io,
  options: EvalOptions,
  file: string,
  input: string,
  report: EvalReport,
) {
  const outcome = updateDeferred(loadDeferred(file), report.findings, {
    now: new Date().toISOString(),
    input,
  });
  writeReportFile(file, `${JSON.stringify(outcome.file, null, 2)}\n`);
  for (const { entry, status } of outcome.resolved) {
    const what = status === "fail" ? "FAILS now" : "passes now";
    note(
      io,
      options,
      `threatloop: deferred ${entry.threat} ${entry.control} ${entry.address} ${what}`,
    );
  }
  const waiting = outcome.file.deferred.length;
  if (waiting > 0)
    note(io, options, `threatloop: ${waiting} verdicts deferred to state in ${file}`);
}

function parseJobs(value: string): Jobs {
  if (value === "auto") return "auto";
  if (!/^[1-9][0-9]?$/.test(value)) {
    throw new ThreatloopError("usage", `--jobs "${value}" is not auto or a number from 1 to 99`);
  }
  return Number(value);
}

/** Loads or builds the policy, evaluates the input, and decides the gate with `gate`. */
export async function evaluateCommand(
  io: Io,
  input: string,
  options: EvalOptions,
  gate: GateOptions,
): Promise<EvalReport> {
  const debug = isDebug(io, options);
  const started = performance.now();
  const progress = createProgress(io, options);
  progress.update("threatloop: preparing the policy (compiling when not cached)…");
  const { wasm, manifest } = await policyFor(io, options).finally(() => progress.done());
  const loaded = performance.now();
  const evaluator = await Evaluator.load(wasm);
  progress.update(`threatloop: evaluating ${input}…`);
  const evaluated = await evaluateFile(evaluator, manifest, input, gate, options.jobs ?? "auto");
  progress.done();
  const report = options.sourceDir
    ? withSources(evaluated, scanResourceBlocks(options.sourceDir, io.cwd))
    : evaluated;
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

function withSources(report: EvalReport, blocks: ReturnType<typeof scanResourceBlocks>) {
  const findings = attachSources(report.findings, blocks);
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  const blocking = report.gate.blocking.map((f) => byFingerprint.get(f.fingerprint) ?? f);
  return { ...report, findings, gate: { ...report.gate, findings, blocking } };
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
