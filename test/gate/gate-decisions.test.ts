import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { loadBaseline, renderBaseline } from "../../src/gate/baseline.js";
import { loadGateConfig } from "../../src/gate/config.js";
import { fingerprintOf } from "../../src/gate/fingerprint.js";
import { decideGate, type GateOptions } from "../../src/gate/gate.js";
import type { Waiver } from "../../src/gate/waivers.js";
import { temporaryDir } from "../helpers.js";

const finding = (address: string, overrides: Partial<Finding> = {}): Finding => ({
  threat: "TL-001",
  control: "aws.s3.public-access-blocked",
  severity: "high",
  status: "fail",
  address,
  attribute: "x",
  message: "m",
  ...overrides,
});

const waiver = (id: string, expires: string, match: Waiver["match"]): Waiver => ({
  id,
  match,
  owner: "o",
  reason: "r",
  ticket: "T-1",
  expires,
  location: { file: "waivers.yaml", line: 2 },
});

const base: GateOptions = { failOn: "low", unknown: "warn" };
const TODAY = "2026-06-01";

test("a waiver in force turns a failure into a waived finding and the gate passes", (t) => {
  const gate = decideGate([finding("aws_s3_bucket.a")], {
    ...base,
    waivers: { today: TODAY, list: [waiver("W-1", "2026-06-01", { address: "aws_s3_bucket.*" })] },
  });
  t.true(gate.passed);
  t.is(gate.findings[0]?.disposition, "waived");
  t.is(gate.findings[0]?.waiver, "W-1");
  t.deepEqual(gate.unusedWaivers, []);
});

test("an expired waiver fails the gate, names itself and waives nothing", (t) => {
  const gate = decideGate([finding("aws_s3_bucket.a", { severity: "low" })], {
    ...base,
    failOn: "high",
    waivers: { today: TODAY, list: [waiver("W-old", "2026-05-31", { address: "*" })] },
  });
  t.false(gate.passed);
  t.is(gate.exitCode, 1);
  t.deepEqual(
    gate.expiredWaivers.map((w) => w.id),
    ["W-old"],
  );
  t.is(gate.findings[0]?.disposition, "below-threshold");
});

test("a waiver that matches nothing is reported as unused", (t) => {
  const gate = decideGate(
    [finding("aws_s3_bucket.a"), finding("aws_s3_bucket.ok", { status: "pass" })],
    {
      ...base,
      waivers: {
        today: TODAY,
        list: [
          waiver("W-used", "2027-01-01", { address: "aws_s3_bucket.a" }),
          waiver("W-pass", "2027-01-01", { address: "aws_s3_bucket.ok" }),
        ],
      },
    },
  );
  t.deepEqual(
    gate.unusedWaivers.map((w) => w.id),
    ["W-pass"],
  );
});

const enforcement = {
  default: "mandatory" as const,
  threats: { "TL-001": "advisory" as const },
  controls: { "aws.iam.no-wildcard-admin": "mandatory" as const },
};
const enforcementCases: [string, Finding, boolean][] = [
  ["an advisory threat's failure does not block", finding("a"), true],
  [
    "a mandatory control wins over its advisory threat",
    finding("a", { control: "aws.iam.no-wildcard-admin" }),
    false,
  ],
  ["other threats keep the mandatory default", finding("a", { threat: "TL-002" }), false],
];
for (const [name, subject, passed] of enforcementCases) {
  test(`enforcement: ${name}`, (t) => {
    t.is(decideGate([subject], { ...base, enforcement }).passed, passed);
  });
}

const model = {
  threats: new Map([["TL-001", "advisory" as const]]),
  uses: new Map([["TL-001\u0000aws.iam.no-wildcard-admin", "mandatory" as const]]),
};
const precedenceCases: [string, Finding, GateOptions["enforcement"], boolean][] = [
  ["a threat advisory in the model does not block", finding("a"), undefined, true],
  [
    "a control mandatory in the model wins over its advisory threat",
    finding("a", { control: "aws.iam.no-wildcard-admin" }),
    undefined,
    false,
  ],
  [
    "the config file wins over the model",
    finding("a"),
    { default: "mandatory", threats: { "TL-001": "mandatory" }, controls: {} },
    false,
  ],
  [
    "the config's default yields to the model",
    finding("a"),
    { default: "mandatory", threats: {}, controls: {} },
    true,
  ],
];
for (const [name, subject, settings, passed] of precedenceCases) {
  test(`enforcement: ${name}`, (t) => {
    const options = {
      ...base,
      modelEnforcement: model,
      ...(settings ? { enforcement: settings } : {}),
    };
    t.is(decideGate([subject], options).passed, passed);
  });
}

test("with a baseline, known findings pass, new ones block and fixed ones are listed", (t) => {
  const known = finding("aws_s3_bucket.known");
  const fixed = finding("aws_s3_bucket.fixed");
  const baseline = loadBaselineText(
    renderBaseline([known, fixed].map((f) => ({ ...f, fingerprint: fingerprintOf(f) }))),
  );
  const gate = decideGate([known, finding("aws_s3_bucket.new")], { ...base, baseline });
  t.deepEqual(
    gate.findings.map((f) => [f.address, f.disposition, f.new]),
    [
      ["aws_s3_bucket.known", "baselined", false],
      ["aws_s3_bucket.new", "blocking", true],
    ],
  );
  t.deepEqual(
    gate.fixed?.map((e) => e.address),
    ["aws_s3_bucket.fixed"],
  );
});

test("a fingerprint depends on threat, control and address only", (t) => {
  const a = fingerprintOf(finding("x"));
  t.is(fingerprintOf({ ...finding("x"), message: "other", severity: "low" } as Finding), a);
  t.not(fingerprintOf(finding("y")), a);
  t.not(fingerprintOf(finding("x", { threat: "TL-002" })), a);
  t.regex(a, /^[0-9a-f]{32}$/);
});

test("the baseline records failing and unknown findings only, sorted by fingerprint", (t) => {
  const findings = [
    finding("b"),
    finding("a", { status: "unknown" }),
    finding("c", { status: "pass" }),
  ].map((f) => ({ ...f, fingerprint: fingerprintOf(f) }));
  const baseline = JSON.parse(renderBaseline(findings));
  t.is(baseline.schema, "threatloop.baseline/v1");
  t.deepEqual(baseline.findings.map((e: { address: string }) => e.address).sort(), ["a", "b"]);
  const prints = baseline.findings.map((e: { fingerprint: string }) => e.fingerprint);
  t.deepEqual(prints, [...prints].sort());
});

test("refuses a baseline that is not one", (t) => {
  const file = join(temporaryDir(), "baseline.json");
  writeFileSync(file, JSON.stringify({ findings: [] }));
  const error = t.throws(() => loadBaseline(file), { instanceOf: ThreatloopError });
  t.is(
    error?.render(),
    `${file}: not a baseline (expected schema "threatloop.baseline/v1") ` +
      "(hint: write one with --write-baseline)",
  );
});

test("reads the config file, resolving its paths against its folder", async (t) => {
  const dir = temporaryDir();
  writeFileSync(
    join(dir, "threatloop.config.yaml"),
    "version: 1\ngate: { fail_on: high, unknown: block, waivers: sec/waivers.yaml }\n" +
      "enforcement: { threats: { TL-002: advisory } }\n",
  );
  const config = await loadGateConfig(undefined, dir);
  t.is(config.failOn, "high");
  t.is(config.unknown, "block");
  t.is(config.waivers, join(dir, "sec", "waivers.yaml"));
  t.deepEqual(config.enforcement, {
    default: "mandatory",
    threats: { "TL-002": "advisory" },
    controls: {},
  });
});

test("without a config file the gate is all mandatory", async (t) => {
  const config = await loadGateConfig(undefined, temporaryDir());
  t.is(config.file, undefined);
  t.is(config.enforcement.default, "mandatory");
});

test("refuses a config file with an unknown enforcement, naming the position", async (t) => {
  const file = join(temporaryDir(), "c.yaml");
  writeFileSync(file, "version: 1\nenforcement:\n  controls: { a.b: optional }\n");
  const error = await t.throwsAsync(() => loadGateConfig(file, "/"), {
    instanceOf: ThreatloopError,
  });
  t.is(
    error?.render(),
    `${file}:3:20: enforcement.controls.a.b must be equal to one of the allowed values ` +
      "(hint: one of mandatory, advisory)",
  );
});

function loadBaselineText(text: string) {
  const file = join(temporaryDir(), "baseline.json");
  writeFileSync(file, text);
  return loadBaseline(file);
}
