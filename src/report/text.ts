import type { Finding } from "../evaluate/findings.js";
import { countVerdicts, groupByThreat, type ThreatStatus, threatStatus } from "./summary.js";
import type { EvalReport, RenderOptions, Reporter } from "./types.js";

const LABEL: Record<ThreatStatus, string> = {
  fail: "FAIL",
  unknown: "UNKNOWN",
  pass: "PASS",
  "not-evaluated": "NOT EVALUATED",
};
const MARK = { fail: "✗", unknown: "?", pass: "✓" } as const;
const COLOUR: Record<ThreatStatus, string> = {
  fail: "\x1b[31m",
  unknown: "\x1b[33m",
  pass: "\x1b[32m",
  "not-evaluated": "\x1b[2m",
};

/** A readable report grouped by threat; colour only when asked (a TTY without NO_COLOR). */
export const textReporter: Reporter = {
  format: "text",
  render(report: EvalReport, options: RenderOptions): string {
    const paint = (status: ThreatStatus, text: string) =>
      options.color ? `${COLOUR[status]}${text}\x1b[0m` : text;
    const { manifest, input } = report;
    const lines = [
      `threatloop: ${input.file} (${input.kind}, ${input.resources} resources)`,
      `model: ${manifest.model.system} ` +
        `(${manifest.threats.length} threats, ${countControls(report)} controls)`,
      "",
    ];
    for (const group of groupByThreat(manifest.threats, report.findings)) {
      const all = group.controls.flatMap((c) => c.findings);
      const status = threatStatus(all);
      const { threat } = group;
      lines.push(
        `${paint(status, LABEL[status].padEnd(7))}  ${threat.id}  ${threat.title}  ` +
          `[${threat.severity}]`,
      );
      for (const { control, findings } of group.controls) {
        if (findings.length === 0) {
          lines.push(
            `    - ${control.id}: no bound resource of type ${control.resource_types.join(", ")}`,
          );
          continue;
        }
        for (const finding of findings)
          lines.push(...findingLines(finding, control.remediation, paint));
      }
      lines.push("");
    }
    const counts = countVerdicts(report.findings);
    lines.push(
      `verdicts: ${counts.fail} failed, ${counts.unknown} unknown, ${counts.pass} passed`,
      gateLine(report),
    );
    if (report.prints.length > 0)
      lines.push(`policy output: ${report.prints.length} lines (see --format json)`);
    return `${lines.join("\n")}\n`;
  },
};

function findingLines(
  finding: Finding,
  remediation: string,
  paint: (status: ThreatStatus, text: string) => string,
): string[] {
  const mark = paint(finding.status, MARK[finding.status]);
  const where = finding.source ? `  (${finding.source.file}:${finding.source.line})` : "";
  const head = `    ${mark} ${finding.control}  ${finding.address}${where}`;
  if (finding.status === "pass") return [head];
  const lines = [head, `        ${finding.message}`];
  if (finding.status === "fail") lines.push(`        fix: ${remediation}`);
  return lines;
}

function gateLine(report: EvalReport): string {
  const { gate } = report;
  const rule = `fail-on ${gate.failOn}, unknown ${gate.unknown}`;
  if (gate.passed) return `gate: passed (${rule}); exit code 0`;
  return `gate: FAILED on ${gate.blocking.length} verdict(s) (${rule}); exit code 1`;
}

function countControls(report: EvalReport): number {
  return report.manifest.threats.reduce((n, t) => n + t.controls.length, 0);
}
