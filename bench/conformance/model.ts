import type { CatalogControl } from "../../src/catalog/types.js";

/**
 * A threat model that binds each control to every resource of its types: one component and one
 * threat per control, so a finding's control names the case it answers.
 */
export function conformanceModel(controls: CatalogControl[]): object {
  const sorted = [...controls].sort((a, b) => a.id.localeCompare(b.id));
  return {
    version: 1,
    system: { name: "Conformance against peer verdicts" },
    components: sorted.map((control, i) => ({
      id: `c${i}`,
      name: control.title,
      layer: control.layer,
      kind: "conformance",
      terraform: { types: control.resource_types },
    })),
    threats: sorted.map((control, i) => ({
      id: `T${i}`,
      title: control.title,
      stride: control.stride,
      layer: control.layer,
      components: [`c${i}`],
      severity: control.severity,
      controls: [{ control: control.id }],
    })),
  };
}
