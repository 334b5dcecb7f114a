import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { importThreatModelFile } from "../model/import/index.js";
import { renderModelYaml } from "../model/write-yaml.js";
import { bundledPaths } from "../paths.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";

/** `threatloop import`: another tool's threat model as a native model, with what was dropped. */
export function registerImport(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("import")
    .description("convert an OTM, Threat Dragon or Threagile model into a threatloop model")
    .argument("<file>", "the model to import (.json, .yaml)");
  for (const option of commonOptions()) command.addOption(option);
  command.action((file: string, options: CommonOptions) =>
    run(async () => {
      const result = importThreatModelFile(file);
      for (const entry of result.dropped) {
        note(io, options, `${file}: dropped ${entry.path}: ${entry.reason}`);
      }
      for (const entry of result.assumed) {
        note(io, options, `assumed ${entry.path} = ${entry.value}: ${entry.reason}`);
      }
      const { model } = result;
      note(
        io,
        options,
        `imported ${result.format}: ${model.components.length} components, ` +
          `${model.flows?.length ?? 0} flows, ${model.threats.length} threats; ` +
          `${result.dropped.length} dropped, ${result.assumed.length} assumed`,
      );
      if (options.format === "json") {
        emit(io, options, `${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      const from = resolve(io.cwd, options.output ? dirname(options.output) : ".");
      const yaml = renderModelYaml(model, {
        schema: relative(from, bundledPaths().schema),
        header: [
          `Imported from ${file} (${result.format}) by threatloop import.`,
          "Threats carry no controls yet: name catalog controls for each, then run",
          "threatloop validate to see what is left to complete.",
        ],
      });
      emit(io, options, yaml);
      return 0;
    }),
  );
}
