import { compareText } from "../compare.js";
import type { Finding, Verdict } from "../evaluate/findings.js";
import type { GatedFinding } from "../gate/gate.js";
import type { ManifestControl, ManifestThreat } from "../generate/manifest.js";
import type { Severity } from "../model/types.js";

export type ThreatStatus = Verdict | "not-evaluated";

/** A threat's status: failed if any verdict failed, else unknown if any is, else passed. */
export function threatStatus(findings: Finding[]): ThreatStatus {
  if (findings.length === 0) return "not-evaluated";
  if (findings.some((f) => f.status === "fail")) return "fail";
  if (findings.some((f) => f.status === "unknown")) return "unknown";
  return "pass";
}

/** Counts of verdicts by status. */
export function countVerdicts(findings: Finding[]): Record<Verdict, number> {
  const counts = { fail: 0, unknown: 0, pass: 0 };
  for (const finding of findings) counts[finding.status]++;
  return counts;
}

/** Findings grouped under each threat of the manifest, in the model's order. */
export function groupByThreat<F extends Finding>(threats: ManifestThreat[], findings: F[]) {
  return threats.map((threat) => ({
    threat,
    controls: threat.controls.map((control) => ({
      control,
      findings: findings.filter((f) => f.threat === threat.id && f.control === control.id),
    })),
  }));
}

/** Sorts findings by the model's threat order, then control, then address. */
export function sortFindings(threats: ManifestThreat[], findings: Finding[]): Finding[] {
  const order = new Map(threats.map((t, i) => [t.id, i]));
  return [...findings].sort(
    (a, b) =>
      (order.get(a.threat) ?? 0) - (order.get(b.threat) ?? 0) ||
      compareText(a.control, b.control) ||
      compareText(a.address, b.address),
  );
}

/** The status a report shows: the verdict, or `waived` when a waiver in force covers it. */
export const REPORTED_STATUSES = ["fail", "unknown", "waived", "pass"] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

/** A finding's reported status. Waived findings stay in every report under their own status. */
export function reportedStatus(finding: GatedFinding): ReportedStatus {
  return finding.disposition === "waived" ? "waived" : finding.status;
}

/** One row per control of the manifest, with the rule's title, remediation and severity. */
export function controlsOf(threats: ManifestThreat[]) {
  const controls = new Map<string, { control: ManifestControl; severities: Severity[] }>();
  for (const threat of threats) {
    for (const control of threat.controls) {
      const entry = controls.get(control.id);
      if (entry) entry.severities.push(control.severity);
      else controls.set(control.id, { control, severities: [control.severity] });
    }
  }
  return [...controls.values()].sort((a, b) => compareText(a.control.id, b.control.id));
}
