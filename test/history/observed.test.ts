import test from "ava";
import { controlPairs, observedControls } from "../../src/history/observed.js";
import type { RunRecord, SystemHistory } from "../../src/history/query.js";
import type { ThreatModel } from "../../src/model/types.js";

const run = (id: number, kind: "eval" | "drift", hour: number): RunRecord => ({
  id,
  kind,
  at: `2026-02-01T${String(hour).padStart(2, "0")}:00:00Z`,
  system: "s",
  modelHash: "h",
  commit: id === 1 ? "0123456789abcdef0123456789abcdef01234567" : null,
  environment: null,
  input: kind === "eval" ? "plan.json" : "live.json",
  gatePassed: true,
  manifest: { threats: [] } as unknown as RunRecord["manifest"],
  summary: { resources: 2, fail: 0, unknown: 0, pass: 2, blocking: 0 },
});

const finding = (runId: number, address: string, status: "pass" | "fail" | "unknown") => ({
  runId,
  threat: "T-1",
  control: "c",
  severity: "high",
  status,
  address,
  fingerprint: address,
});

const regression = (runId: number) => ({
  runId,
  change: "regression" as const,
  threat: "T-1",
  control: "c",
  severity: "high",
  address: "aws_s3_bucket.a",
  fingerprint: "f",
  firstSeen: "2026-02-01T05:00:00Z",
});

function history(parts: Partial<SystemHistory>): SystemHistory {
  return { system: "s", runs: [], findings: [], driftChanges: [], waiverDecisions: [], ...parts };
}

const wanted = [{ threat: "T-1", control: "c" }];

test("one unknown resource among passing ones makes the control unknown, with evidence", (t) => {
  const [seen] = observedControls(
    history({
      runs: [run(1, "eval", 1)],
      findings: [finding(1, "aws_s3_bucket.a", "pass"), finding(1, "aws_s3_bucket.b", "unknown")],
    }),
    wanted,
  );
  t.deepEqual(seen, {
    threat: "T-1",
    control: "c",
    status: "unknown",
    last_seen: "2026-02-01T01:00:00Z",
    evidence:
      "1 of 2 resource(s) are unknown (aws_s3_bucket.b) in run 1 on plan.json " +
      "at commit 0123456789ab",
    failing_runs: 0,
  });
});

test("a newer drift regression makes a passing control fail, naming the deployed resource", (t) => {
  const [seen] = observedControls(
    history({
      runs: [run(1, "eval", 1), run(2, "drift", 5)],
      findings: [finding(1, "aws_s3_bucket.a", "pass")],
      driftChanges: [regression(2)],
    }),
    wanted,
  );
  t.is(seen?.status, "fail");
  t.is(seen?.last_seen, "2026-02-01T05:00:00Z");
  t.is(
    seen?.evidence,
    "1 deployed resource(s) regressed (aws_s3_bucket.a) in drift run 2 on live.json",
  );
});

test("an evaluation newer than the drift regression decides the status", (t) => {
  const [seen] = observedControls(
    history({
      runs: [run(1, "drift", 1), run(2, "eval", 5)],
      findings: [finding(2, "aws_s3_bucket.a", "pass")],
      driftChanges: [regression(1)],
    }),
    wanted,
  );
  t.is(seen?.status, "pass");
});

test("a control no run checked is never evaluated", (t) => {
  const [seen] = observedControls(history({ runs: [run(1, "eval", 1)] }), wanted);
  t.is(seen?.status, "never-evaluated");
  t.is(seen?.last_seen, null);
});

test("inline assertions are observed under inline:<id>, beside catalog controls", (t) => {
  const model = {
    threats: [
      {
        id: "T-1",
        controls: [{ control: "aws.s3.public-access-blocked" }, { id: "versioned", assert: {} }],
      },
    ],
  } as unknown as ThreatModel;
  const pairs = controlPairs(model);
  t.deepEqual(pairs, [
    { threat: "T-1", control: "aws.s3.public-access-blocked" },
    { threat: "T-1", control: "inline:versioned" },
  ]);
  const seen = observedControls(
    history({
      runs: [run(1, "eval", 1)],
      findings: [{ ...finding(1, "aws_s3_bucket.a", "fail"), control: "inline:versioned" }],
    }),
    pairs,
  );
  t.deepEqual(
    seen.map((o) => [o.control, o.status]),
    [
      ["aws.s3.public-access-blocked", "never-evaluated"],
      ["inline:versioned", "fail"],
    ],
  );
});
