import type { Finding } from "../evaluate/findings.js";
import { SEVERITIES, type Severity } from "../model/types.js";

/** Severities the gate can fail on, most severe first. */
export const FAIL_ON = ["critical", "high", "medium", "low"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What an unknown verdict means to the gate: block like a failure, warn, or wait for state. */
export const UNKNOWN_POLICIES = ["block", "warn", "defer"] as const;
export type UnknownPolicy = (typeof UNKNOWN_POLICIES)[number];

export interface GateOptions {
  failOn: FailOn;
  unknown: UnknownPolicy;
}

/** The gate's decision, with the findings that made it. */
export interface GateResult {
  passed: boolean;
  /** 0 when the gate passed, 1 when it failed. */
  exitCode: 0 | 1;
  failOn: FailOn;
  unknown: UnknownPolicy;
  /** Failures at or above the threshold, and unknowns when they block. */
  blocking: Finding[];
}

/** Exit code 0 passed, 1 the gate failed, 2 usage, input or tool error. */
export const EXIT = { passed: 0, failed: 1, error: 2 } as const;

/**
 * Decides the gate: a failure at or above the severity threshold fails it, and so does an
 * unknown verdict at or above it when unknowns block.
 */
export function decideGate(findings: Finding[], options: GateOptions): GateResult {
  const threshold = SEVERITIES.indexOf(options.failOn);
  const atThreshold = (severity: Severity) => SEVERITIES.indexOf(severity) <= threshold;
  const blocking = findings.filter(
    (f) =>
      atThreshold(f.severity) &&
      (f.status === "fail" || (f.status === "unknown" && options.unknown === "block")),
  );
  const passed = blocking.length === 0;
  return {
    passed,
    exitCode: passed ? EXIT.passed : EXIT.failed,
    failOn: options.failOn,
    unknown: options.unknown,
    blocking,
  };
}
