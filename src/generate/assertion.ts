import type { Assertion, ControlUse } from "../model/types.js";

/**
 * The data form of an inline assertion that policies/lib/assert.rego interprets. Generated
 * modules carry it as a Rego term built by regoTerm, so model text reaches Rego only as data.
 */
export interface AssertionSpec {
  type: string;
  relation: "self" | "references" | "referenced-by";
  via: string;
  require: "all" | "any" | "none";
  conditions: { path: (string | number)[]; text: string; op: string; value: unknown }[];
}

/** An assertion with its defaults filled in and each dotted path split into its steps. */
export function assertionSpec(assertion: Assertion): AssertionSpec {
  return {
    type: assertion.resource_type,
    relation: assertion.relation ?? "self",
    via: assertion.via ?? "",
    require: assertion.require ?? "all",
    conditions: (assertion.conditions ?? []).map((c) => ({
      path: pathSteps(c.path),
      text: c.path,
      op: c.op,
      value: c.value ?? null,
    })),
  };
}

/** `rule.0.status` as `["rule", 0, "status"]`: digits index lists. */
export function pathSteps(path: string): (string | number)[] {
  return path.split(".").map((step) => (/^[0-9]+$/.test(step) ? Number(step) : step));
}

/** The title reports show for an assertion: its own, or what it requires in words. */
export function assertionTitle(use: ControlUse): string {
  return use.title ?? `inline assertion ${use.id ?? ""} on ${use.assert?.resource_type ?? ""}`;
}

/** What to change when the assertion fails, said from its spec, for reports' fix lines. */
export function assertionRemediation(spec: AssertionSpec): string {
  const which =
    spec.relation === "self"
      ? `the components' ${spec.type} resources`
      : spec.relation === "references"
        ? `the ${spec.type} resources whose ${spec.via} refers to the components' resources`
        : `the ${spec.type} resources the components' ${spec.via} refers to`;
  if (spec.require === "none") return `Remove ${which}; the model asserts that none exists.`;
  const conditions = spec.conditions.map((c) => {
    const operand = c.op === "exists" || c.op === "absent" ? "" : ` ${JSON.stringify(c.value)}`;
    return `${c.text} ${c.op}${operand}`;
  });
  const need = spec.require === "all" ? "every one of" : "at least one of";
  if (conditions.length === 0) return `Add ${which}; the model asserts that one exists.`;
  return `Make ${need} ${which} meet: ${conditions.join("; ")}.`;
}
