import type { Finding } from "../../src/evaluate/findings.js";
import { decideGate, type GateOptions } from "../../src/gate/gate.js";
import type { Manifest, ManifestControl, ManifestThreat } from "../../src/generate/manifest.js";
import type { EvalReport } from "../../src/report/types.js";

/** Text a plan or model could carry that every format must keep inert. */
export const HOSTILE =
  "<script>alert(1)</script> & ]]> \"q\" 'a' | `tick` *em* [link](x) @team #1 " +
  "100% done\r\n::error::injected,file=x:1 \u0007bell";

const control = (id: string, severity: ManifestControl["severity"]): ManifestControl => ({
  id,
  title: `Title of ${id}`,
  rule: `data.threatloop.threats.t.${id.replaceAll(".", "_")}`,
  severity,
  declared: "implemented",
  resource_types: ["aws_s3_bucket"],
  params: {},
  remediation: `Fix ${id} <now> & | well`,
});

const threat = (id: string, controls: ManifestControl[]): ManifestThreat => ({
  id,
  title: `Threat ${id} <b>bold</b>`,
  severity: controls[0]?.severity ?? "high",
  layer: "paas",
  stride: ["information-disclosure"],
  likelihood: "medium",
  owner: "team",
  components: ["c"],
  package: `t_${id}`,
  file: `policies/threatloop/threats/${id}.rego`,
  controls,
});

/** A manifest of two threats sharing one control at different severities. */
export function sampleManifest(): Manifest {
  return {
    version: 1,
    tool: { name: "threatloop", version: "0.1.0" },
    model: { file: "threatloop.yaml", hash: "0".repeat(64), system: "Sample <system>" },
    entrypoint: "threatloop/main/report",
    threats: [
      threat("TL-001", [control("aws.s3.public-access-blocked", "high")]),
      threat("TL-002", [
        control("aws.s3.public-access-blocked", "medium"),
        control("aws.iam.no-wildcard-admin", "critical"),
      ]),
    ],
    files: {},
  };
}

/** One finding of a verdict, with hostile text in its message. */
export function sampleFinding(overrides: Partial<Finding>): Finding {
  return {
    threat: "TL-001",
    control: "aws.s3.public-access-blocked",
    severity: "high",
    status: "fail",
    address: 'module.m["k,1"].aws_s3_bucket.b[0]',
    attribute: "block_public_policy",
    message: HOSTILE,
    ...overrides,
  };
}

/** Findings of every status, one waived, against the sample manifest. */
export function sampleFindings(): Finding[] {
  return [
    sampleFinding({}),
    sampleFinding({ address: "aws_s3_bucket.logs", status: "pass", message: "ok" }),
    sampleFinding({
      threat: "TL-002",
      severity: "medium",
      address: "aws_s3_bucket.waived",
      message: "waived one",
    }),
    sampleFinding({
      threat: "TL-002",
      control: "aws.iam.no-wildcard-admin",
      severity: "critical",
      status: "unknown",
      address: "aws_iam_policy.p",
      message: "known after apply",
      source: { file: "infra/iam.tf", line: 12 },
    }),
  ];
}

/** An EvalReport of the given findings, gated with the given options. */
export function sampleReport(
  findings: Finding[] = sampleFindings(),
  options: Partial<GateOptions> = {},
): EvalReport {
  const gate = decideGate(findings, {
    failOn: "low",
    unknown: "warn",
    waivers: {
      today: "2026-06-01",
      list: [
        {
          id: "W-1",
          match: { address: "aws_s3_bucket.waived" },
          owner: "team",
          reason: "migration",
          ticket: "SEC-1",
          expires: "2026-12-31",
          location: { file: "waivers.yaml", line: 3, column: 5 },
        },
      ],
    },
    ...options,
  });
  return {
    input: { file: "plans/plan.json", kind: "plan", resources: 4 },
    manifest: sampleManifest(),
    findings: gate.findings,
    prints: [],
    gate,
  };
}
