import type { Measure } from "./measure.js";

/** A workload of the bench: a generated plan of a size, or a real plan of the corpus. */
export interface Workload {
  name: string;
  file: string;
  plan_mb: number;
  resources: number;
}

/** A performance target with what was measured against it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export const OURS = "threatloop";
export const OURS_ONE = "threatloop --jobs 1";
export const FLOOR = "floor (read + JSON.parse)";

/** Ratios of threatloop to each other tool on every workload, where both have a time. */
export function ratios(workloads: Workload[], measures: Measure[]) {
  const get = (tool: string, workload: string) =>
    measures.find((m) => m.tool === tool && m.workload === workload);
  const ratio = (a?: Measure, b?: Measure) =>
    a?.wall_s && b?.wall_s ? Number((a.wall_s / b.wall_s).toFixed(3)) : null;
  return workloads.map((w) => {
    const ours = get(OURS, w.name);
    return {
      workload: w.name,
      plan_mb: w.plan_mb,
      vs_conftest: ratio(ours, get("conftest", w.name)),
      vs_checkov: ratio(ours, get("checkov", w.name)),
      vs_floor: ratio(ours, get(FLOOR, w.name)),
      vs_opa_eval: ratio(ours, get("opa eval", w.name)),
      vs_one_job: ratio(ours, get(OURS_ONE, w.name)),
    };
  });
}

/** Checks the targets against the measures; null when a needed number is missing. */
export function checkTargets(
  workloads: Workload[],
  measures: Measure[],
  startup: { cold_eval_s: number; rebuild_s: number },
): TargetCheck[] {
  const wall = (tool: string, workload: string) =>
    measures.find((m) => m.tool === tool && m.workload === workload)?.wall_s ?? null;
  const checks: TargetCheck[] = [];
  const versus = (other: string, limit: number) => {
    const ours = wall(OURS, "plan-15000");
    const theirs = wall(other, "plan-15000");
    const value = ours && theirs ? ours / theirs : null;
    checks.push({
      target: `15k: threatloop ≤ ${limit}× ${other}`,
      measured: value === null ? "not measured" : `${value.toFixed(3)}×`,
      met: value === null ? null : value <= limit,
    });
  };
  versus("conftest", 0.5);
  versus("checkov", 0.05);
  versus(FLOOR, 3);
  const small = wall(OURS, "plan-15000");
  const large = wall(OURS, "plan-50000");
  checks.push({
    target: "time(50k) / time(15k) ≤ 4",
    measured: small && large ? `${(large / small).toFixed(2)}` : "not measured",
    met: small && large ? large / small <= 4 : null,
  });
  for (const w of workloads) {
    const rss = measures.find((m) => m.tool === OURS && m.workload === w.name)?.rss_mb ?? null;
    const limit = 4 * w.plan_mb + 200;
    checks.push({
      target: `${w.name}: peak RSS ≤ 4 × ${w.plan_mb} MB + 200 MB = ${Math.round(limit)} MB`,
      measured: rss === null ? "not measured" : `${rss} MB`,
      met: rss === null ? null : rss <= limit,
    });
  }
  checks.push({
    target: "cold eval of the example ≤ 0.4 s",
    measured: `${startup.cold_eval_s.toFixed(2)} s`,
    met: startup.cold_eval_s <= 0.4,
  });
  checks.push({
    target: "unchanged model rebuilt ≤ 0.2 s",
    measured: `${startup.rebuild_s.toFixed(2)} s`,
    met: startup.rebuild_s <= 0.2,
  });
  return checks;
}

/** The Markdown of one run of the bench. */
export function renderMarkdown(
  machine: string,
  runs: number,
  workloads: Workload[],
  measures: Measure[],
  targets: TargetCheck[],
): string {
  const lines = [
    `Machine: ${machine}. Medians of ${runs} runs unless the runs column says otherwise.`,
    "",
    "| workload | resources | plan (MB) | tool | runs | wall (s) | peak RSS (MB) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const m of measures) {
    const w = workloads.find((x) => x.name === m.workload);
    lines.push(
      `| ${m.workload} | ${w?.resources ?? ""} | ${w?.plan_mb ?? ""} | ${m.tool} | ${m.runs} | ` +
        `${m.wall_s ?? m.note} | ${m.rss_mb ?? ""} |`,
    );
  }
  lines.push(
    "",
    "| workload | / conftest | / checkov | / floor | / opa eval | / one job |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const r of ratios(workloads, measures)) {
    const cell = (v: number | null) => (v === null ? "n/a" : `${v}`);
    lines.push(
      `| ${r.workload} | ${cell(r.vs_conftest)} | ${cell(r.vs_checkov)} | ${cell(r.vs_floor)} | ` +
        `${cell(r.vs_opa_eval)} | ${cell(r.vs_one_job)} |`,
    );
  }
  lines.push("", "| target | measured | met |", "| --- | --- | --- |");
  for (const t of targets) {
    const met = t.met === null ? "not measured" : t.met ? "yes" : "**no**";
    lines.push(`| ${t.target} | ${t.measured} | ${met} |`);
  }
  return `${lines.join("\n")}\n`;
}
