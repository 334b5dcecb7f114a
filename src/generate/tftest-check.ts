import { isDeepStrictEqual } from "node:util";
import type { PathStep } from "../catalog/attribute-path.js";
import { fitsOperator } from "../catalog/tftest-spec.js";
import type { TerraformTestCheck, TerraformTestSpec } from "../catalog/types.js";

/**
 * What a resource block of the configuration says at a path: a literal value, nothing (the
 * provider then fills the value in), or an expression whose value Terraform may know only at
 * apply (a reference, a variable, a function call, or a dynamic block on the way).
 */
export type Configured =
  | { state: "literal"; value: unknown }
  | { state: "absent" }
  | { state: "expression"; dynamic: boolean };

/**
 * Reads a path in a resource body as `@cdktn/hcl2json` gives it: blocks are lists of objects,
 * expressions are strings holding `${`. A null literal counts as absent, as the Rego reads it.
 */
export function configuredAt(body: Record<string, unknown>, path: PathStep[]): Configured {
  let current: unknown = body;
  for (const step of path) {
    if (typeof current === "string" && current.includes("${"))
      return { state: "expression", dynamic: false };
    if (typeof step === "number") {
      current = Array.isArray(current) ? current[step] : undefined;
    } else if (isMapping(current)) {
      if (!(step in current) && isMapping(current.dynamic) && step in current.dynamic) {
        return { state: "expression", dynamic: true };
      }
      current = current[step];
    } else {
      current = undefined;
    }
    if (current === undefined || current === null) return { state: "absent" };
  }
  if (isExpression(current)) return { state: "expression", dynamic: false };
  return { state: "literal", value: current };
}

/** How a spec reads one resource body of the configuration. */
export type SpecReading =
  | { state: "out of scope" }
  | { state: "expression"; attribute: string; dynamic: boolean; scope: boolean }
  | { state: "literal" | "absent"; holds: boolean };

/**
 * Reads a resource body for a spec: outside the control when its `when` check fails on the
 * configuration (the Rego gives such a resource no verdict), an expression when the scope or the
 * value is not a literal, else whether the literal, or the default for an absent value, meets
 * the spec.
 */
export function readResource(
  spec: TerraformTestSpec,
  operand: unknown,
  body: Record<string, unknown>,
): SpecReading {
  if (spec.when) {
    const scope = configuredAt(body, spec.when.path);
    if (scope.state === "expression") {
      return {
        state: "expression",
        attribute: spec.when.attribute,
        dynamic: scope.dynamic,
        scope: true,
      };
    }
    const value = scope.state === "literal" ? scope.value : null;
    if (!meets(spec.when, value)) return { state: "out of scope" };
  }
  const found = configuredAt(body, spec.path);
  if (found.state === "expression") {
    return { state: "expression", attribute: spec.attribute, dynamic: found.dynamic, scope: false };
  }
  const value = found.state === "literal" ? found.value : null;
  return { state: found.state, holds: meets(spec, value, operand) };
}

/**
 * Whether a value meets a check, with the semantics of `policies/lib/checks.rego`: null stands
 * for the check's default, values compare by type and content, a single value counts as a list
 * of one for `includes` and `excludes`.
 */
export function meets(check: TerraformTestCheck, value: unknown, operand = check.operand): boolean {
  const v = value ?? check.default;
  const list = Array.isArray(operand) ? operand : [];
  switch (check.operator) {
    case "allowed":
      return list.some((a) => isDeepStrictEqual(a, v));
    case "forbidden":
      return !list.some((f) => isDeepStrictEqual(f, v));
    case "minimum":
      return typeof v === "number" && typeof operand === "number" && v >= operand;
    case "includes":
      return list.every((r) => asList(v).some((x) => isDeepStrictEqual(x, r)));
    case "excludes":
      return !asList(v).some((x) => list.some((f) => isDeepStrictEqual(x, f)));
    case "set":
      return !(v === null || v === "" || isEmptyComposite(v));
  }
}

/**
 * The operand a spec compares with for a threat's use of the control: the parameter the model
 * gives, else the catalog's. A parameter that does not suit the operator gives undefined.
 */
export function specOperand(spec: TerraformTestSpec, params: Record<string, unknown> | undefined) {
  if (spec.param === undefined || params?.[spec.param] === undefined) return spec.operand;
  const given = params[spec.param];
  return fitsOperator(spec.operator, given) ? given : undefined;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === null || value === undefined ? [] : [value];
}

function isEmptyComposite(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isMapping(value) && Object.keys(value).length === 0;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isExpression(value: unknown): boolean {
  return value !== undefined && JSON.stringify(value).includes("${");
}
