import type { Command } from "commander";
import { replaceOutputDir } from "../io/write.js";
import { buildModel } from "../pipeline.js";
import { type CommonOptions, commonOptions, emit, type Io, note } from "./context.js";
import { cacheDirFor, opaFor } from "./paths.js";
import { problemLine } from "./problem-line.js";
import { createProgress } from "./progress.js";

interface BuildOptions extends CommonOptions {
  model: string;
  out: string;
  cacheDir?: string;
}

/** `threatloop build`: generate, then compile to policy.wasm beside the Rego. */
export function registerBuild(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  const command = program
    .command("build")
    .description("generate and compile the policies to WebAssembly (needs opa)")
    .option("-m, --model <file>", "threat model file", "threatloop.yaml")
    .option("--out <dir>", "folder to write (replaced as a whole)", ".threatloop/build")
    .option("--cache-dir <dir>", "compiled-module cache (default .threatloop/cache)");
  for (const option of commonOptions()) command.addOption(option);
  command.action((options: BuildOptions) =>
    run(async () => {
      const started = performance.now();
      const progress = createProgress(io, options);
      progress.update(`threatloop: generating and compiling ${options.model}…`);
      const built = await buildModel(options.model, {
        opa: opaFor(io),
        cacheDir: cacheDirFor(io, options.cacheDir),
      }).finally(() => progress.done());
      for (const warning of built.warnings) note(io, options, problemLine(warning));
      const files = [
        ...built.generated.files,
        { path: "policy.wasm", content: built.compiled.wasm },
      ];
      replaceOutputDir(options.out, files);
      const ms = Math.round(performance.now() - started);
      const summary = {
        out: options.out,
        wasm: `${options.out}/policy.wasm`,
        cached: built.compiled.cached,
        ms,
      };
      if (options.format === "json") emit(io, options, `${JSON.stringify(summary, null, 2)}\n`);
      else
        note(
          io,
          options,
          `built ${summary.wasm} (${summary.cached ? "from cache" : "compiled"}, ${ms} ms)`,
        );
      return 0;
    }),
  );
}
