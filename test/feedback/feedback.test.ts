import test from "ava";
import { parse } from "yaml";
import { ThreatloopError } from "../../src/errors.js";
import { applyFeedback } from "../../src/feedback/feedback.js";
import {
  RAISE_TO_HIGH_AFTER,
  RAISE_TO_MEDIUM_AFTER,
  raisedLikelihood,
  threatFailingRuns,
} from "../../src/feedback/likelihood.js";
import type { FindingRecord, RunRecord, SystemHistory } from "../../src/history/query.js";
import type { Likelihood, Threat, ThreatModel } from "../../src/model/types.js";

const MODEL = `# Payments model: reviewed by the platform team
version: 1
system: { name: Payments, owners: { iaas: ops } }
components:
  - { id: bucket, name: Bucket, layer: paas, kind: object-storage }
threats:
  - id: T-1   # the public bucket
    title: Exports are public
    description: >-
      A folded description whose line breaks must survive a feedback run exactly as they were
      written by hand.
    stride: [information-disclosure]
    layer: paas
    components: [bucket]
    severity: high
    likelihood: low
    controls:
      - control: aws.s3.public-access-blocked
        params: {}   # defaults
        status: implemented
  - id: T-2
    title: Admin ports are open
    stride: [elevation-of-privilege]
    layer: iaas
    components: [bucket]
    severity: medium
    controls:
      - control: aws.ec2.no-internet-admin-ports
        observed:
          status: pass
          last_seen: "2020-01-01T00:00:00Z"
`;

function historyOf(verdicts: Record<string, "pass" | "fail" | "unknown">[]): SystemHistory {
  const runs: RunRecord[] = verdicts.map((_, i) => ({
    id: i + 1,
    kind: "eval",
    at: `2026-01-0${i + 1}T00:00:00Z`,
    system: "Payments",
    modelHash: "h",
    commit: null,
    environment: null,
    input: "plan.json",
    gatePassed: false,
    manifest: { threats: [] } as unknown as RunRecord["manifest"],
    summary: { resources: 1, fail: 0, unknown: 0, pass: 0, blocking: 0 },
  }));
  const findings: FindingRecord[] = verdicts.flatMap((run, i) =>
    Object.entries(run).map(([key, status]) => {
      const [threat, control] = key.split(" ") as [string, string];
      return {
        runId: i + 1,
        threat,
        control,
        severity: "high",
        status,
        address: "aws_s3_bucket.b",
        fingerprint: key,
      };
    }),
  );
  return { system: "Payments", runs, findings, driftChanges: [], waiverDecisions: [] };
}

const model = parse(MODEL) as ThreatModel;
const S3 = "T-1 aws.s3.public-access-blocked";

test("feedback adds observed blocks and keeps every other byte of the model", (t) => {
  const result = applyFeedback("m.yaml", MODEL, model, historyOf([{ [S3]: "fail" }]));
  const kept = new Set(result.text.split("\n"));
  const removed = MODEL.split("\n").filter((line) => !kept.has(line));
  // Only the stale observed block of T-2 is replaced; every other line is kept as written.
  t.deepEqual(removed, ["          status: pass", '          last_seen: "2020-01-01T00:00:00Z"']);
  t.true(result.text.includes("# Payments model: reviewed by the platform team"));
  t.true(
    result.text.includes(
      "        params: {}   # defaults\n        status: implemented\n        observed:\n",
    ),
  );
  const reread = parse(result.text) as ThreatModel;
  t.deepEqual(reread.threats[0]?.controls[0]?.observed, {
    status: "fail",
    last_seen: "2026-01-01T00:00:00Z",
    evidence: "1 of 1 resource(s) fail (aws_s3_bucket.b) in run 1 on plan.json",
  });
  t.deepEqual(reread.threats[1]?.controls[0]?.observed, { status: "never-evaluated" });
  t.is(reread.threats[0]?.description, model.threats[0]?.description);
});

test("feedback run twice on the same history gives the same model", (t) => {
  const history = historyOf([{ [S3]: "pass" }]);
  const once = applyFeedback("m.yaml", MODEL, model, history).text;
  const twice = applyFeedback("m.yaml", once, parse(once) as ThreatModel, history).text;
  t.is(twice, once);
});

test("feedback flags a failing implemented control and a mitigated threat never evaluated", (t) => {
  const result = applyFeedback("m.yaml", MODEL, model, historyOf([{ [S3]: "fail" }]));
  t.deepEqual(
    result.contradictions.map((c) => `${c.kind} ${c.threat} ${c.control}`),
    [
      "implemented-but-failing T-1 aws.s3.public-access-blocked",
      "mitigated-but-never-evaluated T-2 null",
    ],
  );
});

const threat = (likelihood?: Likelihood): Threat => ({
  id: "T-1",
  title: "t",
  stride: ["tampering"],
  layer: "paas",
  components: [],
  severity: "high",
  controls: [],
  ...(likelihood ? { likelihood } : {}),
});

const rule: [Likelihood | undefined, number, Likelihood | undefined][] = [
  ["low", RAISE_TO_MEDIUM_AFTER - 1, undefined],
  ["low", RAISE_TO_MEDIUM_AFTER, "medium"],
  [undefined, RAISE_TO_MEDIUM_AFTER, "medium"],
  ["medium", RAISE_TO_MEDIUM_AFTER, undefined],
  ["high", RAISE_TO_HIGH_AFTER, undefined],
  ["medium", RAISE_TO_HIGH_AFTER, "high"],
  ["low", RAISE_TO_HIGH_AFTER + 4, "high"],
];

for (const [from, runs, to] of rule) {
  const title = `likelihood ${from ?? "unset"} after ${runs} failing evaluations`;
  test(`${title} becomes ${to ?? "unchanged"}`, (t) => {
    t.is(raisedLikelihood(threat(from), runs)?.to, to);
  });
}

test("the failing streak counts only the latest evaluations in a row that saw a failure", (t) => {
  const history = historyOf([
    { [S3]: "fail" },
    { [S3]: "pass" },
    { [S3]: "fail" },
    {},
    { [S3]: "fail" },
    { [S3]: "fail" },
  ]);
  t.is(threatFailingRuns(history, "T-1"), 3);
});

test("feedback raises the likelihood in the model text after three failing evaluations", (t) => {
  const history = historyOf([{ [S3]: "fail" }, { [S3]: "fail" }, { [S3]: "fail" }]);
  const result = applyFeedback("m.yaml", MODEL, model, history);
  t.deepEqual(result.raised, [{ threat: "T-1", from: "low", to: "medium", failing_runs: 3 }]);
  t.true(result.text.includes("    severity: high\n    likelihood: medium\n"));
  t.is((parse(result.text) as ThreatModel).threats[1]?.likelihood, undefined);
});

test("feedback refuses a control written as a flow mapping and names the file", (t) => {
  const flow = MODEL.replace(
    "      - control: aws.s3.public-access-blocked\n        params: {}   # defaults\n" +
      "        status: implemented\n",
    "      - { control: aws.s3.public-access-blocked, status: implemented }\n",
  );
  t.not(flow, MODEL);
  const error = t.throws(
    () => applyFeedback("m.yaml", flow, parse(flow) as ThreatModel, historyOf([])),
    { instanceOf: ThreatloopError },
  );
  t.is(
    error?.render(),
    "m.yaml: cannot write observed status into threats[0].controls[0] " +
      "(hint: write the threats and their controls as block mappings (key: value lines))",
  );
});
