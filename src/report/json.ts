import type { Waiver } from "../gate/waivers.js";
import { reportedStatus } from "./summary.js";
import type { EvalReport, Reporter } from "./types.js";

/** Version tag of the JSON report; documented in the README. */
export const JSON_REPORT_SCHEMA = "threatloop.eval-report/v1";

/** The whole report as JSON, for machines; schema/eval-report.schema.json describes it. */
export const jsonReporter: Reporter = {
  format: "json",
  render(report: EvalReport): string {
    const { manifest, ...rest } = report;
    const body = {
      schema: JSON_REPORT_SCHEMA,
      tool: manifest.tool,
      model: manifest.model,
      input: rest.input,
      gate: {
        passed: rest.gate.passed,
        exit_code: rest.gate.exitCode,
        fail_on: rest.gate.failOn,
        unknown: rest.gate.unknown,
        blocking: rest.gate.blocking.length,
        expired_waivers: rest.gate.expiredWaivers.map(waiverOf),
        unused_waivers: rest.gate.unusedWaivers.map(waiverOf),
        fixed: rest.gate.fixed,
      },
      threats: manifest.threats.map((t) => ({
        id: t.id,
        title: t.title,
        severity: t.severity,
        layer: t.layer,
        stride: t.stride,
        controls: t.controls.map((c) => ({
          id: c.id,
          title: c.title,
          rule: c.rule,
          declared: c.declared,
        })),
      })),
      findings: rest.findings.map((f) => ({ ...f, reported_status: reportedStatus(f) })),
      prints: rest.prints,
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  },
};

function waiverOf(waiver: Waiver) {
  return {
    id: waiver.id,
    owner: waiver.owner,
    ticket: waiver.ticket,
    expires: waiver.expires,
    file: waiver.location.file,
    line: waiver.location.line ?? null,
  };
}
