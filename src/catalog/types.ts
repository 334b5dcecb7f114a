import type { Layer, Severity, StrideCategory } from "../model/types.js";

/** A parameter a control accepts, with the value used when the model gives none. */
export interface ControlParameter {
  description: string;
  default: unknown;
}

/** One control of the catalog: what it checks, how, and what it corresponds to elsewhere. */
export interface CatalogControl {
  id: string;
  title: string;
  description: string;
  layer: Layer;
  stride: StrideCategory[];
  severity: Severity;
  provider: string;
  service: string;
  resource_types: string[];
  /** The Rego package holding the check, and the function in it: `f(resource, params)`. */
  rego: { package: string; function: string; file: string };
  params: Record<string, ControlParameter>;
  remediation: string;
  references: Record<string, string[]>;
  /**
   * Peer rules (per tool) that judge this control's property exactly, or exactly the part of it
   * that their params select; conformance counts them.
   */
  equivalents: Record<string, EquivalentRule[]>;
  /**
   * Peer rules (per tool) that judge a nearby but different property: stricter, looser or one part
   * of it. Listed for users; conformance does not count their verdicts.
   */
  related: Record<string, string[]>;
  examples: { good: string[]; bad: string[] };
  /**
   * Checks `terraform test` can make at plan time (see generate/tftest.ts), one per resource type
   * at most; empty when the verdict is beyond one setting of the resource itself.
   */
  tftest: TerraformTestSpec[];
  /** Why the control, or those of its types no `tftest` spec covers, is judged by Rego only. */
  rego_only?: string;
}

/** A peer rule and the control parameters that narrow the control to the rule's scope. */
export interface EquivalentRule {
  id: string;
  /** Empty when the rule judges the whole control with its defaults. */
  params: Record<string, unknown>;
}

/** The comparisons a plan-time check makes, named as in the catalog's YAML. */
export const TERRAFORM_TEST_OPERATORS = [
  "allowed",
  "forbidden",
  "minimum",
  "includes",
  "excludes",
  "set",
] as const;
export type TerraformTestOperator = (typeof TERRAFORM_TEST_OPERATORS)[number];

/**
 * One setting compared with what the control accepts: `allowed` (one of), `forbidden` (none of),
 * `minimum` (a number at least), `includes` (a list holding every value), `excludes` (a list
 * holding none), `set` (not null or empty). `default` stands in for a value the configuration
 * leaves out, as the Rego's absent value does.
 */
export interface TerraformTestCheck {
  /** The path as written: names, `[n]` into blocks and lists, `["key"]` into maps. */
  attribute: string;
  path: (string | number)[];
  operator: TerraformTestOperator;
  /** A list for allowed, forbidden, includes and excludes; a number for minimum; true for set. */
  operand: unknown;
  default: unknown;
}

/** A check on the resources of some of a control's types, with what it takes from the model. */
export interface TerraformTestSpec extends TerraformTestCheck {
  types: string[];
  /** The control parameter whose value, when the model gives one, replaces the operand. */
  param?: string;
  /** Resources whose configuration fails this check are outside the control's scope. */
  when?: TerraformTestCheck;
}

export interface Catalog {
  controls: Map<string, CatalogControl>;
}
