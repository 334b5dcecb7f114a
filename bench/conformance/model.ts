import type { CatalogControl } from "../../src/catalog/types.js";

/** A control with the parameters one or more peer rules narrow it to. */
export interface Scope {
  control: CatalogControl;
  params: Record<string, unknown>;
}

/** The key that names a scope: the control id and its params, the same for equal scopes. */
export function scopeKey(scope: Scope): string {
  const params = Object.keys(scope.params).length > 0 ? ` ${JSON.stringify(scope.params)}` : "";
  return `${scope.control.id}${params}`;
}

/**
 * A threat model that binds each scope's control to every resource of its types: one component
 * and one threat per scope, so a finding's threat names the scope it answers. Returns the model
 * and the threat id of each scope key.
 */
export function conformanceModel(scopes: Scope[]): { model: object; threats: Map<string, string> } {
  const unique = new Map(scopes.map((scope) => [scopeKey(scope), scope]));
  const sorted = [...unique.entries()].sort(([a], [b]) => a.localeCompare(b));
  const threats = new Map(sorted.map(([key], i) => [key, `T${i}`]));
  const model = {
    version: 1,
    system: { name: "Conformance against peer verdicts" },
    components: sorted.map(([, { control }], i) => ({
      id: `c${i}`,
      name: control.title,
      layer: control.layer,
      kind: "conformance",
      terraform: { types: control.resource_types },
    })),
    threats: sorted.map(([, { control, params }], i) => ({
      id: `T${i}`,
      title: control.title,
      stride: control.stride,
      layer: control.layer,
      components: [`c${i}`],
      severity: control.severity,
      controls: [
        Object.keys(params).length > 0 ? { control: control.id, params } : { control: control.id },
      ],
    })),
  };
  return { model, threats };
}
