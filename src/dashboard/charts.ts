import { escapeXml } from "../report/escape.js";

/** One bar: a label and a covered share of a total. */
export interface CoverageBar {
  label: string;
  covered: number;
  total: number;
}

/** One series of a trend chart, drawn in the given colour. */
export interface Series {
  name: string;
  color: string;
  values: number[];
}

const WIDTH = 520;

/** Horizontal bars of covered out of total, as inline SVG. */
export function coverageBars(title: string, bars: CoverageBar[]): string {
  const row = 26;
  const labelWidth = 190;
  const barWidth = WIDTH - labelWidth - 90;
  const height = bars.length * row + 10;
  const rows = bars.map((bar, i) => {
    const y = 5 + i * row;
    const share = bar.total === 0 ? 0 : bar.covered / bar.total;
    const text = bar.total === 0 ? "no threats" : `${bar.covered}/${bar.total}`;
    return [
      `<text x="0" y="${y + 15}" class="label">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="18" class="track"/>`,
      `<rect x="${labelWidth}" y="${y}" width="${Math.round(barWidth * share)}" height="18" ` +
        `class="${share >= 1 ? "full" : "partial"}"/>`,
      `<text x="${labelWidth + barWidth + 8}" y="${y + 15}" class="value">${text}</text>`,
    ].join("");
  });
  return svg(title, height, rows.join(""));
}

/** A line chart of several series over the same runs, with the run labels under it. */
export function trendChart(title: string, labels: string[], series: Series[]): string {
  const height = 180;
  const left = 40;
  const bottom = 30;
  const plotWidth = WIDTH - left - 10;
  const plotHeight = height - bottom - 10;
  if (labels.length === 0) {
    return svg(title, 40, `<text x="0" y="24" class="label">no runs recorded yet</text>`);
  }
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) =>
    left + (labels.length === 1 ? plotWidth / 2 : (i * plotWidth) / (labels.length - 1));
  const y = (v: number) => 10 + plotHeight - (v / max) * plotHeight;
  const axis =
    `<line x1="${left}" y1="${10 + plotHeight}" x2="${left + plotWidth}" y2="${10 + plotHeight}" ` +
    `class="axis"/><text x="0" y="18" class="value">${max}</text>` +
    `<text x="0" y="${10 + plotHeight}" class="value">0</text>`;
  const lines = series.map((s) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const dots = s.values
      .map(
        (v, i) =>
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}">` +
          `<title>${escapeXml(`${s.name}: ${v} (${labels[i]})`)}</title></circle>`,
      )
      .join("");
    return (
      `<polyline points="${points.join(" ")}" fill="none" stroke="${s.color}" ` +
      `stroke-width="2"/>${dots}`
    );
  });
  const ticks = labels
    .map(
      (label, i) =>
        `<text x="${x(i).toFixed(1)}" y="${height - 8}" class="tick">${escapeXml(label)}</text>`,
    )
    .join("");
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${left + i * 120}" y="0" width="10" height="10" fill="${s.color}"/>` +
        `<text x="${left + i * 120 + 14}" y="9" class="tick-left">${escapeXml(s.name)}</text>`,
    )
    .join("");
  return svg(
    title,
    height + 14,
    `<g transform="translate(0,14)">${axis}${lines.join("")}${ticks}</g>${legend}`,
  );
}

function svg(title: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${height}" ` +
    `width="${WIDTH}" height="${height}"><title>${escapeXml(title)}</title>${body}</svg>`
  );
}
