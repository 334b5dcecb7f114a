import { resolve } from "node:path";
import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { renderDashboard } from "../dashboard/html.js";
import { controlPairs, observedControls } from "../history/observed.js";
import { readSystemHistory } from "../history/query.js";
import { writeFileAtomic } from "../io/write.js";
import { computeMetrics } from "../metrics/metrics.js";
import { countTests } from "../metrics/test-share.js";
import { loadModel } from "../model/load.js";
import { type Io, note } from "./context.js";
import { historyOptions, historyPathFor, withHistory } from "./history.js";

interface ReportOptions {
  html: string;
  model: string;
  history?: string;
  repo?: string;
  quiet?: boolean;
}

/** `threatloop report --html`: one self-contained dashboard page from the run history. */
export function registerReport(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("report")
    .description("write a self-contained HTML dashboard of coverage, failures and drift")
    .requiredOption("--html <file>", "the HTML file to write")
    .option("-m, --model <file>", "the threat model whose system is shown", "threatloop.yaml")
    .option("--repo <dir>", "folder whose test files are counted (default the working folder)")
    .option("-q, --quiet", "print nothing on success");
  for (const option of historyOptions(false)) command.addOption(option);
  command.action((options: ReportOptions) =>
    run(async () => {
      const { loaded } = loadModel(options.model, loadCatalog());
      const file = historyPathFor(io, options.history) as string;
      const history = withHistory(file, false, (db) =>
        readSystemHistory(db, loaded.model.system.name),
      );
      const now = new Date();
      const metrics = computeMetrics(history, {
        model: loaded.model,
        tests: countTests(resolve(io.cwd, options.repo ?? ".")),
        today: now.toISOString().slice(0, 10),
        expiryDays: 30,
      });
      const pairs = controlPairs(loaded.model);
      const html = renderDashboard({
        metrics,
        model: loaded.model,
        observed: observedControls(history, pairs),
        generatedAt: now.toISOString(),
      });
      writeFileAtomic(options.html, html);
      note(io, options, `threatloop: wrote ${options.html}`);
      return 0;
    }),
  );
}
