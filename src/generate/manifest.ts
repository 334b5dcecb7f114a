import type {
  DeclaredStatus,
  Enforcement,
  Layer,
  Severity,
  StrideCategory,
} from "../model/types.js";

/** The Rego entrypoint that returns every verdict in one evaluation. */
export const REPORT_ENTRYPOINT = "threatloop/main/report";

/** The Rego entrypoint that tells a host how a plan may be evaluated in parts. */
export const PARTITIONING_ENTRYPOINT = "threatloop/main/partitioning";

/**
 * The traceability manifest written beside the generated policies: every threat, its controls,
 * the Rego rule of each, and hashes of the model and of every generated file.
 */
export interface Manifest {
  version: 1;
  tool: { name: "threatloop"; version: string };
  model: { file: string; hash: string; system: string };
  entrypoint: typeof REPORT_ENTRYPOINT;
  threats: ManifestThreat[];
  /** sha256 of each generated file, keyed by its path relative to the output folder. */
  files: Record<string, string>;
}

export interface ManifestThreat {
  id: string;
  title: string;
  severity: Severity;
  layer: Layer;
  stride: StrideCategory[];
  likelihood: string | null;
  owner: string | null;
  components: string[];
  package: string;
  file: string;
  controls: ManifestControl[];
  /** Present only when the model sets it. */
  enforcement?: Enforcement;
}

export interface ManifestControl {
  id: string;
  title: string;
  rule: string;
  severity: Severity;
  declared: DeclaredStatus | null;
  resource_types: string[];
  params: Record<string, unknown>;
  remediation: string;
  /** Present only when the model sets it on the control's use. */
  enforcement?: Enforcement;
}
