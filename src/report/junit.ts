import type { GatedFinding } from "../gate/gate.js";
import { escapeXml } from "./escape.js";
import { groupByThreat } from "./summary.js";
import type { EvalReport, Reporter } from "./types.js";

/**
 * JUnit XML as Jenkins, GitLab and most CI systems read it: one test suite per threat and one
 * test case per control and resource. A failing verdict is a `<failure>` carrying the message and
 * the fix; unknown and waived verdicts are `<skipped>` with the reason. A control with no bound
 * resource is one skipped test case, so it stays visible. Expired and unused waivers form a last
 * suite.
 */
export const junitReporter: Reporter = {
  format: "junit",
  render(report: EvalReport): string {
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    for (const group of groupByThreat(report.manifest.threats, report.findings)) {
      const cases: string[] = [];
      let suiteFailures = 0;
      let suiteSkipped = 0;
      for (const { control, findings } of group.controls) {
        if (findings.length === 0) {
          suiteSkipped++;
          cases.push(
            testcase(group.threat.id, `${control.id} (no bound resource)`, [
              `<skipped>${escapeXml(
                `no bound resource of type ${control.resource_types.join(", ")}`,
              )}</skipped>`,
            ]),
          );
          continue;
        }
        for (const finding of findings) {
          const body = bodyOf(finding, control.remediation);
          if (body.kind === "failure") suiteFailures++;
          if (body.kind === "skipped") suiteSkipped++;
          cases.push(testcase(group.threat.id, `${control.id} ${finding.address}`, body.lines));
        }
      }
      tests += cases.length;
      failures += suiteFailures;
      suites.push(
        `  <testsuite name="${escapeXml(`${group.threat.id} ${group.threat.title}`)}" ` +
          `tests="${cases.length}" failures="${suiteFailures}" errors="0" ` +
          `skipped="${suiteSkipped}">\n${cases.join("")}  </testsuite>\n`,
      );
    }
    const waivers = waiverSuite(report);
    if (waivers) {
      tests += waivers.tests;
      failures += waivers.failures;
      suites.push(waivers.xml);
    }
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      // The Jenkins schema has no `skipped` count on <testsuites>; each suite carries its own.
      `<testsuites name="threatloop" tests="${tests}" failures="${failures}" errors="0">\n` +
      `${suites.join("")}</testsuites>\n`
    );
  },
};

function bodyOf(
  finding: GatedFinding,
  remediation: string,
): { kind: "passed" | "failure" | "skipped"; lines: string[] } {
  if (finding.disposition === "waived") {
    const text = `waived by ${finding.waiver}: ${finding.message}`;
    return { kind: "skipped", lines: [`<skipped>${escapeXml(text)}</skipped>`] };
  }
  if (finding.status === "unknown") {
    const text = `unknown until apply: ${finding.message}`;
    return { kind: "skipped", lines: [`<skipped>${escapeXml(text)}</skipped>`] };
  }
  if (finding.status === "fail") {
    const detail = `${finding.message}\nfix: ${remediation}\ngate: ${finding.disposition}`;
    return {
      kind: "failure",
      lines: [
        `<failure message="${escapeXml(finding.message)}" type="${finding.severity}">` +
          `${escapeXml(detail)}</failure>`,
      ],
    };
  }
  return { kind: "passed", lines: [] };
}

/**
 * Waiver problems as a suite of their own, so a CI test view shows them: an expired waiver is a
 * failure, a waiver that matches nothing is skipped.
 */
function waiverSuite(report: EvalReport) {
  const { expiredWaivers, unusedWaivers } = report.gate;
  if (expiredWaivers.length === 0 && unusedWaivers.length === 0) return undefined;
  const cases = [
    ...expiredWaivers.map((w) => {
      const text = `waiver ${w.id} expired on ${w.expires} (owner ${w.owner}, ticket ${w.ticket})`;
      return testcase("waivers", `waiver ${w.id}`, [
        `<failure message="${escapeXml(text)}" type="expired-waiver">${escapeXml(text)}</failure>`,
      ]);
    }),
    ...unusedWaivers.map((w) =>
      testcase("waivers", `waiver ${w.id}`, [
        `<skipped>${escapeXml(`waiver ${w.id} matches no failing or unknown finding`)}</skipped>`,
      ]),
    ),
  ];
  const xml =
    `  <testsuite name="waivers" tests="${cases.length}" failures="${expiredWaivers.length}" ` +
    `errors="0" skipped="${unusedWaivers.length}">\n${cases.join("")}  </testsuite>\n`;
  return { xml, tests: cases.length, failures: expiredWaivers.length };
}

function testcase(classname: string, name: string, body: string[]): string {
  const head = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}"`;
  if (body.length === 0) return `${head}/>\n`;
  return `${head}>\n${body.map((line) => `      ${line}\n`).join("")}    </testcase>\n`;
}
