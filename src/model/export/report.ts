import { readFileSync } from "node:fs";
import { ThreatloopError } from "../../errors.js";
import { JSON_REPORT_SCHEMA } from "../../report/json.js";
import { type LastVerdicts, verdictKey } from "./otm.js";

/** The verdicts of a `threatloop eval --format json` report, counted per threat and control. */
export function readLastVerdicts(file: string): {
  verdicts: LastVerdicts;
  input: string;
  modelHash: string;
} {
  let report: {
    schema?: unknown;
    findings?: { threat: string; control: string; status: string }[];
    input?: { file?: string };
    model?: { hash?: string };
  };
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the eval report as JSON", {
      location: { file },
      cause: error,
    });
  }
  if (report.schema !== JSON_REPORT_SCHEMA) {
    throw new ThreatloopError(
      "input",
      `not a threatloop eval report (schema ${JSON_REPORT_SCHEMA})`,
      {
        location: { file },
        hint: "write one with threatloop eval --format json -o report.json",
      },
    );
  }
  const verdicts: LastVerdicts = new Map();
  for (const finding of report.findings ?? []) {
    const key = verdictKey(finding.threat, finding.control);
    const counts = verdicts.get(key) ?? { pass: 0, fail: 0, unknown: 0 };
    if (finding.status === "pass" || finding.status === "fail" || finding.status === "unknown") {
      counts[finding.status]++;
    }
    verdicts.set(key, counts);
  }
  return { verdicts, input: report.input?.file ?? "", modelHash: report.model?.hash ?? "" };
}
