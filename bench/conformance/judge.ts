import type { Finding } from "../../src/evaluate/findings.js";
import { configAddressOf } from "../../src/inputs/address.js";
import type { ConformanceCase } from "./corpus.js";

/** How our verdicts on a case compare with the peer's. */
export const OUTCOMES = [
  "agree",
  "disagree",
  "explained",
  "unknown",
  "out-of-scope",
  "unreadable",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcome of one case and what we said, for the report. */
export interface Judgement {
  outcome: Outcome;
  /** Our verdict per judged address, such as `aws_s3_bucket.a=pass`. */
  ours: string;
}

/**
 * Compares the control's findings on the case's input with the peer's verdict. A peer fail with
 * addresses needs our fail on each of them; a peer pass needs no fail on the addresses it names
 * (every resource of the file when it names none). An address whose type the control does not
 * judge (a data source, a type the peer rule covers and the control does not) is out of scope.
 */
export function judgeCase(item: ConformanceCase, findings: Finding[]): Judgement {
  const own = findings.filter((f) => f.control === item.control.id);
  const inScope = item.addresses.filter((a) => judges(item, a) || decided(own, a));
  if (item.addresses.length > 0 && inScope.length === 0) {
    return { outcome: "out-of-scope", ours: "" };
  }
  const verdicts =
    inScope.length > 0
      ? inScope.map((address) => [address, verdictOn(own, address)] as const)
      : [["*", combine(own.map((f) => f.status))] as const];
  const ours = verdicts.map(([address, verdict]) => `${address}=${verdict}`).join(" ");
  const values = verdicts.map(([, verdict]) => verdict);
  if (item.expect === "fail") {
    if (values.every((v) => v === "fail")) return { outcome: "agree", ours };
    if (values.some((v) => v === "pass" || v === "none")) return { outcome: "disagree", ours };
    return { outcome: "unknown", ours };
  }
  if (values.some((v) => v === "fail")) return { outcome: "disagree", ours };
  if (values.some((v) => v === "unknown")) return { outcome: "unknown", ours };
  return { outcome: "agree", ours };
}

type Verdict = "fail" | "unknown" | "pass" | "none";

/**
 * Our verdict on an address: findings on it, and findings that a linked resource at it decided
 * (a bucket judged through its ACL resource, which the peer names instead of the bucket).
 */
function verdictOn(findings: Finding[], address: string): Verdict {
  const exact = /\]$/.test(address);
  const same = (other: string) => (exact ? other === address : configAddressOf(other) === address);
  const matching = findings.filter((f) => same(f.address) || (f.related ? same(f.related) : false));
  return combine(matching.map((f) => f.status));
}

/** The worst verdict wins: one failing instance fails the block. */
function combine(statuses: string[]): Verdict {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("unknown")) return "unknown";
  return statuses.length > 0 ? "pass" : "none";
}

/** A linked resource outside the control's types is in scope when it decided a verdict. */
function decided(findings: Finding[], address: string): boolean {
  return findings.some((f) => f.related && configAddressOf(f.related) === configAddressOf(address));
}

function judges(item: ConformanceCase, address: string): boolean {
  const parts = configAddressOf(address).split(".");
  if (parts.includes("data")) return false;
  const type = parts[parts.length - 2] ?? "";
  return item.control.resource_types.includes(type);
}
