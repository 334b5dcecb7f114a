import { compareText } from "../compare.js";
import type { Finding, Verdict } from "../evaluate/findings.js";
import type { ManifestThreat } from "../generate/manifest.js";

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
export function groupByThreat(threats: ManifestThreat[], findings: Finding[]) {
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
