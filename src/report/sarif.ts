import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { GatedFinding } from "../gate/gate.js";
import { SEVERITIES, type Severity } from "../model/types.js";
import { controlsOf } from "./summary.js";
import type { EvalReport, Reporter } from "./types.js";

/** The schema the SARIF output declares: OASIS SARIF 2.1.0 (errata 01). */
export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** GitHub code scanning reads `security-severity` as a CVSS-like score from 0.0 to 10.0. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};
const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one rule per
 * control, one result per failing, unknown or waived finding. Unknown verdicts are results of kind
 * `review`; waived ones carry an accepted external suppression; with a baseline, results carry
 * `baselineState`. Findings without a source location point at the input file.
 */
export const sarifReporter: Reporter = {
  format: "sarif",
  render(report: EvalReport): string {
    const rules = controlsOf(report.manifest.threats);
    const ruleIndex = new Map(rules.map((r, i) => [r.control.id, i]));
    const log = {
      $schema: SARIF_SCHEMA_URI,
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "threatloop",
              version: report.manifest.tool.version,
              semanticVersion: report.manifest.tool.version,
              rules: rules.map(({ control, severities }) => ruleOf(control, severities)),
            },
          },
          automationDetails: { id: `threatloop/${report.manifest.model.system}/` },
          originalUriBaseIds: { SRCROOT: { description: { text: "the repository root" } } },
          results: report.findings
            .filter((f) => f.status !== "pass")
            .map((f) => resultOf(f, ruleIndex.get(f.control) ?? 0, report)),
          properties: {
            gate: {
              passed: report.gate.passed,
              failOn: report.gate.failOn,
              unknown: report.gate.unknown,
              expiredWaivers: report.gate.expiredWaivers.map((w) => w.id),
            },
          },
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};

function ruleOf(control: ReturnType<typeof controlsOf>[number]["control"], severities: Severity[]) {
  const severity = highest(severities);
  const provider = control.id.split(".")[0] ?? "cloud";
  return {
    id: control.id,
    name: control.id,
    shortDescription: { text: control.title },
    fullDescription: {
      text: `${control.title}. Checked on ${control.resource_types.join(", ")}.`,
    },
    help: {
      text: control.remediation,
      markdown: `**Remediation.** ${control.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[severity],
      precision: "high",
      tags: ["security", "threatloop", "terraform", provider],
    },
  };
}

function resultOf(finding: GatedFinding, ruleIndex: number, report: EvalReport) {
  const review = finding.status === "unknown";
  return {
    ruleId: finding.control,
    ruleIndex,
    kind: review ? "review" : "fail",
    level: review ? "none" : LEVEL[finding.severity],
    message: { text: `${finding.address}: ${finding.message}` },
    locations: [locationOf(finding, report)],
    partialFingerprints: { "threatloop/v1": finding.fingerprint },
    ...(finding.new === null ? {} : { baselineState: finding.new ? "new" : "unchanged" }),
    ...(finding.waiver === null
      ? {}
      : {
          suppressions: [
            { kind: "external", status: "accepted", justification: `waiver ${finding.waiver}` },
          ],
        }),
    properties: {
      threat: finding.threat,
      control: finding.control,
      severity: finding.severity,
      status: finding.status,
      disposition: finding.disposition,
      address: finding.address,
      attribute: finding.attribute,
    },
  };
}

function locationOf(finding: GatedFinding, report: EvalReport) {
  const file = finding.source?.file ?? report.input.file;
  const line = finding.source?.line ?? 1;
  return {
    physicalLocation: {
      artifactLocation: isAbsolute(file)
        ? { uri: pathToFileURL(file).href }
        : { uri: toUri(file), uriBaseId: "SRCROOT" },
      region: { startLine: line },
    },
    logicalLocations: [{ fullyQualifiedName: finding.address, kind: "resource" }],
  };
}

/** A relative URI reference with forward slashes and each segment percent-encoded. */
function toUri(file: string): string {
  return file
    .replaceAll("\\", "/")
    .replace(/^\.\//, "")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function highest(severities: Severity[]): Severity {
  const index = Math.min(...severities.map((s) => SEVERITIES.indexOf(s)));
  return SEVERITIES[index] ?? "info";
}
