import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { staleFiles } from "../generate/check.js";
import { generateExampleTests } from "../generate/example-tests.js";
import { type GeneratedFile, generatePolicies } from "../generate/generate.js";
import { generateTerraformTests } from "../generate/tftest.js";
import { replaceOutputDir } from "../io/write.js";
import { loadModel } from "../model/load.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { problemLine } from "./problem-line.js";

interface GenerateOptions extends CommonOptions {
  model: string;
  out: string;
  check?: boolean;
  terraform?: string;
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
    .option("--out <dir>", "folder to write (replaced as a whole)", ".threatloop/generated")
    .option("--check", "write nothing; exit 1 and list the files in --out that are stale")
    .option("--terraform <dir>", "also write terraform/<threat>.tftest.hcl for this configuration");
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: GenerateOptions) =>
    run(async () => {
      const catalog = loadCatalog();
      const { loaded, warnings } = loadModel(options.model, catalog);
      for (const warning of warnings) note(io, options, problemLine(warning));
      const tests = await generateExampleTests(loaded.model, catalog);
      if (options.terraform) {
        tests.push(...(await generateTerraformTests(loaded.model, catalog, options.terraform)));
      }
      const { files, manifest } = generatePolicies(loaded, catalog, { extraFiles: tests });
      if (options.check) return checkOutput(io, options, files);
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

/** `generate --check`: exit 0 when --out holds exactly what generation writes, else 1. */
function checkOutput(io: Io, options: GenerateOptions, files: GeneratedFile[]): number {
  const stale = staleFiles(options.out, files);
  if (options.format === "json") {
    emit(io, options, `${JSON.stringify({ out: options.out, stale }, null, 2)}\n`);
  } else if (stale.length > 0) {
    emit(io, options, stale.map((f) => `stale: ${f.path} (${f.reason})\n`).join(""));
  }
  if (stale.length === 0) {
    note(io, options, `${options.out} is up to date`);
    return 0;
  }
  note(io, options, `${stale.length} stale file(s) in ${options.out}; run threatloop generate`);
  return 1;
}
