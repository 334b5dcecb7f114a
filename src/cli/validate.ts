import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { readTerraformInput } from "../model/derive/input.js";
import { validateModelFile } from "../model/load.js";
import { type CommonOptions, commonOptions, emit, type Io } from "./context.js";
import { problemLine } from "./problem-line.js";

interface ValidateOptions extends CommonOptions {
  model: string;
  plan?: string;
}

/** `threatloop validate`: every problem of a model at once; exit 2 when any is an error. */
export function registerValidate(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => void,
) {
  const command = program
    .command("validate")
    .description("check a threat model against the schema, the catalog and itself")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option(
      "--plan <file|dir>",
      "plan or state JSON, or .tf files, whose resources every binding must select",
    );
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: ValidateOptions) =>
    run(async () => {
      const terraform = options.plan
        ? { file: options.plan, resources: await readTerraformInput(options.plan) }
        : undefined;
      const { loaded, problems } = validateModelFile(options.model, loadCatalog(), {
        ...(terraform ? { terraform } : {}),
      });
      const errors = problems.filter((p) => p.severity === "error");
      if (options.format === "json") {
        emit(io, options, `${JSON.stringify({ valid: errors.length === 0, problems }, null, 2)}\n`);
      } else {
        const shown = options.quiet ? errors : problems;
        const lines = shown.map(problemLine);
        const model = loaded?.model;
        const what = model
          ? `${model.threats.length} threats, ${model.components.length} components`
          : "";
        lines.push(
          `${options.model}: ${errors.length} errors, ${problems.length - errors.length} warnings` +
            (what ? ` (${what})` : ""),
        );
        emit(io, options, `${lines.join("\n")}\n`);
      }
      return errors.length === 0 ? 0 : 2;
    }),
  );
}
