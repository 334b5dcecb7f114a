import { canonicalValue } from "./canonical.js";
import type { SideResource } from "./documents.js";
import { type IgnoreRule, matchesIgnore } from "./ignore.js";

/** Attributes every AWS resource computes for itself; a difference in them is never drift. */
const COMPUTED = new Set([
  "id",
  "arn",
  "owner_id",
  "tags_all",
  "unique_id",
  "create_date",
  "url",
  "key_id",
  "name_prefix",
  "timeouts",
  "region",
]);

/** One attribute that differs, its values redacted when either side marks it sensitive. */
export interface AttributeDiff {
  attribute: string;
  desired: unknown;
  deployed: unknown;
}

export interface CompareResult {
  diffs: AttributeDiff[];
  ignored: { attribute: string; reason: string }[];
}

/**
 * Compares two matched resources attribute by attribute. Only attributes the deployed side
 * describes are compared when it is a live export (collectors read a subset); attributes unknown
 * at plan time and computed ones are skipped; empty values (null, "", [], {}) are alike; lists
 * compare without order; JSON policies compare in canonical form.
 */
export function compareResources(
  desired: SideResource,
  deployed: SideResource,
  options: { partialDeployed: boolean; rules: IgnoreRule[] },
): CompareResult {
  const keys = new Set(Object.keys(deployed.values));
  if (!options.partialDeployed) for (const key of Object.keys(desired.values)) keys.add(key);
  const diffs: AttributeDiff[] = [];
  const ignored: CompareResult["ignored"] = [];
  for (const key of [...keys].sort()) {
    if (COMPUTED.has(key) || desired.unknown[key] !== undefined) continue;
    const a = normalise(desired.values[key]);
    const b = normalise(deployed.values[key]);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const rule = options.rules.find((r) => matchesIgnore(r, desired, key));
    if (rule) {
      ignored.push({ attribute: key, reason: rule.reason });
      continue;
    }
    const secret = Boolean(desired.sensitive[key] || deployed.sensitive[key]);
    diffs.push({
      attribute: key,
      desired: secret ? "(sensitive)" : desired.values[key],
      deployed: secret ? "(sensitive)" : deployed.values[key],
    });
  }
  return { diffs, ignored };
}

function normalise(value: unknown): unknown {
  const canonical = canonicalValue(value);
  return unordered(canonical);
}

function unordered(value: unknown): unknown {
  if (isEmpty(value)) return null;
  if (Array.isArray(value)) {
    return value
      .map(unordered)
      .map((v) => JSON.stringify(v))
      .sort()
      .map((v) => JSON.parse(v));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => [k, unordered(v)])
        .filter(([, v]) => v !== null),
    );
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}
