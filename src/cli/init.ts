import { existsSync, statSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { ThreatloopError } from "../errors.js";
import { writeFileAtomic } from "../io/write.js";
import { initModel } from "../model/derive/init-model.js";
import { readTerraformInput } from "../model/derive/input.js";
import { bundledPaths } from "../paths.js";
import type { Io } from "./context.js";
import { note } from "./context.js";

interface InitOptions {
  from: string;
  output: string;
  name?: string;
  force?: boolean;
  quiet?: boolean;
}

/** `threatloop init --from <plan.json|dir>`: a starting model derived from Terraform. */
export function registerInit(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  program
    .command("init")
    .description("derive a starting threat model from Terraform: a plan, state or .tf folder")
    .requiredOption(
      "--from <plan.json|dir|file.tf>",
      "terraform show -json output of a plan or state, a folder of .tf files, or one .tf file",
    )
    .option("-o, --output <file>", "model file to write ('-' for stdout)", "threatloop.yaml")
    .option("--name <name>", "the system's name (default: the plan's folder name)")
    .option("--force", "replace an existing model file")
    .option("-q, --quiet", "print nothing but errors")
    .action((options: InitOptions) =>
      run(async () => {
        const toStdout = options.output === "-";
        if (!toStdout && existsSync(options.output) && !options.force) {
          throw new ThreatloopError("usage", "the model file already exists", {
            location: { file: options.output },
            hint: "pass --force to replace it, or -o another file",
          });
        }
        const folder = existsSync(options.from) && statSync(options.from).isDirectory();
        const resources = await readTerraformInput(options.from);
        const from = resolve(io.cwd, toStdout ? "." : dirname(options.output));
        const where = resolve(io.cwd, options.from);
        const name = options.name ?? basename(folder ? where : dirname(where));
        const result = initModel(resources, loadCatalog(), {
          name,
          source: basename(options.from),
          schema: relative(from, bundledPaths().schema),
        });
        if (toStdout) io.stdout.write(result.yaml);
        else writeFileAtomic(options.output, result.yaml);
        const { model } = result;
        note(
          io,
          options,
          `derived ${model.components.length} components, ${model.flows?.length ?? 0} flows and ` +
            `${model.threats.length} suggested threats from ${resources.length} resources` +
            (toStdout ? "" : `; wrote ${options.output}`),
        );
        return 0;
      }),
    );
}
