import { readFileSync } from "node:fs";
import { ThreatloopError } from "../errors.js";
import { parseYaml } from "../model/yaml-source.js";
import type { SideResource } from "./documents.js";

/** An attribute to leave out of drift, for a reason, until a date. */
export interface IgnoreRule {
  /** Resource type, or "*" for every type. */
  type: string;
  /** Attribute name; a trailing "*" matches every attribute with that prefix. */
  attribute: string;
  /** Optional address prefix, such as module.worker. */
  address?: string;
  reason: string;
  expires: string;
}

/** Reads an ignore file: `ignore: [{type, attribute, address?, reason, expires}]`. */
export function readIgnoreRules(file: string): IgnoreRule[] {
  const source = parseYaml(file, readFileSync(file, "utf8"), "model");
  const list = (source.value as { ignore?: unknown })?.ignore;
  if (!Array.isArray(list)) {
    throw new ThreatloopError("input", "an ignore file needs a list under ignore:", {
      location: source.locate([]),
    });
  }
  return list.map((entry, i) => {
    const rule = entry as Partial<IgnoreRule>;
    for (const field of ["type", "attribute", "reason", "expires"] as const) {
      if (typeof rule[field] !== "string" || rule[field] === "") {
        throw new ThreatloopError("input", `ignore rule needs "${field}"`, {
          location: source.locate(["ignore", i]),
          hint: "every rule says what, why and until when (expires: YYYY-MM-DD)",
        });
      }
    }
    return rule as IgnoreRule;
  });
}

/** Splits rules into those in force on a date and those expired. */
export function rulesInForce(rules: IgnoreRule[], today: string) {
  return {
    active: rules.filter((r) => r.expires >= today),
    expired: rules.filter((r) => r.expires < today),
  };
}

export function matchesIgnore(
  rule: IgnoreRule,
  resource: SideResource,
  attribute: string,
): boolean {
  if (rule.type !== "*" && rule.type !== resource.type) return false;
  if (rule.address && !resource.address.startsWith(rule.address)) return false;
  if (rule.attribute.endsWith("*")) return attribute.startsWith(rule.attribute.slice(0, -1));
  return rule.attribute === attribute;
}
