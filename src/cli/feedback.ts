import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { applyFeedback, type FeedbackResult } from "../feedback/feedback.js";
import { readSystemHistory } from "../history/query.js";
import { writeFileAtomic } from "../io/write.js";
import { loadModel } from "../model/load.js";
import { emit, type Io } from "./context.js";
import { historyOptions, historyPathFor, withHistory } from "./history.js";

const FEEDBACK_FORMATS = ["text", "json"] as const;

interface FeedbackOptions {
  model: string;
  history?: string;
  dryRun?: boolean;
  format: (typeof FEEDBACK_FORMATS)[number];
  output?: string;
}

/** `threatloop feedback`: observed status, contradictions and raised likelihoods into the model. */
export function registerFeedback(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => void,
) {
  const command = program
    .command("feedback")
    .description("write each control's observed status from run history into the threat model")
    .option("-m, --model <file>", "the threat model to update in place", "threatloop.yaml")
    .option("--dry-run", "report what would change without writing the model")
    .addOption(
      new Option("--format <format>", "output format").choices(FEEDBACK_FORMATS).default("text"),
    )
    .option("-o, --output <file>", "write the summary to a file instead of stdout");
  for (const option of historyOptions(false)) command.addOption(option);
  command.action((options: FeedbackOptions) =>
    run(async () => {
      const { loaded } = loadModel(options.model, loadCatalog());
      const file = historyPathFor(io, options.history) as string;
      const history = withHistory(file, false, (db) =>
        readSystemHistory(db, loaded.model.system.name),
      );
      const result = applyFeedback(
        options.model,
        readFileSync(options.model, "utf8"),
        loaded.model,
        history,
      );
      if (!options.dryRun) writeFileAtomic(options.model, result.text);
      const summary =
        options.format === "json"
          ? `${JSON.stringify({ ...result, text: undefined }, null, 2)}\n`
          : renderFeedback(result, options.model, Boolean(options.dryRun));
      emit(io, options, summary);
      return 0;
    }),
  );
}

function renderFeedback(result: FeedbackResult, model: string, dryRun: boolean): string {
  const lines = [`threatloop feedback: ${model}${dryRun ? " (dry run, not written)" : ""}`];
  for (const o of result.observed) {
    const when = o.last_seen ? ` (last seen ${o.last_seen})` : "";
    lines.push(`  ${o.threat} ${o.control}: ${o.status}${when}`);
  }
  lines.push(`contradictions: ${result.contradictions.length}`);
  for (const c of result.contradictions) lines.push(`  ${c.message}`);
  for (const r of result.raised) {
    lines.push(
      `likelihood of ${r.threat} raised from ${r.from ?? "unset"} to ${r.to} ` +
        `(failing in the last ${r.failing_runs} evaluations)`,
    );
  }
  return `${lines.join("\n")}\n`;
}
