import type { Evaluator } from "../evaluate/evaluate.js";
import type { Finding } from "../evaluate/findings.js";
import type { Manifest } from "../generate/manifest.js";
import type { InputDocument } from "../inputs/read.js";
import { type AttributeDiff, compareResources } from "./compare.js";
import type { SideDocument, SideResource } from "./documents.js";
import { SERVICE_OF_TYPE, TOP_LEVEL_TYPES } from "./identity.js";
import type { IgnoreRule } from "./ignore.js";
import { toStateDocument } from "./state-document.js";

export interface DriftOptions {
  evaluator: Evaluator;
  manifest: Manifest;
  rules: IgnoreRule[];
  expiredRules: IgnoreRule[];
  /** When this comparison ran (ISO); the first-seen time of what it finds. */
  now: string;
  /** The desired document as given, evaluated unchanged when it is plan or state JSON. */
  desiredInput?: InputDocument;
  /** When an earlier run first saw the same regression; run history answers it. */
  firstSeen?: (change: Pick<Finding, "threat" | "control" | "address">) => string | undefined;
}

/** A control that passed where Terraform declares the resource and fails where it is deployed. */
export interface SecurityChange {
  threat: string;
  threat_title: string;
  control: string;
  severity: Finding["severity"];
  address: string;
  identity: string | null;
  desired: Finding["status"];
  deployed: Finding["status"];
  message: string;
  first_seen: string;
}

export interface DriftReport {
  schema: "threatloop.drift-report/v1";
  desired: { file: string; kind: string; serial: number | null; lineage: string | null };
  deployed: { file: string; kind: string; collected_at: string | null };
  regressions: SecurityChange[];
  fixed: SecurityChange[];
  drift: {
    address: string;
    identity: string | null;
    security: boolean;
    attributes: AttributeDiff[];
  }[];
  unmanaged: { address: string; type: string; identity: string | null }[];
  missing: { address: string; type: string; identity: string | null }[];
  ignored: { address: string; attribute: string; reason: string }[];
  expired_ignores: IgnoreRule[];
}

/**
 * Compares a desired side with a deployed one: matches resources by address where both are
 * Terraform and by identity otherwise, lists attribute drift without noise, and evaluates the
 * compiled policies on both sides to find security regressions and fixes made outside Terraform.
 */
export function detectDrift(
  desired: SideDocument,
  deployed: SideDocument,
  options: DriftOptions,
): DriftReport {
  const matches = matchResources(desired, deployed);
  const matchedDeployed = new Set(matches.map((m) => m.deployed));
  const partial = deployed.kind === "live" || deployed.kind === "aws-config";

  const drift: DriftReport["drift"] = [];
  const ignored: DriftReport["ignored"] = [];
  for (const { desired: d, deployed: l } of matches) {
    const result = compareResources(d, l, { partialDeployed: partial, rules: options.rules });
    for (const i of result.ignored) ignored.push({ address: d.address, ...i });
    if (result.diffs.length > 0) {
      drift.push({
        address: d.address,
        identity: d.identity ?? null,
        security: false,
        attributes: result.diffs,
      });
    }
  }

  const missing = desired.resources
    .filter((d) => !matches.some((m) => m.desired === d) && couldBeSeen(d, deployed))
    .map((d) => ({ address: d.address, type: d.type, identity: d.identity ?? null }));
  const unmanaged = deployed.resources
    .filter((l) => !matchedDeployed.has(l) && TOP_LEVEL_TYPES.has(l.type) && !isAwsDefault(l))
    .map((l) => ({ address: l.address, type: l.type, identity: l.identity ?? null }));

  const renamed = deployed.resources.map((l) => {
    const match = matches.find((m) => m.deployed === l);
    return match
      ? {
          ...l,
          address: match.desired.address,
          module: match.desired.module,
          name: match.desired.name,
          index: match.desired.index,
        }
      : l;
  });
  const desiredBytes = options.desiredInput ?? {
    file: desired.file,
    bytes: toStateDocument(desired.resources),
  };
  const before = options.evaluator.evaluate(desiredBytes).findings;
  const after = options.evaluator.evaluate({
    file: deployed.file,
    bytes: toStateDocument(renamed),
  }).findings;
  const { regressions, fixed } = classify(before, after, options, desired);
  const flagged = new Set(regressions.concat(fixed).map((c) => c.address));
  for (const entry of drift) entry.security = flagged.has(entry.address);
  drift.sort((a, b) => Number(b.security) - Number(a.security) || compare(a.address, b.address));

  return {
    schema: "threatloop.drift-report/v1",
    desired: {
      file: desired.file,
      kind: desired.kind,
      serial: desired.serial ?? null,
      lineage: desired.lineage ?? null,
    },
    deployed: {
      file: deployed.file,
      kind: deployed.kind,
      collected_at: deployed.collectedAt ?? null,
    },
    regressions,
    fixed,
    drift,
    unmanaged,
    missing,
    ignored,
    expired_ignores: options.expiredRules,
  };
}

interface Match {
  desired: SideResource;
  deployed: SideResource;
}

function matchResources(desired: SideDocument, deployed: SideDocument): Match[] {
  const bothTerraform = deployed.kind !== "live" && deployed.kind !== "aws-config";
  const byAddress = new Map(deployed.resources.map((r) => [r.address, r]));
  const byIdentity = new Map(
    deployed.resources.filter((r) => r.identity).map((r) => [r.identity as string, r]),
  );
  const matches: Match[] = [];
  for (const d of desired.resources) {
    const found =
      (bothTerraform ? byAddress.get(d.address) : undefined) ??
      (d.identity ? byIdentity.get(d.identity) : undefined);
    if (found) matches.push({ desired: d, deployed: found });
  }
  return matches;
}

function classify(
  before: Finding[],
  after: Finding[],
  options: DriftOptions,
  desired: SideDocument,
) {
  const key = (f: Finding) => `${f.threat}\u0000${f.control}\u0000${f.address}`;
  const then = new Map(before.map((f) => [key(f), f]));
  const identities = new Map(desired.resources.map((r) => [r.address, r.identity ?? null]));
  const titles = new Map(options.manifest.threats.map((t) => [t.id, t.title]));
  const change = (was: Finding, now: Finding, seen = options.now): SecurityChange => ({
    threat: now.threat,
    threat_title: titles.get(now.threat) ?? now.threat,
    control: now.control,
    severity: now.severity,
    address: now.address,
    identity: identities.get(now.address) ?? null,
    desired: was.status,
    deployed: now.status,
    message: now.message,
    first_seen: seen,
  });
  const regressions: SecurityChange[] = [];
  const fixed: SecurityChange[] = [];
  for (const now of after) {
    const was = then.get(key(now));
    if (!was) continue;
    if (was.status === "pass" && now.status === "fail")
      regressions.push(change(was, now, options.firstSeen?.(now) ?? options.now));
    if (was.status === "fail" && now.status === "pass") fixed.push(change(was, now));
  }
  const order = (a: SecurityChange, b: SecurityChange) =>
    compare(a.threat, b.threat) || compare(a.address, b.address);
  return { regressions: regressions.sort(order), fixed: fixed.sort(order) };
}

/**
 * Whether the deployed side would show the resource if it existed: always for Terraform state;
 * for a live export, top-level types of the services it collected; for AWS Config, the types it
 * records.
 */
function couldBeSeen(resource: SideResource, deployed: SideDocument): boolean {
  if (deployed.kind === "live") {
    const service = SERVICE_OF_TYPE[resource.type];
    return service !== undefined && (deployed.services ?? []).includes(service);
  }
  if (deployed.kind === "aws-config") return AWS_CONFIG_TYPES.has(resource.type);
  return true;
}

const AWS_CONFIG_TYPES = new Set(["aws_s3_bucket", "aws_security_group", "aws_iam_role"]);

/** Objects AWS creates in every account, such as each VPC's default security group. */
function isAwsDefault(resource: SideResource): boolean {
  return resource.type === "aws_security_group" && resource.values.name === "default";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
