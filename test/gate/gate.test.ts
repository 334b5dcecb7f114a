import test from "ava";
import type { Finding } from "../../src/evaluate/findings.js";
import { decideGate } from "../../src/gate/gate.js";

const finding = (status: Finding["status"], severity: Finding["severity"]): Finding => ({
  threat: "T",
  control: "c",
  severity,
  status,
  address: "a",
  attribute: "x",
  message: "m",
});

const cases: [string, Finding[], Parameters<typeof decideGate>[1], 0 | 1][] = [
  [
    "passes with only passing verdicts",
    [finding("pass", "critical")],
    { failOn: "low", unknown: "warn" },
    0,
  ],
  [
    "fails on a failure at the threshold",
    [finding("fail", "high")],
    { failOn: "high", unknown: "warn" },
    1,
  ],
  [
    "ignores a failure below the threshold",
    [finding("fail", "medium")],
    { failOn: "high", unknown: "warn" },
    0,
  ],
  [
    "lets unknown through when it warns",
    [finding("unknown", "critical")],
    { failOn: "low", unknown: "warn" },
    0,
  ],
  [
    "lets unknown through when deferred",
    [finding("unknown", "critical")],
    { failOn: "low", unknown: "defer" },
    0,
  ],
  [
    "blocks on unknown when asked",
    [finding("unknown", "high")],
    { failOn: "low", unknown: "block" },
    1,
  ],
];

for (const [name, findings, options, exitCode] of cases) {
  test(`the gate ${name}`, (t) => {
    t.is(decideGate(findings, options).exitCode, exitCode);
  });
}
