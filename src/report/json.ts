import type { Waiver } from "../gate/waivers.js";
import { reportedStatus } from "./summary.js";
import type { EvalReport, Reporter } from "./types.js";

/** Version tag of the JSON report; documented in the README. */
export const JSON_REPORT_SCHEMA = "threatloop.eval-report/v1";

/** The whole report as JSON, for machines; schema/eval-report.schema.json describes it. */
export const jsonReporter: Reporter = {
  format: "json",
  render(report: EvalReport): string {
    return [...jsonChunks(report)].join("");
  },
  chunks: jsonChunks,
};

/** Findings per piece of text: about 300 KB of JSON. */
const FINDINGS_PER_CHUNK = 1000;

/**
 * The report as JSON.stringify(body, null, 2) writes it, built in pieces: the findings, most of
 * a large report, are turned into text a thousand at a time.
 */
function* jsonChunks(report: EvalReport): Generator<string> {
  const { manifest, ...rest } = report;
  const head = {
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
  };
  const opened = JSON.stringify(head, null, 2);
  yield `${opened.slice(0, opened.length - 2)},\n  "findings": `;
  const { findings } = rest;
  if (findings.length === 0) yield "[]";
  for (let at = 0; at < findings.length; at += FINDINGS_PER_CHUNK) {
    // Object.assign, not a spread: see gate.ts.
    const items = findings
      .slice(at, at + FINDINGS_PER_CHUNK)
      .map((f) => Object.assign({}, f, { reported_status: reportedStatus(f) }));
    // "[\n  {…},\n  {…}\n]" without its brackets, one level deeper.
    const text = JSON.stringify(items, null, 2);
    yield `${at === 0 ? "[\n" : ",\n"}  ${text.slice(2, -2).replaceAll("\n", "\n  ")}`;
  }
  if (findings.length > 0) yield "\n  ]";
  yield `,\n  "prints": ${JSON.stringify(rest.prints, null, 2).replaceAll("\n", "\n  ")}\n}\n`;
}

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
