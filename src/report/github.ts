import type { GatedFinding } from "../gate/gate.js";
import { escapeWorkflowData, escapeWorkflowProperty } from "./escape.js";
import type { EvalReport, Reporter } from "./types.js";

/**
 * GitHub Actions workflow commands
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions): an `error`
 * annotation per blocking finding, a `warning` per other failing or unknown finding, a `notice`
 * per waived one, and the gate's decision last. Annotations sit on the resource block when the
 * finding has a source location, and on the input file otherwise.
 */
export const githubReporter: Reporter = {
  format: "github",
  render(report: EvalReport): string {
    const lines: string[] = [];
    for (const finding of report.findings) {
      if (finding.status === "pass") continue;
      lines.push(annotation(finding, report.input.file));
    }
    for (const waiver of report.gate.expiredWaivers) {
      lines.push(
        command(
          "error",
          { file: waiver.location.file, line: waiver.location.line },
          {
            title: `threatloop: waiver ${waiver.id} expired`,
            text:
              `waiver ${waiver.id} expired on ${waiver.expires} (owner ${waiver.owner}, ` +
              `ticket ${waiver.ticket}); renew or remove it`,
          },
        ),
      );
    }
    for (const waiver of report.gate.unusedWaivers) {
      lines.push(
        command(
          "notice",
          { file: waiver.location.file, line: waiver.location.line },
          {
            title: `threatloop: waiver ${waiver.id} matches nothing`,
            text: `waiver ${waiver.id} covers no failing or unknown finding; remove it`,
          },
        ),
      );
    }
    const { gate } = report;
    const verdict = gate.passed
      ? "threatloop gate passed"
      : `threatloop gate FAILED: ${gate.blocking.length} blocking finding(s), ` +
        `${gate.expiredWaivers.length} expired waiver(s)`;
    lines.push(
      command(gate.passed ? "notice" : "error", {}, { title: "threatloop", text: verdict }),
    );
    return `${lines.join("\n")}\n`;
  },
};

function annotation(finding: GatedFinding, input: string): string {
  const level =
    finding.disposition === "blocking"
      ? "error"
      : finding.disposition === "waived"
        ? "notice"
        : "warning";
  const state = finding.disposition === "waived" ? `waived by ${finding.waiver}` : finding.status;
  return command(
    level,
    { file: finding.source?.file ?? input, line: finding.source?.line },
    {
      title: `${finding.threat} ${finding.control} (${finding.severity}, ${state})`,
      text: `${finding.address}: ${finding.message}`,
    },
  );
}

function command(
  level: "error" | "warning" | "notice",
  where: { file?: string; line?: number | undefined },
  what: { title: string; text: string },
): string {
  const properties = [
    where.file === undefined ? undefined : `file=${escapeWorkflowProperty(where.file)}`,
    where.line === undefined ? undefined : `line=${where.line}`,
    `title=${escapeWorkflowProperty(what.title)}`,
  ].filter((p) => p !== undefined);
  return `::${level} ${properties.join(",")}::${escapeWorkflowData(what.text)}`;
}
