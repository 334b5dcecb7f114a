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
 * One root configuration of a case's input, evaluated on its own: its path in the case folder
 * ("" for the folder itself), the resources it defines and the findings on them.
 */
export interface Root {
  path: string;
  addresses: string[];
  findings: Finding[];
}

/** A case whose input is one configuration. */
export function oneRoot(findings: Finding[], addresses: string[] = []): Root[] {
  return [{ path: "", addresses, findings }];
}

/**
 * Compares the control's findings on the case's input with the peer's verdict. A peer fail with
 * addresses needs our fail on each of them; a peer pass needs no fail on the addresses it names
 * (every resource of the input when it names none). An address whose type the control does not
 * judge (a data source, a type the peer rule covers and the control does not) is out of scope.
 *
 * An input of several roots (a folder and sub-folders that Terraform reads as configurations of
 * their own) can define one address in more than one root. An address the peer gives one
 * verdict must get it in every root that defines it. An address the peer both passes and fails,
 * when two or more roots define it, names resources of different roots: see splitRoots.
 */
export function judgeCase(item: ConformanceCase, roots: Root[]): Judgement {
  const own = roots.map((root) => ({
    ...root,
    findings: root.findings.filter((f) => f.control === item.control.id),
  }));
  const all = own.flatMap((root) => root.findings);
  const inScope = item.addresses.filter((a) => judges(item, a) || decided(all, a));
  if (item.addresses.length > 0 && inScope.length === 0) {
    return { outcome: "out-of-scope", ours: "" };
  }
  const verdicts =
    inScope.length > 0
      ? inScope.flatMap((address) => verdictsOn(item, own, address))
      : [["*", combine(all.map((f) => f.status))] as const];
  const ours = verdicts.map(([label, verdict]) => `${label}=${verdict}`).join(" ");
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

/** Our verdict on an address; "none" when no finding is on it. */
export type Verdict = "fail" | "unknown" | "pass" | "none";

/**
 * Our verdicts on an address that count for this case, one per root, labelled with the root's
 * path when it is not the case folder itself (`sub/aws_s3_bucket.a`).
 */
function verdictsOn(item: ConformanceCase, roots: Root[], address: string) {
  const defining = roots.filter((root) => defines(root, address));
  if (defining.length === 0) return [[address, "none"] as const];
  const judged = defining.map((root) => ({ root, verdict: verdictOn(root.findings, address) }));
  const split = item.opposite.includes(address) && judged.length >= 2;
  const counted = split
    ? splitRoots(judged.map((j) => j.verdict))[item.expect].map((i) => judged[i] as Judged)
    : judged;
  return counted.map(({ root, verdict }) => {
    const label = root.path === "" ? address : `${root.path}/${address}`;
    return [label, verdict] as const;
  });
}

type Judged = { root: Root; verdict: Verdict };

/**
 * Shares the roots that define an address between the peer's two verdicts on it, for an address
 * the peer lists as both passing and failing and two or more roots define: each verdict is then
 * about the resources of other roots. Every root goes to one verdict and each verdict gets at
 * least one. Of the ways to share them, the one that meets the most verdicts is taken (on a tie,
 * the first in a fixed order): the fail is met when all of its roots fail, the pass when none of
 * its roots fails or is unknown. Returns the indexes of the roots of each verdict. With a single
 * root there is nothing to share: the address is judged there against both verdicts.
 */
export function splitRoots(verdicts: Verdict[]): Record<"pass" | "fail", number[]> {
  const n = verdicts.length;
  if (n < 2 || n > 16) throw new Error(`splitRoots shares 2 to 16 roots, not ${n}`);
  let best = { met: -1, pass: [] as number[], fail: [] as number[] };
  // A case has a handful of roots, so every share is tried.
  for (let mask = 1; mask < 2 ** n - 1; mask++) {
    const fail = verdicts.map((_, i) => i).filter((i) => (mask >> i) & 1);
    const pass = verdicts.map((_, i) => i).filter((i) => !((mask >> i) & 1));
    const failMet = fail.every((i) => verdicts[i] === "fail");
    const passMet = pass.every((i) => verdicts[i] === "pass" || verdicts[i] === "none");
    const met = Number(failMet) + Number(passMet);
    if (met > best.met) best = { met, pass, fail };
  }
  return { pass: best.pass, fail: best.fail };
}

/** A root defines an address when it has the resource, or a finding that decided it. */
function defines(root: Root, address: string): boolean {
  const same = sameAs(address);
  return root.addresses.some(same) || matching(root.findings, address).length > 0;
}

/**
 * Our verdict on an address: findings on it, and findings that a linked resource at it decided
 * (a bucket judged through its ACL resource, which the peer names instead of the bucket).
 */
function verdictOn(findings: Finding[], address: string): Verdict {
  return combine(matching(findings, address).map((f) => f.status));
}

function matching(findings: Finding[], address: string): Finding[] {
  const same = sameAs(address);
  return findings.filter((f) => same(f.address) || (f.related ? same(f.related) : false));
}

/** An address with an instance key names that instance; one without names every instance. */
function sameAs(address: string): (other: string) => boolean {
  const exact = /\]$/.test(address);
  return (other) => (exact ? other === address : configAddressOf(other) === address);
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
