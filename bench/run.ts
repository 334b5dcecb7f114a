import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { basename, join, resolve } from "node:path";
import { loadCatalog } from "../src/catalog/load.js";
import { packageRoot } from "../src/paths.js";
import { conformanceModel } from "./conformance/model.js";
import { writePlan } from "./generate-plan.js";
import { type Measure, measure } from "./measure.js";
import { checkTargets, FLOOR, OURS, OURS_ONE, renderMarkdown, type Workload } from "./report.js";

/**
 * `make bench`: times threatloop eval against opa eval of the same Rego, conftest with the same
 * Rego, checkov with its own checks and the read-and-parse floor, on generated plans of 1k, 15k
 * and 50k resources and on the largest real plans of the corpus; then a cold eval and a rebuild
 * of the example. Medians of wall time and peak RSS, ratios and the targets, as Markdown and
 * JSON in bench/results/.
 */
const ROOT = packageRoot();
const WORK = join(ROOT, "bench", "work");
const RESULTS = join(ROOT, "bench", "results");
const CLI = join(ROOT, "dist", "src", "cli", "main.js");
const CORPUS = resolve(process.env.THREATLOOP_CORPUS ?? join(ROOT, "..", "shared", "corpus"));
/** conftest and checkov take minutes per run above this size; only threatloop's growth is asked. */
const PEERS_UP_TO = 15000;
/** checkov takes about a minute per 1,000 resources here, so it runs fewer times above 1,000. */
const CHECKOV_FULL_RUNS_UP_TO = 1000;

await main();

async function main(): Promise<void> {
  const runs = Number(argValue("--runs") ?? 5);
  const slowRuns = Number(argValue("--checkov-runs") ?? 1);
  const sizes = (argValue("--sizes") ?? "1000,15000,50000").split(",").map(Number);
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const benchPolicy = build(join(ROOT, "bench", "model.yaml"), "policy");
  const catalogModel = join(WORK, "catalog-model.json");
  const aws = [...loadCatalog().controls.values()].filter((c) => c.id.startsWith("aws."));
  writeFileSync(
    catalogModel,
    JSON.stringify(conformanceModel(aws.map((control) => ({ control, params: {} }))).model),
  );
  const catalogPolicy = build(catalogModel, "policy-catalog");

  const workloads: Workload[] = [];
  const measures: Measure[] = [];
  for (const size of sizes) {
    const file = join(WORK, `plan-${size}.json`);
    writePlan(size, file);
    const workload = describe(`plan-${size}`, file);
    workloads.push(workload);
    const checkovRuns = size <= CHECKOV_FULL_RUNS_UP_TO ? runs : slowRuns;
    measures.push(...measureAll(workload, benchPolicy, runs, size <= PEERS_UP_TO, checkovRuns));
  }
  for (const file of largestCorpusPlans(3)) {
    const workload = describe(`corpus ${basename(file)}`, file);
    workloads.push(workload);
    measures.push(...measureAll(workload, catalogPolicy, runs, true, runs));
  }
  const startup = measureStartup(runs);
  measures.push(...startup.measures);
  const targets = checkTargets(workloads, measures, {
    cold_eval_s: startup.measures[0]?.wall_s ?? Number.NaN,
    rebuild_s: startup.measures[1]?.wall_s ?? Number.NaN,
  });
  const machine =
    `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const markdown = renderMarkdown(machine, runs, workloads, measures, targets);
  writeFileSync(join(RESULTS, "latest.md"), markdown);
  writeFileSync(
    join(RESULTS, "latest.json"),
    `${JSON.stringify({ machine, runs, workloads, measures, targets }, null, 2)}\n`,
  );
  process.stdout.write(markdown);
}

function build(model: string, out: string): string {
  const policy = join(WORK, out);
  execFileSync(process.execPath, [CLI, "build", "--model", model, "--out", policy, "-q"]);
  return policy;
}

function measureAll(
  workload: Workload,
  policy: string,
  runs: number,
  peers: boolean,
  checkovRuns: number,
): Measure[] {
  const plan = workload.file;
  const skipped = "not run above 15k resources (minutes per run)";
  const ours = (jobs: string) => [
    process.execPath,
    ...[CLI, "eval", plan, "--policy", policy, "--jobs", jobs, "--no-history"],
    ...["--format", "json", "-o", "/dev/null"],
  ];
  const opa = join(ROOT, ".tools/bin/opa");
  const tools: [string, string[] | undefined, string?][] = [
    [OURS, ours("auto")],
    [OURS_ONE, ours("1")],
    [
      "opa eval",
      [opa, "eval", "-d", join(policy, "policies"), "-i", plan, "data.threatloop.main.report"],
    ],
    [
      "conftest",
      peers
        ? tool(".tools/bin/conftest", [
            ...["test", plan, "-p", conftestShim(policy), "--no-color", "-o", "json"],
          ])
        : undefined,
      peers ? undefined : skipped,
    ],
    [
      "checkov",
      peers
        ? tool(".tools/venv-checkov/bin/checkov", [
            ...["-f", plan, "--framework", "terraform_plan", "--quiet", "-o", "json"],
          ])
        : undefined,
      peers ? undefined : skipped,
    ],
    [
      FLOOR,
      [
        process.execPath,
        "-e",
        `JSON.parse(require("fs").readFileSync(${JSON.stringify(plan)}, "utf8"))`,
      ],
    ],
  ];
  return tools.map(([name, command, missing]) =>
    measure(name, workload.name, command, name === "checkov" ? checkovRuns : runs, missing),
  );
}

/** A new process evaluating the example with a warm cache, then rebuilding the unchanged model. */
function measureStartup(runs: number): { measures: Measure[] } {
  const model = join(ROOT, "fixtures", "example", "threatloop.yaml");
  const plan = join(ROOT, "fixtures", "example", "plan.json");
  const out = join(WORK, "example-build");
  execFileSync(process.execPath, [CLI, "build", "--model", model, "--out", out, "-q"]);
  const evalCommand = [process.execPath, CLI, "eval", plan, "--model", model, "--no-history"];
  const buildCommand = [process.execPath, CLI, "build", "--model", model, "--out", out, "-q"];
  return {
    measures: [
      measure("threatloop eval, new process, cached build", "example", evalCommand, runs),
      measure("threatloop build, model unchanged", "example", buildCommand, runs),
    ],
  };
}

function conftestShim(policy: string): string {
  const dir = `${policy}-conftest`;
  // A second run must not copy the policies into the first run's copy.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("cp", ["-r", join(policy, "policies", "threatloop"), dir]);
  writeFileSync(
    join(dir, "deny.rego"),
    [
      "package main",
      "",
      "import rego.v1",
      "",
      'deny contains concat("", [finding.address, ": ", finding.message]) if {',
      "\tsome finding in data.threatloop.main.report.findings",
      '\tfinding.status == "fail"',
      "}",
      "",
    ].join("\n"),
  );
  return dir;
}

interface Fixture {
  file: string;
  format: string;
}

function largestCorpusPlans(count: number): string[] {
  const index = join(CORPUS, "FIXTURES.json");
  if (!existsSync(index)) return [];
  const fixtures = JSON.parse(readFileSync(index, "utf8")) as Fixture[];
  return fixtures
    .filter((f) => f.format === "tfplan-json")
    .map((f) => join(CORPUS, f.file))
    .filter((file) => existsSync(file))
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(0, count);
}

function describe(name: string, file: string): Workload {
  const plan = JSON.parse(readFileSync(file, "utf8")) as { resource_changes?: unknown[] };
  return {
    name,
    file,
    plan_mb: Number((statSync(file).size / 1048576).toFixed(1)),
    resources: plan.resource_changes?.length ?? 0,
  };
}

function tool(path: string, args: string[]): string[] | undefined {
  const full = join(ROOT, path);
  return existsSync(full) ? [full, ...args] : undefined;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
