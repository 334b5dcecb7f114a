import test from "ava";
import { generatePlan } from "../../bench/generate-plan.js";
import { type Measure, median } from "../../bench/measure.js";
import { checkTargets, FLOOR, OURS, ratios, type Workload } from "../../bench/report.js";

const workload = (name: string, plan_mb: number): Workload => ({
  name,
  file: `${name}.json`,
  plan_mb,
  resources: 0,
});

const m = (tool: string, name: string, wall_s: number | null, rss_mb = 100): Measure => ({
  tool,
  workload: name,
  wall_s,
  rss_mb: wall_s === null ? null : rss_mb,
  runs: wall_s === null ? 0 : 5,
});

test("median takes the middle of an odd count and the upper middle of an even one", (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 3);
  t.true(Number.isNaN(median([])));
});

test("targets are met, missed, or not measured when a number is missing", (t) => {
  const workloads = [workload("plan-15000", 12), workload("plan-50000", 40)];
  const measures = [
    m(OURS, "plan-15000", 4, 240),
    m("conftest", "plan-15000", 10),
    m(FLOOR, "plan-15000", 0.5),
    m(OURS, "plan-50000", 20, 300),
  ];
  const checks = checkTargets(workloads, measures, { cold_eval_s: 0.3, rebuild_s: 0.25 });
  const met = Object.fromEntries(checks.map((c) => [c.target, c.met]));
  t.deepEqual(met, {
    "15k: threatloop ≤ 0.5× conftest": true,
    "15k: threatloop ≤ 0.05× checkov": null,
    [`15k: threatloop ≤ 3× ${FLOOR}`]: false,
    "time(50k) / time(15k) ≤ 4": false,
    "plan-15000: peak RSS ≤ 4 × 12 MB + 200 MB = 248 MB": true,
    "plan-50000: peak RSS ≤ 4 × 40 MB + 200 MB = 360 MB": true,
    "cold eval of the example ≤ 0.4 s": true,
    "unchanged model rebuilt ≤ 0.2 s": false,
  });
});

test("ratios divide threatloop's time by each tool's, or say n/a", (t) => {
  const [row] = ratios(
    [workload("plan-1000", 1)],
    [m(OURS, "plan-1000", 1), m("opa eval", "plan-1000", 4), m("checkov", "plan-1000", null)],
  );
  t.is(row?.vs_opa_eval, 0.25);
  t.is(row?.vs_checkov, null);
});

test("the bench plan has the requested size, linked buckets and about 10% violations", (t) => {
  const plan = generatePlan(900) as {
    resource_changes: { type: string; change: { after: Record<string, unknown> } }[];
  };
  t.is(plan.resource_changes.length, 900);
  const blocks = plan.resource_changes.filter(
    (rc) => rc.type === "aws_s3_bucket_public_access_block",
  );
  const open = blocks.filter((rc) => rc.change.after.block_public_policy === false);
  t.is(blocks.length, 100);
  t.is(open.length, 10);
});
