import type { DriftReport, SecurityChange } from "./drift.js";

/** The drift report as text: regressions first, then fixes, drift by relevance, and inventory. */
export function renderDriftText(report: DriftReport): string {
  const lines = [
    `threatloop drift: ${report.desired.file} (${report.desired.kind}) ` +
      `against ${report.deployed.file} (${report.deployed.kind})`,
  ];
  if (report.desired.lineage) {
    lines.push(`state lineage ${report.desired.lineage}, serial ${report.desired.serial}`);
  }
  lines.push("");
  lines.push(
    report.regressions.length === 0
      ? "No security regression: every control that passes as declared also passes as deployed."
      : `SECURITY REGRESSIONS (${report.regressions.length}): ` +
          "controls that pass as declared and fail as deployed",
  );
  for (const change of report.regressions) lines.push(...changeLines(change));
  if (report.fixed.length > 0) {
    lines.push(
      "",
      `Fixed outside Terraform (${report.fixed.length}): failing as declared, passing as deployed`,
    );
    for (const change of report.fixed) lines.push(...changeLines(change));
  }
  if (report.drift.length > 0) {
    lines.push("", `Attribute drift (${report.drift.length} resources, security-relevant first)`);
    for (const entry of report.drift) {
      const names = entry.attributes.map((a) => a.attribute).join(", ");
      lines.push(`  ${entry.security ? "!" : "-"} ${entry.address}: ${names}`);
    }
  }
  for (const [title, list] of [
    ["Unmanaged (live, not in Terraform)", report.unmanaged],
    ["Missing (in Terraform, not live)", report.missing],
  ] as const) {
    if (list.length === 0) continue;
    lines.push("", `${title}: ${list.length}`);
    for (const entry of list) lines.push(`  - ${entry.address}`);
  }
  for (const rule of report.expired_ignores) {
    lines.push(
      "",
      `expired ignore rule: ${rule.type}.${rule.attribute} (${rule.reason}), ` +
        `expired ${rule.expires}`,
    );
  }
  lines.push("", `exit code ${report.regressions.length > 0 ? 1 : 0}`);
  return `${lines.join("\n")}\n`;
}

function changeLines(change: SecurityChange): string[] {
  return [
    `  ${change.threat}  ${change.threat_title}  [${change.severity}]`,
    `      ${change.control} on ${change.address}: ${change.desired} → ${change.deployed}`,
    `      ${change.message}`,
  ];
}
