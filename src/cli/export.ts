import { Argument, type Command } from "commander";
import { TARGETS } from "../export/targets/index.js";
import { EXPORT_MARKER, EXPORT_TARGETS, type ExportTargetName } from "../export/targets/types.js";
import { replaceOutputDir } from "../io/write.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { generateModel } from "./model.js";

interface ExportOptions extends CommonOptions {
  model: string;
  out?: string;
}

/** `threatloop export <target>`: a directory to commit for HCP Terraform, Spacelift or conftest. */
export function registerExport(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("export")
    .description("write the model's policies as a directory for another policy engine")
    .addArgument(new Argument("<target>", "where the policies go").choices(EXPORT_TARGETS))
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option(
      "--out <dir>",
      "folder to write, replaced as a whole (default .threatloop/export/<target>)",
    );
  for (const option of commonOptions()) command.addOption(option);
  command.action((target: ExportTargetName, options: ExportOptions) =>
    run(async () => {
      const generated = generateModel(io, options);
      const files = TARGETS[target].render(generated);
      const out = options.out ?? `.threatloop/export/${target}`;
      replaceOutputDir(out, files, EXPORT_MARKER);
      const summary = { target, out, files: files.map((f) => f.path).sort() };
      if (options.format === "json") emit(io, options, `${JSON.stringify(summary, null, 2)}\n`);
      else
        note(
          io,
          options,
          `wrote ${files.length} files for ${TARGETS[target].description} to ${out}`,
        );
      return 0;
    }),
  );
}
