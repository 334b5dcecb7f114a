import type { Metrics, Ratio } from "./metrics.js";

/** The metrics as plain text, one section per metric. */
export function renderMetricsText(m: Metrics): string {
  const lines: string[] = [];
  lines.push(`threatloop metrics: ${m.system}`);
  lines.push(`runs: ${m.runs.eval} evaluation(s), ${m.runs.drift} drift run(s)`);
  lines.push("");
  lines.push(`threat coverage: ${ratio(m.coverage.threats)}`);
  for (const [layer, r] of Object.entries(m.coverage.by_layer)) {
    if (r.total > 0) lines.push(`  ${layer.padEnd(24)} ${ratio(r)}`);
  }
  for (const [stride, r] of Object.entries(m.coverage.by_stride)) {
    if (r.total > 0) lines.push(`  ${stride.padEnd(24)} ${ratio(r)}`);
  }
  if (m.coverage.uncovered_threats.length > 0)
    lines.push(`  threats without a checked control: ${m.coverage.uncovered_threats.join(", ")}`);
  if (m.coverage.assets_without_coverage.length > 0)
    lines.push(`  assets without coverage: ${m.coverage.assets_without_coverage.join(", ")}`);
  lines.push("");
  const rate = m.validation.rate === null ? "n/a" : percent(m.validation.rate);
  lines.push(
    `control validation rate: ${rate} (${m.validation.passing} of ${m.validation.evaluated} ` +
      "evaluated controls pass)",
  );
  lines.push(`failing controls: ${m.failing_controls.length}`);
  for (const f of m.failing_controls) {
    lines.push(
      `  ${f.threat} ${f.control}: failing ${f.failing_runs} run(s) in a row; ` +
        `trend ${f.trend.map(mark).join("")}`,
    );
  }
  lines.push("");
  lines.push(
    `drift: ${m.drift.open_regressions} open regression(s), ${m.drift.fixed_regressions} fixed; ` +
      `mean time to detect ${hours(m.drift.mean_hours_to_detect)}, ` +
      `to fix ${hours(m.drift.mean_hours_to_fix)}`,
  );
  const share = m.tests.share === null ? "n/a" : percent(m.tests.share);
  lines.push(
    `tests: ${m.tests.generated} generated, ${m.tests.handWritten} hand-written ` +
      `(${share} generated)`,
  );
  lines.push(`waivers expiring soon: ${m.waivers_expiring.length}`);
  for (const w of m.waivers_expiring) {
    lines.push(`  ${w.id} (${w.owner}) expires ${w.expires}, in ${w.days_left} day(s)`);
  }
  return `${lines.join("\n")}\n`;
}

function ratio(r: Ratio): string {
  const share = r.total === 0 ? "n/a" : percent(r.covered / r.total);
  return `${r.covered} of ${r.total} (${share})`;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function hours(value: number | null): string {
  return value === null ? "n/a" : `${value} h`;
}

function mark(status: string): string {
  return status === "fail" ? "✗" : status === "pass" ? "✓" : status === "unknown" ? "?" : "·";
}
