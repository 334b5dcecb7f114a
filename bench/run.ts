import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/paths.js";
import { writePlan } from "./generate-plan.js";

/**
 * `make bench`: times threatloop eval against opa eval of the same Rego, conftest with the same
 * Rego, checkov with its own checks and the read-and-parse floor, on the same generated plans.
 * Medians of five runs of wall time and peak RSS, as Markdown and JSON in bench/results/.
 */
const ROOT = packageRoot();
const WORK = join(ROOT, "bench", "work");
const RESULTS = join(ROOT, "bench", "results");
const RUNS = 5;
const TIME = "/usr/bin/time";

interface Measure {
  tool: string;
  size: number;
  wall_s: number | null;
  rss_mb: number | null;
  note?: string;
}

main();

function main(): void {
  const sizes = (argValue("--sizes") ?? "1000,15000").split(",").map(Number);
  mkdirSync(WORK, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const cli = join(ROOT, "dist", "src", "cli", "main.js");
  const policy = join(WORK, "policy");
  execFileSync(process.execPath, [
    cli,
    "build",
    "--model",
    join(ROOT, "bench", "model.yaml"),
    "--out",
    policy,
    "-q",
  ]);
  const shim = writeConftestShim(policy);

  const measures: Measure[] = [];
  for (const size of sizes) {
    const plan = join(WORK, `plan-${size}.json`);
    writePlan(size, plan);
    const tools: [string, string[] | undefined][] = [
      [
        "threatloop",
        [
          process.execPath,
          cli,
          "eval",
          plan,
          "--policy",
          policy,
          "--format",
          "json",
          "-o",
          "/dev/null",
        ],
      ],
      [
        "opa eval",
        [
          join(ROOT, ".tools/bin/opa"),
          "eval",
          "-d",
          join(policy, "policies"),
          "-i",
          plan,
          "data.threatloop.main.report",
          "-f",
          "json",
        ],
      ],
      [
        "conftest",
        tool(".tools/bin/conftest", ["test", plan, "-p", shim, "--no-color", "-o", "json"]),
      ],
      [
        "checkov",
        tool(".tools/venv-checkov/bin/checkov", [
          "-f",
          plan,
          "--framework",
          "terraform_plan",
          "--quiet",
          "-o",
          "json",
        ]),
      ],
      [
        "floor (read + JSON.parse)",
        [
          process.execPath,
          "-e",
          `JSON.parse(require("fs").readFileSync(${JSON.stringify(plan)}, "utf8"))`,
        ],
      ],
    ];
    for (const [name, command] of tools) measures.push(measure(name, size, command));
  }
  report(sizes, measures);
}

function tool(path: string, args: string[]): string[] | undefined {
  const full = join(ROOT, path);
  return existsSync(full) ? [full, ...args] : undefined;
}

function measure(tool: string, size: number, command: string[] | undefined): Measure {
  if (!command)
    return { tool, size, wall_s: null, rss_mb: null, note: "not installed (tools/setup.sh bench)" };
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(TIME, ["-f", "%e %M", ...command], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const last = run.stderr.trim().split("\n").at(-1) ?? "";
    const [wall, kb] = last.split(" ").map(Number);
    if (wall === undefined || kb === undefined || Number.isNaN(wall)) {
      return { tool, size, wall_s: null, rss_mb: null, note: `failed: ${last.slice(0, 120)}` };
    }
    walls.push(wall);
    rss.push(kb / 1024);
  }
  return { tool, size, wall_s: median(walls), rss_mb: Math.round(median(rss)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function writeConftestShim(policy: string): string {
  const dir = join(WORK, "conftest");
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

function report(sizes: number[], measures: Measure[]): void {
  const get = (tool: string, size: number) =>
    measures.find((m) => m.tool === tool && m.size === size);
  const ratio = (a?: Measure, b?: Measure) =>
    a?.wall_s && b?.wall_s ? Number((a.wall_s / b.wall_s).toFixed(3)) : null;
  const ratios = sizes.map((size) => {
    const ours = get("threatloop", size);
    return {
      size,
      plan_mb: Number((statSync(join(WORK, `plan-${size}.json`)).size / 1048576).toFixed(1)),
      vs_conftest: ratio(ours, get("conftest", size)),
      vs_checkov: ratio(ours, get("checkov", size)),
      vs_floor: ratio(ours, get("floor (read + JSON.parse)", size)),
      vs_opa_eval: ratio(ours, get("opa eval", size)),
    };
  });
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    `Machine: ${machine}. Medians of ${RUNS} runs.`,
    "",
    "| size | tool | wall (s) | peak RSS (MB) |",
    "| --- | --- | --- | --- |",
  ];
  for (const m of measures) {
    lines.push(`| ${m.size} | ${m.tool} | ${m.wall_s ?? m.note} | ${m.rss_mb ?? ""} |`);
  }
  lines.push(
    "",
    "| size | plan (MB) | threatloop / conftest | / checkov | / floor | / opa eval |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const r of ratios) {
    lines.push(
      `| ${r.size} | ${r.plan_mb} | ${r.vs_conftest ?? "n/a"} | ${r.vs_checkov ?? "n/a"} | ${r.vs_floor ?? "n/a"} | ${r.vs_opa_eval ?? "n/a"} |`,
    );
  }
  const markdown = `${lines.join("\n")}\n`;
  writeFileSync(join(RESULTS, "latest.md"), markdown);
  writeFileSync(
    join(RESULTS, "latest.json"),
    `${JSON.stringify({ machine, runs: RUNS, measures, ratios }, null, 2)}\n`,
  );
  process.stdout.write(markdown);
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
