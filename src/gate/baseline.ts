import { readFileSync } from "node:fs";
import { compareText } from "../compare.js";
import { ThreatloopError } from "../errors.js";
import type { Finding } from "../evaluate/findings.js";

/** Version tag of baseline files. */
export const BASELINE_SCHEMA = "threatloop.baseline/v1";

/** One recorded finding: its fingerprint and, for readers of the file, what it stands for. */
export interface BaselineEntry {
  fingerprint: string;
  threat: string;
  control: string;
  address: string;
  status: Finding["status"];
}

/** The findings a team has accepted as the starting point; later runs fail only on new ones. */
export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  findings: BaselineEntry[];
}

/**
 * The baseline of a run: every failing or unknown finding, sorted by fingerprint so the file
 * diffs cleanly. Passing findings are not recorded: they cannot be new failures.
 */
export function renderBaseline(findings: (Finding & { fingerprint: string })[]): string {
  const entries = findings
    .filter((f) => f.status !== "pass")
    .map((f) => ({
      fingerprint: f.fingerprint,
      threat: f.threat,
      control: f.control,
      address: f.address,
      status: f.status,
    }))
    .sort((a, b) => compareText(a.fingerprint, b.fingerprint));
  const unique = entries.filter((e, i) => i === 0 || entries[i - 1]?.fingerprint !== e.fingerprint);
  const baseline: Baseline = { schema: BASELINE_SCHEMA, findings: unique };
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Reads a baseline written by --write-baseline; anything else is refused. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the baseline: file not found", {
      location: { file },
      cause: error,
      hint: "write one with --write-baseline",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ThreatloopError("input", `the baseline is not JSON: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  if (!isBaseline(value)) {
    throw new ThreatloopError("input", `not a baseline (expected schema "${BASELINE_SCHEMA}")`, {
      location: { file },
      hint: "write one with --write-baseline",
    });
  }
  return value;
}

function isBaseline(value: unknown): value is Baseline {
  if (!value || typeof value !== "object") return false;
  const candidate = value as Partial<Baseline>;
  return (
    candidate.schema === BASELINE_SCHEMA &&
    Array.isArray(candidate.findings) &&
    candidate.findings.every(
      (e) =>
        e &&
        typeof e.fingerprint === "string" &&
        typeof e.threat === "string" &&
        typeof e.control === "string" &&
        typeof e.address === "string",
    )
  );
}
