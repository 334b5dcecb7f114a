import type { Finding } from "../evaluate/findings.js";
import { SEVERITIES, type Severity } from "../model/types.js";
import type { Baseline, BaselineEntry } from "./baseline.js";
import { type EnforcementSettings, enforcementOf, type ModelEnforcement } from "./config.js";
import { fingerprintOf } from "./fingerprint.js";
import { isExpired, type Waiver, waiverMatches } from "./waivers.js";

/** Severities the gate can fail on, most severe first. */
export const FAIL_ON = ["critical", "high", "medium", "low"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What an unknown verdict means to the gate: block like a failure, warn, or wait for state. */
export const UNKNOWN_POLICIES = ["block", "warn", "defer"] as const;
export type UnknownPolicy = (typeof UNKNOWN_POLICIES)[number];

/**
 * What the gate made of one finding, in the order it decides: a pass; waived by a waiver in
 * force; known from the baseline; advisory; below the severity threshold; an unknown that only
 * warns; or blocking.
 */
export const DISPOSITIONS = [
  "passed",
  "waived",
  "baselined",
  "advisory",
  "below-threshold",
  "tolerated",
  "deferred",
  "blocking",
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** What the gate is told: thresholds, and the waivers, baseline and enforcement to apply. */
export interface GateOptions {
  failOn: FailOn;
  unknown: UnknownPolicy;
  /** Waivers with the day they are checked against (YYYY-MM-DD; the CLI passes the clock's). */
  waivers?: { list: Waiver[]; today: string };
  baseline?: Baseline;
  enforcement?: EnforcementSettings;
  /** Enforcement set in the model; the config's settings win over it. */
  modelEnforcement?: ModelEnforcement;
}

/** A finding with its fingerprint and what the gate made of it. */
export interface GatedFinding extends Finding {
  fingerprint: string;
  disposition: Disposition;
  /** The id of the waiver that covers the finding. */
  waiver: string | null;
  /** Whether the finding is absent from the baseline; null when no baseline was given. */
  new: boolean | null;
}

/** The gate's decision, with the findings that made it. */
export interface GateResult {
  passed: boolean;
  /** 0 when the gate passed, 1 when it failed. */
  exitCode: 0 | 1;
  failOn: FailOn;
  unknown: UnknownPolicy;
  /** Every finding with its disposition, in the order given. */
  findings: GatedFinding[];
  /** Failures at or above the threshold, and unknowns when they block. */
  blocking: GatedFinding[];
  /** Waivers past their expiry date; each one fails the gate. */
  expiredWaivers: Waiver[];
  /** Waivers in force that cover no failing or unknown finding. */
  unusedWaivers: Waiver[];
  /** Baseline entries no longer failing or unknown; null when no baseline was given. */
  fixed: BaselineEntry[] | null;
}

const NO_SETTINGS: EnforcementSettings = { default: "mandatory", threats: {}, controls: {} };

/** Exit code 0 passed, 1 the gate failed, 2 usage, input or tool error. */
export const EXIT = { passed: 0, failed: 1, error: 2 } as const;

/**
 * Decides the gate: a mandatory failure at or above the severity threshold that no waiver in
 * force covers and the baseline does not know fails it, and so does such an unknown verdict when
 * unknowns block. An expired waiver fails the gate whatever it matches.
 */
export function decideGate(findings: Finding[], options: GateOptions): GateResult {
  const { list: waivers, today } = options.waivers ?? { list: [], today: "" };
  const active = waivers.filter((w) => !isExpired(w, today));
  const expiredWaivers = waivers.filter((w) => isExpired(w, today));
  const known = new Set(options.baseline?.findings.map((e) => e.fingerprint));
  const used = new Set<string>();

  const gated = findings.map((finding): GatedFinding => {
    const fingerprint = fingerprintOf(finding);
    const waiver =
      finding.status === "pass" ? undefined : active.find((w) => waiverMatches(w.match, finding));
    if (waiver) used.add(waiver.id);
    // Object.assign rather than a spread: V8 gives a spread copy of a parsed object a dictionary
    // of properties, about seven times the memory, and a large plan has tens of thousands.
    return Object.assign({}, finding, {
      fingerprint,
      disposition: dispositionOf(finding, options, Boolean(waiver), known.has(fingerprint)),
      waiver: waiver?.id ?? null,
      new: options.baseline && finding.status !== "pass" ? !known.has(fingerprint) : null,
    });
  });

  const blocking = gated.filter((f) => f.disposition === "blocking");
  const current = new Set(gated.filter((f) => f.status !== "pass").map((f) => f.fingerprint));
  const passed = blocking.length === 0 && expiredWaivers.length === 0;
  return {
    passed,
    exitCode: passed ? EXIT.passed : EXIT.failed,
    failOn: options.failOn,
    unknown: options.unknown,
    findings: gated,
    blocking,
    expiredWaivers,
    unusedWaivers: active.filter((w) => !used.has(w.id)),
    fixed: options.baseline
      ? options.baseline.findings.filter((e) => !current.has(e.fingerprint))
      : null,
  };
}

function dispositionOf(
  finding: Finding,
  options: GateOptions,
  waived: boolean,
  baselined: boolean,
): Disposition {
  if (finding.status === "pass") return "passed";
  if (waived) return "waived";
  if (baselined) return "baselined";
  const settings = options.enforcement ?? NO_SETTINGS;
  if (enforcementOf(settings, finding, options.modelEnforcement) === "advisory") return "advisory";
  if (!atThreshold(finding.severity, options.failOn)) return "below-threshold";
  if (finding.status === "unknown" && options.unknown === "defer") return "deferred";
  if (finding.status === "unknown" && options.unknown === "warn") return "tolerated";
  return "blocking";
}

function atThreshold(severity: Severity, failOn: FailOn): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}
