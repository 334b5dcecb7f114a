import { readFileSync } from "node:fs";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import {
  evaluateShared,
  jobCount,
  PARALLEL_FROM_BYTES,
  partitionThreats,
  type ThreatShare,
} from "../../src/evaluate/parallel.js";
import { compiledModel } from "../compiled-model.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN } from "../helpers.js";

const share = (packageName: string, controls: number): ThreatShare => ({ packageName, controls });

test("partitions threats into groups of about the same number of controls", (t) => {
  const threats = [share("t_a", 5), share("t_b", 1), share("t_c", 3), share("t_d", 2)];
  t.deepEqual(partitionThreats(threats, 2), [
    ["t_a", "t_b"],
    ["t_c", "t_d"],
  ]);
  t.deepEqual(partitionThreats(threats, 3), [["t_a"], ["t_c"], ["t_b", "t_d"]]);
  t.deepEqual(partitionThreats(threats, 1), [["t_a", "t_b", "t_c", "t_d"]]);
});

test("never gives an empty group, even with more jobs than threats", (t) => {
  t.deepEqual(partitionThreats([share("t_a", 1), share("t_b", 0)], 4), [["t_a"], ["t_b"]]);
});

test("auto runs small inputs on one thread and never more jobs than threats", (t) => {
  t.is(jobCount("auto", PARALLEL_FROM_BYTES - 1, 8), 1);
  t.true(jobCount("auto", PARALLEL_FROM_BYTES, 8) >= 1);
  t.is(jobCount(4, 10, 2), 2);
  t.is(jobCount(3, 10, 5), 3);
  t.is(jobCount(1, PARALLEL_FROM_BYTES * 10, 5), 1);
});

const example = () => compiledModel(EXAMPLE_MODEL);

const sortedJson = (values: unknown[]) => values.map((v) => JSON.stringify(v)).sort();

test("threats shared between threads give exactly the verdicts of one evaluation", async (t) => {
  const { evaluator, shares } = await example();
  const document = { file: EXAMPLE_PLAN, bytes: readFileSync(EXAMPLE_PLAN) };
  const alone = await evaluateShared(evaluator, document, shares, 1);
  t.true(alone.findings.length > 5);
  for (const jobs of [2, 3]) {
    const shared = await evaluateShared(evaluator, document, shares, jobs);
    t.deepEqual(sortedJson(shared.findings), sortedJson(alone.findings), `${jobs} jobs`);
    t.is(shared.resources, alone.resources);
    t.is(shared.kind, alone.kind);
  }
});

test("a document that is not JSON fails with its position when threats are shared", async (t) => {
  const { evaluator, shares } = await example();
  const document = { file: "broken.json", bytes: new TextEncoder().encode('{"a": [1,\n 2}') };
  const error = await t.throwsAsync(evaluateShared(evaluator, document, shares, 2), {
    instanceOf: ThreatloopError,
  });
  t.is(error?.location?.file, "broken.json");
  t.is(error?.location?.line, 2);
});

test("a document that is not a plan is refused when threats are shared", async (t) => {
  const { evaluator, shares } = await example();
  const document = { file: "other.json", bytes: new TextEncoder().encode('{"hello": 1}') };
  const error = await t.throwsAsync(evaluateShared(evaluator, document, shares, 2), {
    instanceOf: ThreatloopError,
  });
  t.regex(error?.message ?? "", /no format_version/);
});
