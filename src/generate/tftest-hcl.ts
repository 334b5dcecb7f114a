import type { PathStep } from "../catalog/attribute-path.js";
import type { TerraformTestCheck } from "../catalog/types.js";
import { hclString } from "./escape.js";
import { meets } from "./tftest-check.js";

/** A resource block of the user's configuration, as far as the tests need it. */
export interface ConfigResource {
  type: string;
  name: string;
  body: Record<string, unknown>;
}

/** One `assert` of a run: a check, the operand it compares with, the resources it covers. */
export interface RunAssertion {
  check: TerraformTestCheck;
  operand: unknown;
  resources: ConfigResource[];
}

/**
 * A `run` block with `command = plan` and one `assert` per check, each true when every instance
 * of its resources meets the check (count instances iterated, for_each instances through
 * `values()`).
 */
export function runBlock(name: string, assertions: RunAssertion[], message: string): string {
  const asserts = assertions.map((a) =>
    [
      "  assert {",
      `    condition     = alltrue([for r in ${collection(a.resources)} : ${condition(a)}])`,
      `    error_message = ${hclString(message)}`,
      "  }",
    ].join("\n"),
  );
  return [`run "${name}" {`, "  command = plan", "", asserts.join("\n\n"), "}", ""].join("\n");
}

function collection(resources: ConfigResource[]): string {
  const items = resources.map((r) => {
    const address = `${r.type}.${r.name}`;
    if ("for_each" in r.body) return `values(${address})`;
    if ("count" in r.body) return address;
    return `[${address}]`;
  });
  return items.length === 1 ? (items[0] ?? "") : `concat(${items.join(", ")})`;
}

/**
 * The condition on one instance `r`. `try` turns a missing block on the path into null, and null
 * takes the verdict of the check's default, worked out here so that the HCL never converts the
 * default to the attribute's type.
 */
function condition({ check, operand }: RunAssertion): string {
  const value = `r${hclPath(check.path)}`;
  const absent = meets(check, null, operand) ? "true" : "false";
  return `try(${value}, null) == null ? ${absent} : ${comparison(check, value, operand)}`;
}

function comparison(check: TerraformTestCheck, value: string, operand: unknown): string {
  const literal = hclValue(operand);
  switch (check.operator) {
    case "allowed":
      return `contains(${literal}, ${value})`;
    case "forbidden":
      return `!contains(${literal}, ${value})`;
    case "minimum":
      return `${value} >= ${literal}`;
    case "includes":
      return `alltrue([for v in ${literal} : contains(${value}, v)])`;
    case "excludes":
      return `!anytrue([for v in ${literal} : contains(${value}, v)])`;
    case "set":
      return `length(${value}) > 0`;
  }
}

/** Names as attribute access, indexes as `[n]`, any other key as a quoted index. */
function hclPath(path: PathStep[]): string {
  return path
    .map((step) => {
      if (typeof step === "number") return `[${step}]`;
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(step) ? `.${step}` : `[${hclString(step)}]`;
    })
    .join("");
}

/** A JSON value as an HCL literal; strings and keys through hclString. */
export function hclValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(hclValue).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${hclString(k)} = ${hclValue(v)}`).join(", ")} }`;
}
