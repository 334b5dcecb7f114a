import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { generatePolicies } from "../generate/generate.js";
import { replaceOutputDir } from "../io/write.js";
import { loadModel } from "../model/load.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { problemLine } from "./validate.js";

interface GenerateOptions extends CommonOptions {
  model: string;
  out: string;
}

/** `threatloop generate`: Rego modules and manifest.json from a model. */
export function registerGenerate(
  program: Command,
  io: Io,
  run: (fn: () => Promise<number>) => void,
) {
  const command = program
    .command("generate")
    .description("generate Rego policies and the traceability manifest from a threat model")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option("--out <dir>", "folder to write (replaced as a whole)", ".threatloop/generated");
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: GenerateOptions) =>
    run(async () => {
      const catalog = loadCatalog();
      const { loaded, warnings } = loadModel(options.model, catalog);
      for (const warning of warnings) note(io, options, problemLine(warning));
      const { files, manifest } = generatePolicies(loaded, catalog);
      replaceOutputDir(options.out, files);
      const summary = {
        out: options.out,
        files: files.map((f) => f.path),
        threats: manifest.threats.length,
      };
      if (options.format === "json") emit(io, options, `${JSON.stringify(summary, null, 2)}\n`);
      else
        note(
          io,
          options,
          `wrote ${files.length} files for ${summary.threats} threats to ${options.out}`,
        );
      return 0;
    }),
  );
}
