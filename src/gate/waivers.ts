import type { SourceLocation } from "../errors.js";
import { ThreatloopError } from "../errors.js";
import type { Finding } from "../evaluate/findings.js";
import { readGateFile } from "./data-file.js";
import { globMatches } from "./glob.js";

/** What a waiver matches; every field given must match. */
export interface WaiverMatch {
  control?: string;
  threat?: string;
  /** A resource address or glob, matched against the instance and the configuration address. */
  address?: string;
  /** A module path such as `module.worker`; nested modules and instances are included. */
  module?: string;
}

/** One accepted exception to the gate, kept in the repository with its owner and expiry. */
export interface Waiver {
  id: string;
  match: WaiverMatch;
  owner: string;
  reason: string;
  ticket: string;
  /** The last day (YYYY-MM-DD) on which the waiver holds. */
  expires: string;
  location: SourceLocation;
}

/**
 * Reads a waivers file (schema/waivers.schema.json). Duplicate ids and dates that do not exist
 * are refused with their position.
 */
export async function loadWaivers(file: string): Promise<Waiver[]> {
  const source = await readGateFile(file, "waivers");
  const raw = (source.value as { waivers: Omit<Waiver, "location">[] }).waivers;
  const seen = new Set<string>();
  return raw.map((waiver, index) => {
    const location = source.locate(["waivers", index]);
    if (seen.has(waiver.id)) {
      throw new ThreatloopError("input", `duplicate waiver id "${waiver.id}"`, {
        location: source.locate(["waivers", index, "id"]),
      });
    }
    seen.add(waiver.id);
    if (!isCalendarDate(waiver.expires)) {
      throw new ThreatloopError("input", `waiver ${waiver.id} expires on "${waiver.expires}"`, {
        location: source.locate(["waivers", index, "expires"]),
        hint: "a date that exists, written YYYY-MM-DD",
      });
    }
    return { ...waiver, location };
  });
}

/** A waiver holds through its expiry day; `today` is YYYY-MM-DD. */
export function isExpired(waiver: Pick<Waiver, "expires">, today: string): boolean {
  return waiver.expires < today;
}

/** Whether a waiver covers a finding. */
export function waiverMatches(match: WaiverMatch, finding: Finding): boolean {
  if (match.control !== undefined && match.control !== finding.control) return false;
  if (match.threat !== undefined && match.threat !== finding.threat) return false;
  if (match.address !== undefined && !addressMatches(match.address, finding.address)) return false;
  if (match.module !== undefined && !inModule(match.module, finding.address)) return false;
  return true;
}

function addressMatches(pattern: string, address: string): boolean {
  return globMatches(pattern, address) || globMatches(pattern, withoutKeys(address));
}

function inModule(module: string, address: string): boolean {
  const path = modulePath(address);
  const prefix = `${module}.`;
  return [path, withoutKeys(path)].some((p) => p === module || p.startsWith(prefix));
}

/** The module part of an address: everything before the resource's `type.name`. */
function modulePath(address: string): string {
  const parts = splitAddress(address);
  const last = parts.lastIndexOf("module");
  if (last < 0 || last % 2 !== 0) return "";
  return parts.slice(0, last + 2).join(".");
}

/** `module.a["k"].aws_x.b[0]` becomes `module.a.aws_x.b`. */
function withoutKeys(address: string): string {
  return splitAddress(address)
    .map((part) => part.replace(/\[.*\]$/s, ""))
    .join(".");
}

/** Splits an address at the dots that are outside instance keys. */
function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const char = address[i] as string;
    if (quoted) {
      if (char === "\\") {
        current += char + (address[i + 1] ?? "");
        i++;
        continue;
      }
      if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "[") depth++;
    else if (char === "]") depth--;
    else if (char === "." && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
