import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { exportOtm } from "../model/export/otm.js";
import { readLastVerdicts } from "../model/export/report.js";
import { loadModel } from "../model/load.js";
import { emit, type Io, note } from "./context.js";
import { problemLine } from "./validate.js";

interface ExportOptions {
  model: string;
  report?: string;
  output?: string;
  quiet?: boolean;
}

/** `threatloop export`: the model as OTM, with observed status and last verdicts. */
export function registerExport(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  program
    .command("export")
    .description("write the threat model as Open Threat Model (OTM 0.2) JSON")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option("--report <file>", "a threatloop eval --format json report whose verdicts to carry")
    .option("-o, --output <file>", "write the OTM to a file instead of stdout")
    .option("-q, --quiet", "print nothing but errors")
    .action((options: ExportOptions) =>
      run(async () => {
        const catalog = loadCatalog();
        const { loaded, warnings } = loadModel(options.model, catalog);
        for (const warning of warnings) note(io, options, problemLine(warning));
        const last = options.report ? readLastVerdicts(options.report) : undefined;
        const otm = exportOtm(loaded.model, catalog, {
          ...(last
            ? {
                verdicts: last.verdicts,
                evaluated: { input: last.input, model_hash: last.modelHash },
              }
            : {}),
        });
        emit(io, { format: "json", ...options }, `${JSON.stringify(otm, null, 2)}\n`);
        return 0;
      }),
    );
}
