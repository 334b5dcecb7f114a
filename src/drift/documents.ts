import { readFileSync, statSync } from "node:fs";
import { ThreatloopError } from "../errors.js";
import { loadInput } from "../inputs/load.js";
import { locateJsonError } from "../inputs/read.js";
import { convertRawState } from "../inputs/tfstate.js";
import { fromAwsConfig } from "./aws-config.js";
import { identityOf } from "./identity.js";

/** One resource of either side, flattened, with its identity outside Terraform. */
export interface SideResource {
  address: string;
  module: string;
  type: string;
  name: string;
  index: string | number | null;
  values: Record<string, unknown>;
  /** Paths unknown at plan time (after_unknown); empty for state and live data. */
  unknown: Record<string, unknown>;
  /** Paths marked sensitive; their values never leave threatloop. */
  sensitive: Record<string, unknown>;
  identity: string | undefined;
}

export const SIDE_KINDS = [
  "plan",
  "hcl",
  "state",
  "tfstate",
  "live",
  "refresh-plan",
  "aws-config",
] as const;
export type SideKind = (typeof SIDE_KINDS)[number];

/** A desired or deployed side, whatever document it came from. */
export interface SideDocument {
  file: string;
  kind: SideKind;
  resources: SideResource[];
  /** Serial and lineage of a raw state file, which time to detect and time to fix build on. */
  serial?: number;
  lineage?: string;
  collectedAt?: string;
  /** For live exports: the services collected, so absent resources of others are not "missing". */
  services?: string[];
}

/**
 * Reads a side of a drift comparison: plan JSON (its planned values; with `prior`, its prior
 * state), a folder of .tf files (read as the plan that would create it), a refresh-only plan (its
 * refreshed prior state), state JSON, a raw .tfstate (v4), a live export from `threatloop
 * collect`, or AWS Config configuration items.
 */
export async function readSide(
  file: string,
  options: { prior?: boolean } = {},
): Promise<SideDocument> {
  if (isDirectory(file)) {
    const loaded = await loadInput(file);
    return { ...planSide(file, JSON.parse(new TextDecoder().decode(loaded.bytes))), kind: "hcl" };
  }
  const document = parseFile(file);
  if (document.threatloop_live) return liveSide(file, document);
  if (Array.isArray(document.configurationItems)) return fromAwsConfig(file, document);
  if (document.version === 4 && Array.isArray(document.resources)) {
    const side = stateSide(file, convertRawState(document, file) as Json, "tfstate");
    if (typeof document.serial === "number") side.serial = document.serial;
    if (typeof document.lineage === "string") side.lineage = document.lineage;
    return side;
  }
  if (Array.isArray(document.resource_changes) || document.planned_values) {
    const refreshOnly = Array.isArray(document.resource_drift) && !hasChanges(document);
    if (options.prior || refreshOnly) {
      const prior = (document.prior_state ?? {}) as Json;
      return stateSide(file, prior, refreshOnly ? "refresh-plan" : "state");
    }
    return planSide(file, document);
  }
  if (isObject(document.values) || typeof document.format_version === "string") {
    return stateSide(file, document, "state");
  }
  throw new ThreatloopError("input", "not a plan, state, tfstate, live export or AWS Config file", {
    location: { file },
  });
}

type Json = Record<string, unknown>;

function parseFile(file: string): Json {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ThreatloopError(
      "input",
      code === "ENOENT" ? "file not found" : `cannot read (${code})`,
      {
        location: { file },
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw (
      locateJsonError({ file, bytes }) ??
      new ThreatloopError("input", "invalid JSON", { location: { file } })
    );
  }
  return isObject(parsed) ? parsed : {};
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function hasChanges(plan: Json): boolean {
  const changes = (plan.resource_changes ?? []) as { change?: { actions?: string[] } }[];
  return changes.some(
    (rc) => !(rc.change?.actions ?? []).every((a) => a === "no-op" || a === "read"),
  );
}

function planSide(file: string, plan: Json): SideDocument {
  const resources: SideResource[] = [];
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    const change = (rc.change ?? {}) as Json;
    const actions = (change.actions ?? []) as string[];
    if (rc.mode !== "managed" || rc.deposed || actions.join() === "delete") continue;
    resources.push(
      resource({
        address: String(rc.address),
        module: String(rc.module_address ?? ""),
        type: String(rc.type),
        name: String(rc.name),
        index: (rc.index ?? null) as SideResource["index"],
        values: asObject(change.after),
        unknown: asObject(change.after_unknown),
        sensitive: asObject(change.after_sensitive),
      }),
    );
  }
  return { file, kind: "plan", resources };
}

function stateSide(file: string, state: Json, kind: SideKind): SideDocument {
  const resources: SideResource[] = [];
  const visit = (module: Json) => {
    for (const r of (module.resources ?? []) as Json[]) {
      if (r.mode !== "managed") continue;
      resources.push(
        resource({
          address: String(r.address),
          module: String(module.address ?? ""),
          type: String(r.type),
          name: String(r.name),
          index: (r.index ?? null) as SideResource["index"],
          values: asObject(r.values),
          unknown: {},
          sensitive: asObject(r.sensitive_values),
        }),
      );
    }
    for (const child of (module.child_modules ?? []) as Json[]) visit(child);
  };
  visit(asObject(asObject(state.values).root_module));
  return { file, kind, resources };
}

function liveSide(file: string, document: Json): SideDocument {
  const side = stateSide(file, document, "live");
  const meta = asObject(document.threatloop_live);
  return {
    ...side,
    collectedAt: String(meta.collected_at ?? ""),
    services: (meta.services ?? []) as string[],
  };
}

/** Builds a side resource and its identity. */
export function resource(fields: Omit<SideResource, "identity">): SideResource {
  return { ...fields, identity: identityOf(fields.type, fields.values) };
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
