import { isDeepStrictEqual } from "node:util";
import { ThreatloopError } from "../errors.js";
import type { YamlSource } from "../model/yaml-source.js";
import { parseAttributePath } from "./attribute-path.js";
import {
  type ControlParameter,
  TERRAFORM_TEST_OPERATORS,
  type TerraformTestCheck,
  type TerraformTestOperator,
  type TerraformTestSpec,
} from "./types.js";

type Path = (string | number)[];

/** What a spec is checked against: the control it belongs to. */
export interface SpecOwner {
  resource_types: string[];
  params: Record<string, ControlParameter>;
}

const SPEC_KEYS = new Set<string>([
  "attribute",
  "default",
  "param",
  "types",
  "when",
  ...TERRAFORM_TEST_OPERATORS,
]);

/**
 * Reads a control's `tftest`: one spec, or a list of specs for disjoint sets of its resource
 * types. Each names an attribute path, exactly one operator with its operand, and the default the
 * Rego takes for an absent value; `param` lets a control parameter replace the operand, which
 * must then equal the parameter's default, and `when` limits the spec to resources in scope.
 */
export function readTerraformTests(
  raw: unknown,
  owner: SpecOwner,
  source: YamlSource,
  path: Path,
): TerraformTestSpec[] {
  if (raw === undefined || raw === null) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  const specs = entries.map((entry: unknown, i) =>
    readSpec(entry, owner, source, Array.isArray(raw) ? [...path, i] : path),
  );
  const seen = new Set<string>();
  for (const [i, spec] of specs.entries()) {
    for (const type of spec.types) {
      if (seen.has(type)) {
        const at = Array.isArray(raw) ? [...path, i] : path;
        throw invalid(source, at, `tftest covers ${type} twice; give each type one spec`);
      }
      seen.add(type);
    }
  }
  return specs;
}

function readSpec(raw: unknown, owner: SpecOwner, source: YamlSource, path: Path) {
  const entry = asMapping(raw, source, path, "a tftest spec");
  const check = readCheck(entry, source, path);
  const types = entry.types ?? owner.resource_types;
  if (!Array.isArray(types) || types.some((t) => !owner.resource_types.includes(t))) {
    throw invalid(source, [...path, "types"], "tftest types must be resource types of the control");
  }
  const spec: TerraformTestSpec = { ...check, types: types as string[] };
  if (entry.param !== undefined) {
    const param = typeof entry.param === "string" ? owner.params[entry.param] : undefined;
    if (!param || !isDeepStrictEqual(param.default, check.operand)) {
      throw invalid(
        source,
        [...path, "param"],
        "tftest param must name a parameter of the control whose default is the " +
          `${check.operator} value`,
      );
    }
    spec.param = entry.param as string;
  }
  if (entry.when !== undefined) {
    const when = asMapping(entry.when, source, [...path, "when"], "tftest when");
    for (const key of ["param", "types", "when"]) {
      if (key in when) throw invalid(source, [...path, "when", key], `when takes no ${key}`);
    }
    spec.when = readCheck(when, source, [...path, "when"]);
  }
  return spec;
}

function readCheck(entry: Record<string, unknown>, source: YamlSource, path: Path) {
  for (const key of Object.keys(entry)) {
    if (!SPEC_KEYS.has(key)) throw invalid(source, [...path, key], `unknown tftest field "${key}"`);
  }
  const steps = typeof entry.attribute === "string" ? parseAttributePath(entry.attribute) : null;
  if (!steps) {
    throw invalid(
      source,
      [...path, "attribute"],
      'tftest attribute must be a path such as metadata_options[0].http_tokens or tags["env"]',
    );
  }
  const operators = TERRAFORM_TEST_OPERATORS.filter((op) => entry[op] !== undefined);
  const operator = operators[0];
  if (operators.length !== 1 || operator === undefined) {
    throw invalid(
      source,
      path,
      `tftest needs exactly one of ${TERRAFORM_TEST_OPERATORS.join(", ")}`,
    );
  }
  const operand = entry[operator];
  if (!fitsOperator(operator, operand)) {
    throw invalid(
      source,
      [...path, operator],
      `tftest ${operator} must be ${operandShape(operator)}`,
    );
  }
  const check: TerraformTestCheck = {
    attribute: entry.attribute as string,
    path: steps,
    operator,
    operand,
    default: entry.default ?? null,
  };
  return check;
}

const SHAPES: Record<TerraformTestOperator, string> = {
  allowed: "a list",
  forbidden: "a list",
  includes: "a list",
  excludes: "a list",
  minimum: "a number",
  set: "true",
};

/** What an operator compares with, in words: "a list", "a number" or "true". */
export function operandShape(operator: TerraformTestOperator): string {
  return SHAPES[operator];
}

/** Whether an operand (from the catalog, or a parameter from the model) suits the operator. */
export function fitsOperator(operator: TerraformTestOperator, operand: unknown): boolean {
  if (operator === "minimum") return typeof operand === "number" && Number.isFinite(operand);
  if (operator === "set") return operand === true;
  return Array.isArray(operand);
}

function asMapping(raw: unknown, source: YamlSource, path: Path, what: string) {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalid(source, path, `${what} must be a mapping`);
  }
  return raw as Record<string, unknown>;
}

function invalid(source: YamlSource, path: Path, message: string): ThreatloopError {
  return new ThreatloopError("catalog", message, { location: source.locate(path) });
}
