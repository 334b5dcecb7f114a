import type { EvalReport, Reporter } from "./types.js";

/** Version tag of the JSON report; documented in the README. */
export const JSON_REPORT_SCHEMA = "threatloop.eval-report/v1";

/** The whole report as JSON, for machines. */
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
      findings: rest.findings,
      prints: rest.prints,
    };
    return `${JSON.stringify(body, null, 2)}\n`;
  },
};
