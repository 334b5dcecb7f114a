import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { ThreatloopError } from "../errors.js";
import { readSystemHistory } from "../history/query.js";
import { computeMetrics } from "../metrics/metrics.js";
import { renderMetricsText } from "../metrics/render.js";
import { countTests } from "../metrics/test-share.js";
import { loadModel } from "../model/load.js";
import { emit, type Io } from "./context.js";
import { historyOptions, historyPathFor, withHistory } from "./history.js";

const METRICS_FORMATS = ["text", "json"] as const;

interface MetricsOptions {
  model: string;
  history?: string;
  format: (typeof METRICS_FORMATS)[number];
  output?: string;
  repo?: string;
  expiringWithin: string;
}

/** `threatloop metrics`: coverage, validation, failing controls, drift times, tests, waivers. */
export function registerMetrics(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => void,
) {
  const command = program
    .command("metrics")
    .description("coverage, validation rate, failing controls and drift times from run history")
    .option("-m, --model <file>", "the threat model whose system is measured", "threatloop.yaml")
    .option("--repo <dir>", "folder whose test files are counted (default the working folder)")
    .option("--expiring-within <days>", "list waivers expiring within this many days", "30")
    .addOption(
      new Option("--format <format>", "output format").choices(METRICS_FORMATS).default("text"),
    )
    .option("-o, --output <file>", "write the metrics to a file instead of stdout");
  for (const option of historyOptions(false)) command.addOption(option);
  command.action((options: MetricsOptions) =>
    run(async () => {
      const days = Number(options.expiringWithin);
      if (!Number.isInteger(days) || days < 0) {
        throw new ThreatloopError(
          "usage",
          `--expiring-within takes a number of days, not "${options.expiringWithin}"`,
        );
      }
      const { loaded } = loadModel(options.model, loadCatalog());
      const file = historyPathFor(io, options.history) as string;
      const history = withHistory(file, false, (db) =>
        readSystemHistory(db, loaded.model.system.name),
      );
      const metrics = computeMetrics(history, {
        model: loaded.model,
        tests: countTests(resolve(io.cwd, options.repo ?? ".")),
        today: new Date().toISOString().slice(0, 10),
        expiryDays: days,
      });
      const text =
        options.format === "json"
          ? `${JSON.stringify(metrics, null, 2)}\n`
          : renderMetricsText(metrics);
      emit(io, options, text);
      return 0;
    }),
  );
}
