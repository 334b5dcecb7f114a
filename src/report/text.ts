import { formatLocation } from "../errors.js";
import type { GatedFinding } from "../gate/gate.js";
import {
  countVerdicts,
  groupByThreat,
  reportedStatus,
  type ThreatStatus,
  threatStatus,
} from "./summary.js";
import type { EvalReport, RenderOptions, Reporter } from "./types.js";

const LABEL: Record<ThreatStatus, string> = {
  fail: "FAIL",
  unknown: "UNKNOWN",
  pass: "PASS",
  "not-evaluated": "NOT EVALUATED",
};
const MARK = { fail: "✗", unknown: "?", waived: "~", pass: "✓" } as const;
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
    lines.push(...waiverLines(report));
    lines.push(
      `verdicts: ${counts.fail} failed, ${counts.unknown} unknown, ${counts.pass} passed` +
        waivedNote(report),
      gateLine(report),
    );
    if (report.prints.length > 0)
      lines.push(`policy output: ${report.prints.length} lines (see --format json)`);
    return `${lines.join("\n")}\n`;
  },
};

function findingLines(
  finding: GatedFinding,
  remediation: string,
  paint: (status: ThreatStatus, text: string) => string,
): string[] {
  const status = reportedStatus(finding);
  const mark = paint(status === "waived" ? "not-evaluated" : status, MARK[status]);
  const where = finding.source ? `  (${finding.source.file}:${finding.source.line})` : "";
  const head = `    ${mark} ${finding.control}  ${finding.address}${where}${noteOf(finding)}`;
  if (finding.status === "pass") return [head];
  const lines = [head, `        ${plain(finding.message)}`];
  if (finding.status === "fail" && status !== "waived") lines.push(`        fix: ${remediation}`);
  return lines;
}

/** What the gate made of a finding, when it is not the plain verdict. */
function noteOf(finding: GatedFinding): string {
  if (finding.disposition === "waived") return `  (waived by ${finding.waiver})`;
  if (finding.disposition === "baselined") return "  (in the baseline)";
  if (finding.disposition === "advisory") return "  (advisory)";
  if (finding.disposition === "deferred") return "  (deferred to state)";
  if (finding.new === true) return "  (new)";
  return "";
}

/** Control characters in plan text could move the cursor or recolour the terminal. */
function plain(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === "\t" ? c : "?"));
}

function waivedNote(report: EvalReport): string {
  const waived = report.findings.filter((f) => f.disposition === "waived").length;
  return waived > 0 ? ` (${waived} of them waived)` : "";
}

function waiverLines(report: EvalReport): string[] {
  const { gate } = report;
  const lines: string[] = [];
  for (const w of gate.expiredWaivers)
    lines.push(
      `waiver ${w.id} (${formatLocation(w.location)}) expired on ${w.expires}; ` +
        `owner ${w.owner}, ticket ${w.ticket}: renew or remove it`,
    );
  for (const w of gate.unusedWaivers)
    lines.push(`waiver ${w.id} (${formatLocation(w.location)}) matches no failing finding`);
  if (gate.fixed)
    for (const e of gate.fixed)
      lines.push(`fixed since the baseline: ${e.threat} ${e.control} ${e.address}`);
  return lines;
}

function gateLine(report: EvalReport): string {
  const { gate } = report;
  const rule = `fail-on ${gate.failOn}, unknown ${gate.unknown}`;
  if (gate.passed) return `gate: passed (${rule}); exit code 0`;
  const expired =
    gate.expiredWaivers.length > 0 ? ` and ${gate.expiredWaivers.length} expired waiver(s)` : "";
  return `gate: FAILED on ${gate.blocking.length} verdict(s)${expired} (${rule}); exit code 1`;
}

function countControls(report: EvalReport): number {
  return report.manifest.threats.reduce((n, t) => n + t.controls.length, 0);
}
