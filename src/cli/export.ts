import { Argument, type Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { TARGETS } from "../export/targets/index.js";
import { EXPORT_MARKER, EXPORT_TARGETS, type ExportTargetName } from "../export/targets/types.js";
import { replaceOutputDir } from "../io/write.js";
import { exportOtm } from "../model/export/otm.js";
import { readLastVerdicts } from "../model/export/report.js";
import { loadModel } from "../model/load.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { generateModel } from "./model.js";
import { problemLine } from "./problem-line.js";

/** Every export target: the policy engines, and OTM for threat-modelling tools. */
const CHOICES = [...EXPORT_TARGETS, "otm"] as const;
type Choice = (typeof CHOICES)[number];

interface ExportOptions extends CommonOptions {
  model: string;
  out?: string;
  report?: string;
}

/**
 * `threatloop export <target>`: a directory to commit for HCP Terraform, Spacelift or conftest,
 * or the model as OTM 0.2 JSON carrying observed status and last verdicts.
 */
export function registerExport(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("export")
    .description("write the policies for another engine, or the model as Open Threat Model JSON")
    .addArgument(new Argument("<target>", "where the model goes").choices(CHOICES))
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option(
      "--out <dir>",
      "hcp, spacelift, conftest: folder to write, replaced as a whole " +
        "(default .threatloop/export/<target>)",
    )
    .option(
      "--report <file>",
      "otm: a threatloop eval --format json report whose verdicts to carry",
    );
  for (const option of commonOptions()) command.addOption(option);
  command.action((target: Choice, options: ExportOptions) =>
    run(async () =>
      target === "otm" ? exportToOtm(io, options) : exportToEngine(io, target, options),
    ),
  );
}

function exportToEngine(io: Io, target: ExportTargetName, options: ExportOptions): number {
  const generated = generateModel(io, options);
  const files = TARGETS[target].render(generated);
  const out = options.out ?? `.threatloop/export/${target}`;
  replaceOutputDir(out, files, EXPORT_MARKER);
  const summary = { target, out, files: files.map((f) => f.path).sort() };
  if (options.format === "json") emit(io, options, `${JSON.stringify(summary, null, 2)}\n`);
  else
    note(io, options, `wrote ${files.length} files for ${TARGETS[target].description} to ${out}`);
  return 0;
}

function exportToOtm(io: Io, options: ExportOptions): number {
  const catalog = loadCatalog();
  const { loaded, warnings } = loadModel(options.model, catalog);
  for (const warning of warnings) note(io, options, problemLine(warning));
  const last = options.report ? readLastVerdicts(options.report) : undefined;
  const otm = exportOtm(loaded.model, catalog, {
    ...(last
      ? { verdicts: last.verdicts, evaluated: { input: last.input, model_hash: last.modelHash } }
      : {}),
  });
  emit(io, options, `${JSON.stringify(otm, null, 2)}\n`);
  return 0;
}
