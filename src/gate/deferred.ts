import { existsSync, readFileSync } from "node:fs";
import { compareText } from "../compare.js";
import { ThreatloopError } from "../errors.js";
import type { BaselineEntry } from "./baseline.js";
import type { GatedFinding } from "./gate.js";

/** Version tag of deferral files. */
export const DEFERRED_SCHEMA = "threatloop.deferred/v1";

/**
 * Verdicts unknown at plan time that `--unknown defer` let through, waiting for a state to tell
 * whether they pass. Each entry says when and from which input it was deferred.
 */
export interface DeferredFile {
  schema: typeof DEFERRED_SCHEMA;
  deferred: (BaselineEntry & { since: string; input: string })[];
}

/** What a run did to the deferrals: still waiting, and those the run's input decided. */
export interface DeferralOutcome {
  file: DeferredFile;
  resolved: { entry: DeferredFile["deferred"][number]; status: "pass" | "fail" }[];
}

/** Reads a deferral file; a missing file is an empty one (the first deferring run creates it). */
export function loadDeferred(file: string): DeferredFile {
  if (!existsSync(file)) return { schema: DEFERRED_SCHEMA, deferred: [] };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ThreatloopError("input", "the deferral file is not JSON", {
      location: { file },
      cause: error,
    });
  }
  const candidate = value as Partial<DeferredFile>;
  if (candidate?.schema !== DEFERRED_SCHEMA || !Array.isArray(candidate.deferred)) {
    throw new ThreatloopError(
      "input",
      `not a deferral file (expected schema "${DEFERRED_SCHEMA}")`,
      {
        location: { file },
        hint: "threatloop writes it with --deferred; delete it to start again",
      },
    );
  }
  return candidate as DeferredFile;
}

/**
 * Carries deferrals forward: a deferred verdict this run decides (pass or fail, typically when
 * evaluating state after apply) leaves the file and is reported; one still unknown, or whose
 * resource this input does not hold, stays; this run's own deferred verdicts are added.
 */
export function updateDeferred(
  previous: DeferredFile,
  findings: GatedFinding[],
  context: { now: string; input: string },
): DeferralOutcome {
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  const kept: DeferredFile["deferred"] = [];
  const resolved: DeferralOutcome["resolved"] = [];
  for (const entry of previous.deferred) {
    const now = byFingerprint.get(entry.fingerprint);
    if (now?.status === "pass" || now?.status === "fail")
      resolved.push({ entry, status: now.status });
    else kept.push(entry);
  }
  const known = new Set(kept.map((e) => e.fingerprint));
  for (const f of findings) {
    if (f.disposition !== "deferred" || known.has(f.fingerprint)) continue;
    kept.push({
      fingerprint: f.fingerprint,
      threat: f.threat,
      control: f.control,
      address: f.address,
      status: f.status,
      since: context.now,
      input: context.input,
    });
  }
  kept.sort((a, b) => compareText(a.fingerprint, b.fingerprint));
  return { file: { schema: DEFERRED_SCHEMA, deferred: kept }, resolved };
}
