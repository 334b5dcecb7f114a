/** The layers a threat or component belongs to. */
export const LAYERS = ["iaas", "paas", "saas"] as const;
export type Layer = (typeof LAYERS)[number];

/** STRIDE categories, spelled as the model writes them. */
export const STRIDE = [
  "spoofing",
  "tampering",
  "repudiation",
  "information-disclosure",
  "denial-of-service",
  "elevation-of-privilege",
] as const;
export type StrideCategory = (typeof STRIDE)[number];

/** Severities, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LIKELIHOODS = ["high", "medium", "low"] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

/** What the model's authors declare about a control, kept apart from what threatloop observes. */
export const DECLARED_STATUSES = ["implemented", "planned", "risk-accepted"] as const;
export type DeclaredStatus = (typeof DECLARED_STATUSES)[number];

/** Which Terraform resources implement a component. */
export interface TerraformBinding {
  types?: string[];
  /** Address globs: `*` matches any run of characters, dots and brackets included. */
  addresses?: string[];
  tags?: Record<string, string>;
}

/** Whether a threat's or control's failures can fail the gate. */
export const ENFORCEMENTS = ["mandatory", "advisory"] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

export interface Component {
  id: string;
  name: string;
  layer: Layer;
  kind: string;
  description?: string;
  classification?: string;
  trust_zone?: string;
  terraform?: TerraformBinding;
}

export interface DataFlow {
  id?: string;
  name?: string;
  description?: string;
  from: string;
  to: string;
  protocol?: string;
  authenticated?: boolean;
  encrypted?: boolean;
}

/** How an inline assertion's resources relate to the threat's components. */
export const RELATIONS = ["self", "references", "referenced-by"] as const;
export type Relation = (typeof RELATIONS)[number];

/** Condition operators of inline assertions. */
export const CONDITION_OPS = [
  "equals",
  "not-equals",
  "in",
  "not-in",
  "exists",
  "absent",
  "gte",
  "lte",
  "matches",
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** One attribute test: `path` is dotted, numbers index lists. */
export interface Condition {
  path: string;
  op: ConditionOp;
  value?: unknown;
}

/** A check the catalog lacks, written in the model (schema and validation only so far). */
export interface Assertion {
  resource_type: string;
  relation?: Relation;
  via?: string;
  require?: "all" | "any" | "none";
  conditions?: Condition[];
}

/** What threatloop last observed about a control; written by threatloop, never by hand. */
export interface ObservedStatus {
  status: "pass" | "fail" | "unknown" | "never-evaluated";
  last_seen?: string;
  evidence?: string;
  findings?: { pass?: number; fail?: number; unknown?: number };
}

/** A control of a threat: a catalog control by id, or an inline assertion. */
export interface ControlUse {
  control?: string;
  assert?: Assertion;
  id?: string;
  title?: string;
  params?: Record<string, unknown>;
  status?: DeclaredStatus;
  justification?: string;
  expires?: string;
  observed?: ObservedStatus;
  /** Advisory failures are reported but never fail the gate; a control's wins over its threat's. */
  enforcement?: Enforcement;
}

export interface Threat {
  id: string;
  title: string;
  description?: string;
  stride: StrideCategory[];
  layer: Layer;
  components: string[];
  severity: Severity;
  likelihood?: Likelihood;
  owner?: string;
  controls: ControlUse[];
  enforcement?: Enforcement;
}

/** A zone of trust that components sit in. */
export interface TrustZone {
  id: string;
  name: string;
  description?: string;
  exposure?: "internet" | "partner" | "private";
}

/** A boundary data crosses between zones, optionally enclosing components. */
export interface TrustBoundary {
  id: string;
  name: string;
  description?: string;
  zones?: string[];
  components?: string[];
}

export interface ThreatModel {
  version: 1;
  system: {
    name: string;
    description?: string;
    owners?: Partial<Record<Layer, string>>;
  };
  components: Component[];
  trust_zones?: TrustZone[];
  flows?: DataFlow[];
  trust_boundaries?: TrustBoundary[];
  threats: Threat[];
}
