import type { ObservedControl } from "../history/observed.js";
import type { Metrics } from "../metrics/metrics.js";
import { STRIDE, type ThreatModel } from "../model/types.js";
import { escapeXml as esc } from "../report/escape.js";
import { DASHBOARD_SCRIPT, DASHBOARD_STYLE } from "./assets.js";
import { coverageBars, trendChart } from "./charts.js";

/** Nothing may be fetched; only the inline style and script run. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/** What the dashboard shows: the metrics, the model and the observed status of its controls. */
export interface DashboardInput {
  metrics: Metrics;
  model: ThreatModel;
  observed: ObservedControl[];
  generatedAt: string;
}

/**
 * One self-contained HTML page: inline CSS, inline SVG charts and a few lines of inline script,
 * with a content security policy that forbids every network request.
 */
export function renderDashboard(input: DashboardInput): string {
  const { metrics: m } = input;
  const title = `threatloop: ${m.system}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p>${esc(
    `${m.runs.eval} evaluation(s) and ${m.runs.drift} drift run(s); generated ${input.generatedAt}`,
  )}</p></header>
<main>
${tiles(m)}
<section class="pair">
<div><h2>Coverage by layer</h2>${coverageBars(
    "Threat coverage by layer",
    Object.entries(m.coverage.by_layer).map(([label, r]) => ({ label, ...r })),
  )}</div>
<div><h2>Coverage by STRIDE category</h2>${coverageBars(
    "Threat coverage by STRIDE category",
    Object.entries(m.coverage.by_stride).map(([label, r]) => ({ label, ...r })),
  )}</div>
</section>
<section><h2>Threats by component</h2>${heatMap(input)}</section>
<section class="pair">
<div><h2>Failures per evaluation</h2>${trendChart(
    "Verdicts per evaluation",
    m.failures_trend.map((r) => `#${r.run}`),
    [
      { name: "fail", color: "#c0392b", values: m.failures_trend.map((r) => r.fail) },
      { name: "unknown", color: "#d68910", values: m.failures_trend.map((r) => r.unknown) },
      { name: "pass", color: "#1e8449", values: m.failures_trend.map((r) => r.pass) },
    ],
  )}</div>
<div><h2>Drift per drift run</h2>${trendChart(
    "Regressions and drift per drift run",
    m.drift.trend.map((r) => `#${r.run}`),
    [
      { name: "regressions", color: "#c0392b", values: m.drift.trend.map((r) => r.regressions) },
      { name: "drift", color: "#2e86c1", values: m.drift.trend.map((r) => r.drift) },
    ],
  )}</div>
</section>
<section><h2>Top regressions</h2>${regressions(m)}</section>
<section><h2>Failing controls</h2>${failing(m)}</section>
<section><h2>Waivers expiring within the window</h2>${waivers(m)}</section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}

function tiles(m: Metrics): string {
  const pct = (v: number | null) => (v === null ? "n/a" : `${Math.round(v * 100)}%`);
  const coverage =
    m.coverage.threats.total === 0 ? null : m.coverage.threats.covered / m.coverage.threats.total;
  const entries: [string, string][] = [
    ["threat coverage", pct(coverage)],
    ["control validation", pct(m.validation.rate)],
    ["failing controls", String(m.failing_controls.length)],
    ["open regressions", String(m.drift.open_regressions)],
    [
      "mean hours to fix drift",
      m.drift.mean_hours_to_fix === null ? "n/a" : String(m.drift.mean_hours_to_fix),
    ],
    ["generated tests", pct(m.tests.share)],
    ["waivers expiring", String(m.waivers_expiring.length)],
  ];
  return `<section class="tiles">${entries
    .map(
      ([label, value]) => `<div class="tile"><b>${esc(value)}</b><span>${esc(label)}</span></div>`,
    )
    .join("")}</section>`;
}

const HEAT_ORDER = ["fail", "unknown", "pass", "never-evaluated"] as const;

function heatMap(input: DashboardInput): string {
  const statusOf = new Map<string, string>();
  for (const o of input.observed) {
    const was = statusOf.get(o.threat);
    if (
      !was ||
      HEAT_ORDER.indexOf(o.status) < HEAT_ORDER.indexOf(was as (typeof HEAT_ORDER)[number])
    )
      statusOf.set(o.threat, o.status);
  }
  const header = `<tr><th>component</th>${STRIDE.map((s) => `<th>${esc(s)}</th>`).join("")}</tr>`;
  const rows = input.model.components.map((c) => {
    const cells = STRIDE.map((s) => {
      const threats = input.model.threats.filter(
        (t) => t.components.includes(c.id) && t.stride.includes(s),
      );
      if (threats.length === 0) return `<td class="empty"></td>`;
      const worst = threats
        .map((t) => statusOf.get(t.id) ?? "never-evaluated")
        .sort((a, b) => HEAT_ORDER.indexOf(a as never) - HEAT_ORDER.indexOf(b as never))[0];
      const ids = threats.map((t) => t.id).join(", ");
      return `<td class="heat ${worst}" title="${esc(`${ids}: ${worst}`)}">${threats.length}</td>`;
    });
    return `<tr><th>${esc(c.id)}</th>${cells.join("")}</tr>`;
  });
  return (
    `<table class="heatmap">${header}${rows.join("")}</table>` +
    `<p class="legend"><span class="heat fail">fail</span>` +
    `<span class="heat unknown">unknown</span>` +
    `<span class="heat pass">pass</span><span class="heat never-evaluated">never evaluated</span>` +
    " number of threats per component and category, coloured by their worst observed status</p>"
  );
}

function regressions(m: Metrics): string {
  const top = m.drift.regressions.slice(0, 10);
  if (top.length === 0) return "<p>No regression recorded.</p>";
  return table(
    ["threat", "control", "severity", "address", "first seen", "fixed", "drift runs"],
    top.map((r) => [
      r.threat,
      r.control,
      r.severity,
      r.address,
      r.first_seen,
      r.fixed_at ?? "open",
      String(r.runs),
    ]),
  );
}

function failing(m: Metrics): string {
  if (m.failing_controls.length === 0) return "<p>No control fails in the latest evaluation.</p>";
  return table(
    ["threat", "control", "failing runs in a row", "last evaluations"],
    m.failing_controls.map((f) => [f.threat, f.control, String(f.failing_runs), f.trend.join(" ")]),
  );
}

function waivers(m: Metrics): string {
  if (m.waivers_expiring.length === 0) return "<p>None.</p>";
  return table(
    ["waiver", "owner", "expires", "days left"],
    m.waivers_expiring.map((w) => [w.id, w.owner, w.expires, String(w.days_left)]),
  );
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((cell) => `<td>${esc(cell)}</td>`).join("")}</tr>`)
    .join("");
  return `<table class="sortable"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
