import { join, relative } from "node:path";
import type { Command } from "commander";
import { loadCatalog } from "../catalog/load.js";
import { replaceOutputDir } from "../io/write.js";
import { validateModelFile } from "../model/load.js";
import { packageRoot } from "../paths.js";
import { buildModel, Evaluator, evaluateFile } from "../pipeline.js";
import { jsonReporter } from "../report/json.js";
import { textReporter } from "../report/text.js";
import { type Io, reportError, useColor } from "./context.js";
import { cacheDirFor, opaFor } from "./paths.js";
import { problemLine } from "./problem-line.js";

interface DemoOptions {
  out: string;
  cacheDir?: string;
}

/** `threatloop demo`: the whole loop on the embedded example, with every output in one folder. */
export function registerDemo(program: Command, io: Io, run: (fn: () => Promise<number>) => void) {
  program
    .command("demo")
    .description("run validate, generate, build and eval on the embedded example")
    .option("--out <dir>", "folder for every output of the run", "out/demo")
    .option("--cache-dir <dir>", "compiled-module cache (default .threatloop/cache)")
    .action((options: DemoOptions) => run(() => demo(io, options)));
}

async function demo(io: Io, options: DemoOptions): Promise<number> {
  const example = join(packageRoot(), "fixtures", "example");
  const show = (path: string) => relative(io.cwd, path) || ".";
  const modelFile = show(join(example, "threatloop.yaml"));
  const planFile = show(join(example, "plan.json"));
  const say = (text: string) => io.stdout.write(`${text}\n`);
  say(`threatloop demo: the whole loop on the embedded example (${show(example)})\n`);

  const catalog = loadCatalog();
  const { loaded, problems } = validateModelFile(modelFile, catalog);
  const errors = problems.filter((p) => p.severity === "error");
  if (!loaded || errors.length > 0) {
    for (const problem of problems) io.stderr.write(`${problemLine(problem)}\n`);
    return 2;
  }
  const { model } = loaded;
  say(
    `1. validate  ${modelFile}: ${model.threats.length} threats, ` +
      `${model.components.length} components, ${problems.length} problems`,
  );

  const started = performance.now();
  const built = await buildModel(modelFile, {
    opa: opaFor(io),
    cacheDir: cacheDirFor(io, options.cacheDir),
    catalog,
  });
  const rego = built.generated.files.filter((f) => f.path.endsWith(".rego")).length;
  say(
    `2. generate  ${rego} Rego modules and manifest.json ` +
      `for ${built.generated.manifest.threats.length} threats`,
  );
  const how = built.compiled.cached ? "taken from the cache" : "compiled";
  say(`3. build     policy.wasm ${how} in ${Math.round(performance.now() - started)} ms`);

  const evaluator = await Evaluator.load(built.compiled.wasm);
  const evaluated = performance.now();
  const report = await evaluateFile(evaluator, built.generated.manifest, planFile, {
    failOn: "low",
    unknown: "warn",
  });
  say(`4. evaluate  ${planFile} in ${Math.round(performance.now() - evaluated)} ms\n`);

  const text = textReporter.render(report, { color: false });
  io.stdout.write(textReporter.render(report, { color: useColor(io) }));
  try {
    replaceOutputDir(options.out, [
      ...built.generated.files,
      { path: "policy.wasm", content: built.compiled.wasm },
      { path: "report.txt", content: text },
      { path: "report.json", content: jsonReporter.render(report, { color: false }) },
    ]);
  } catch (error) {
    return reportError(io, error, false);
  }

  const command = `threatloop eval ${planFile} --model ${modelFile}`;
  say("");
  if (report.gate.passed) say(`The gate passed: in CI, \`${command}\` exits 0 on this plan.`);
  else {
    say(
      `The gate FAILED: in CI, \`${command}\` exits ${report.gate.exitCode} ` +
        "on this plan and stops the merge.",
    );
    say("The demo itself exits 0 because the loop ran.");
  }
  say(
    `Outputs: ${show(options.out)}/ ` +
      "(policies/, manifest.json, policy.wasm, report.txt, report.json)",
  );
  return 0;
}
