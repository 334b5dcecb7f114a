import type { Likelihood, Severity, StrideCategory } from "../types.js";
import type { Assumed, Dropped } from "./types.js";

/** Collects dropped and assumed entries while an importer walks its source. */
export class ImportLog {
  readonly dropped: Dropped[] = [];
  readonly assumed: Assumed[] = [];

  drop(path: string, reason: string): void {
    this.dropped.push({ path, reason });
  }

  assume(path: string, value: string, reason: string): void {
    this.assumed.push({ path, value, reason });
  }
}

/**
 * Gives each source id a native id (letters, digits and . _ : - , at most 64 characters),
 * unique within its kind, and remembers the mapping so references can follow it.
 */
export class IdMap {
  private readonly bySource = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(private readonly fallback: string) {}

  /** The native id for a source id, created on first use. */
  add(sourceId: string, preferred = sourceId): string {
    const existing = this.bySource.get(sourceId);
    if (existing !== undefined) return existing;
    let base = toNativeId(preferred) || `${this.fallback}-${this.used.size + 1}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) {
      base = base.slice(0, 60);
      id = `${base}-${n}`;
    }
    this.used.add(id);
    this.bySource.set(sourceId, id);
    return id;
  }

  get(sourceId: string): string | undefined {
    return this.bySource.get(sourceId);
  }
}

/** Replaces what an id may not hold with `-` and trims to the id rules. */
export function toNativeId(text: string): string {
  return text
    .trim()
    .replace(/[^A-Za-z0-9._:-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}

const STRIDE_WORDS: Record<string, StrideCategory> = {
  spoofing: "spoofing",
  tampering: "tampering",
  repudiation: "repudiation",
  informationdisclosure: "information-disclosure",
  denialofservice: "denial-of-service",
  elevationofprivilege: "elevation-of-privilege",
  elevationofprivileges: "elevation-of-privilege",
  // The CIA triad, which Threat Dragon offers beside STRIDE, has one STRIDE counterpart each.
  confidentiality: "information-disclosure",
  integrity: "tampering",
  availability: "denial-of-service",
};

/** The STRIDE category a free-text category names, if any ("Denial of service", "DoS"…). */
export function strideOf(text: string): StrideCategory | undefined {
  const key = text.toLowerCase().replace(/[^a-z]/g, "");
  if (key === "dos") return "denial-of-service";
  return STRIDE_WORDS[key];
}

/** Maps a severity word of another tool; Threagile's "elevated" sits between medium and high. */
export function severityOf(text: unknown): Severity | undefined {
  if (typeof text !== "string") return undefined;
  const word = text.toLowerCase().trim();
  const table: Record<string, Severity> = {
    critical: "critical",
    "very-high": "critical",
    high: "high",
    elevated: "medium",
    medium: "medium",
    low: "low",
    info: "info",
    informational: "info",
    none: "info",
  };
  return table[word];
}

/** A 0–100 score (OTM's impact) as a severity. */
export function severityFromScore(score: number): Severity {
  if (score >= 90) return "critical";
  if (score >= 70) return "high";
  if (score >= 40) return "medium";
  if (score >= 10) return "low";
  return "info";
}

/** A 0–100 score (OTM's likelihood) as a likelihood. */
export function likelihoodFromScore(score: number): Likelihood {
  if (score >= 67) return "high";
  if (score >= 34) return "medium";
  return "low";
}

/** Narrowing helpers for untyped input. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A map or a list of entries, as [key, entry] pairs; Threagile writes both shapes. */
export function entries(value: unknown): [string, Record<string, unknown>][] {
  if (Array.isArray(value)) {
    return value.flatMap((entry, i) =>
      isRecord(entry) ? [[text(entry.id) ?? String(i), entry] as [string, typeof entry]] : [],
    );
  }
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, entry]) =>
    isRecord(entry) ? [[key, entry] as [string, typeof entry]] : [],
  );
}
