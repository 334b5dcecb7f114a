import type { GatedFinding } from "../gate/gate.js";
import { escapeMarkdown, markdownCode } from "./escape.js";
import { countVerdicts, reportedStatus } from "./summary.js";
import type { EvalReport, Reporter } from "./types.js";

/** GitHub refuses comments over 65,536 characters; 200 rows stay well under it. */
const MAX_ROWS = 200;

const ICON = { fail: "❌", unknown: "❔", waived: "🛡️", pass: "✅" } as const;

/**
 * A summary for a pull-request comment (GitHub-flavoured Markdown): the gate's decision, counts,
 * a table of every failing, unknown and waived finding, waiver problems and, with a baseline, the
 * findings fixed since. Every piece of text from the plan or model is escaped.
 */
export const markdownReporter: Reporter = {
  format: "markdown",
  render(report: EvalReport): string {
    const { gate, manifest, input } = report;
    const counts = countVerdicts(report.findings);
    const waived = report.findings.filter((f) => f.disposition === "waived").length;
    const lines = [
      `## threatloop: gate ${gate.passed ? "passed ✅" : "FAILED ❌"}`,
      "",
      `**${escapeMarkdown(manifest.model.system)}** on ${markdownCode(input.file)} ` +
        `(${input.kind}, ${input.resources} resources): ` +
        `${counts.fail} failed, ${counts.unknown} unknown, ${counts.pass} passed, ` +
        `${waived} waived; ${gate.blocking.length} blocking ` +
        `(fail-on ${gate.failOn}, unknown ${gate.unknown}).`,
      "",
    ];
    const shown = report.findings.filter((f) => f.status !== "pass");
    if (shown.length > 0) {
      // Blocking findings first, so a cut table still shows what stops the merge.
      const ordered = [
        ...shown.filter((f) => f.disposition === "blocking"),
        ...shown.filter((f) => f.disposition !== "blocking"),
      ];
      lines.push(
        "| | threat | control | resource | severity | gate | message |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...ordered.slice(0, MAX_ROWS).map(row),
        "",
      );
      if (ordered.length > MAX_ROWS)
        lines.push(
          `${ordered.length - MAX_ROWS} more finding(s) are left out of this summary; ` +
            "the JSON, SARIF and JUnit reports list them all.",
          "",
        );
    }
    if (gate.expiredWaivers.length > 0) {
      lines.push("**Expired waivers** (each fails the gate):", "");
      for (const w of gate.expiredWaivers)
        lines.push(
          `- ${escapeMarkdown(w.id)}: expired ${w.expires}, owner ${escapeMarkdown(w.owner)}, ` +
            `ticket ${escapeMarkdown(w.ticket)}`,
        );
      lines.push("");
    }
    if (gate.unusedWaivers.length > 0) {
      lines.push("**Waivers that match nothing:**", "");
      for (const w of gate.unusedWaivers)
        lines.push(`- ${escapeMarkdown(w.id)} (owner ${escapeMarkdown(w.owner)})`);
      lines.push("");
    }
    if (gate.fixed && gate.fixed.length > 0) {
      lines.push("**Fixed since the baseline:**", "");
      for (const e of gate.fixed)
        lines.push(
          `- ${markdownCode(e.threat)} ${markdownCode(e.control)} ${markdownCode(e.address)}`,
        );
      lines.push("");
    }
    return `${lines.join("\n")}\n`;
  },
};

function row(finding: GatedFinding): string {
  const status = reportedStatus(finding);
  const gate =
    finding.disposition === "waived"
      ? `waived by ${finding.waiver}`
      : finding.new === true
        ? `${finding.disposition}, new`
        : finding.disposition;
  const cells = [
    `${ICON[status]} ${status}`,
    markdownCode(finding.threat),
    markdownCode(finding.control),
    markdownCode(finding.address),
    finding.severity,
    escapeMarkdown(gate),
    escapeMarkdown(finding.message),
  ];
  return `| ${cells.join(" | ")} |`;
}
