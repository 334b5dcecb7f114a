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
  /** A top-level attribute check `terraform test` can also make (see generate/tftest.ts). */
  tftest?: TerraformTestSpec;
}

/** A peer rule and the control parameters that narrow the control to the rule's scope. */
export interface EquivalentRule {
  id: string;
  /** Empty when the rule judges the whole control with its defaults. */
  params: Record<string, unknown>;
}

/**
 * An attribute whose value must be one of `allowed` (or none of `forbidden`); `default` stands
 * in for null.
 */
export interface TerraformTestSpec {
  attribute: string;
  allowed?: unknown[];
  forbidden?: unknown[];
  default?: unknown;
}

export interface Catalog {
  controls: Map<string, CatalogControl>;
}
