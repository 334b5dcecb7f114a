import { type Command, Option } from "commander";
import { readSide } from "../drift/documents.js";
import { detectDrift } from "../drift/drift.js";
import { readIgnoreRules, rulesInForce } from "../drift/ignore.js";
import { renderDriftText } from "../drift/render.js";
import { fingerprintOf } from "../gate/fingerprint.js";
import { recordDrift, regressionsFirstSeen } from "../history/record.js";
import { readInputDocument } from "../inputs/read.js";
import { buildModel, Evaluator } from "../pipeline.js";
import { FORMATS } from "../report/index.js";
import { type CommonOptions, emit, type Io, note } from "./context.js";
import { historyOptions, historyPathFor, runContextFor, withHistory } from "./history.js";
import { cacheDirFor, opaFor } from "./paths.js";

interface DriftOptions extends CommonOptions {
  desired: string;
  deployed: string;
  model: string;
  prior?: boolean;
  ignore?: string;
  cacheDir?: string;
  history?: string | boolean;
}

/** `threatloop drift`: desired against deployed, with security regressions first. */
export function registerDrift(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("drift")
    .description("compare what Terraform declares with what is deployed, and name reopened threats")
    .requiredOption("--desired <file>", "plan JSON, state JSON or raw .tfstate")
    .requiredOption(
      "--deployed <file>",
      "state JSON, .tfstate, refresh-only plan, live export or AWS Config items",
    )
    .option("-m, --model <file>", "threat model whose policies judge both sides", "threatloop.yaml")
    .option("--prior", "use the prior state of a desired plan instead of its planned values")
    .option("--ignore <file>", "YAML of attributes to ignore, each with a reason and an expiry")
    .option("--cache-dir <dir>", "compiled-module cache (default .threatloop/cache)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("-q, --quiet", "print failures only")
    .option("--debug", "print stack traces to stderr (also THREATLOOP_DEBUG=1)");
  for (const option of historyOptions(true)) command.addOption(option);
  command.action((options: DriftOptions) => run(() => driftCommand(io, options)));
}

async function driftCommand(io: Io, options: DriftOptions): Promise<number> {
  const desired = await readSide(options.desired, { prior: Boolean(options.prior) });
  const deployed = await readSide(options.deployed);
  const today = new Date().toISOString().slice(0, 10);
  const { active, expired } = rulesInForce(
    options.ignore ? readIgnoreRules(options.ignore) : [],
    today,
  );
  for (const rule of expired)
    note(
      io,
      options,
      `threatloop: ignore rule ${rule.type}.${rule.attribute} expired on ${rule.expires}`,
    );
  const built = await buildModel(options.model, {
    opa: opaFor(io),
    cacheDir: cacheDirFor(io, options.cacheDir),
  });
  const evaluator = await Evaluator.load(built.compiled.wasm);
  const manifest = built.generated.manifest;
  const historyFile = historyPathFor(io, options.history);
  const seen = historyFile
    ? withHistory(historyFile, true, (db) => regressionsFirstSeen(db, manifest.model.system))
    : new Map<string, string>();
  const givenAsJson = (desired.kind === "plan" || desired.kind === "state") && !options.prior;
  const report = detectDrift(desired, deployed, {
    evaluator,
    manifest: built.generated.manifest,
    rules: active,
    expiredRules: expired,
    now: new Date().toISOString(),
    firstSeen: (change) => seen.get(fingerprintOf(change)),
    ...(givenAsJson ? { desiredInput: readInputDocument(options.desired) } : {}),
  });
  const text =
    options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderDriftText(report);
  emit(io, options, text);
  if (historyFile)
    withHistory(historyFile, true, (db) => recordDrift(db, report, manifest, runContextFor(io)));
  return report.regressions.length > 0 ? 1 : 0;
}
