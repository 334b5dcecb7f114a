import type { Catalog, CatalogControl } from "../../catalog/types.js";
import { SEVERITIES, type StrideCategory, type Threat } from "../types.js";
import type { DerivedComponent } from "./derive.js";
import type { Element } from "./kinds.js";

/** STRIDE per element: the categories that apply to each kind of DFD element. */
export const STRIDE_PER_ELEMENT: Record<Element, StrideCategory[]> = {
  "external-entity": ["spoofing", "repudiation"],
  process: [
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
  ],
  "data-store": ["tampering", "repudiation", "information-disclosure", "denial-of-service"],
  none: [],
};

const TITLES: Record<StrideCategory, string> = {
  spoofing: "Someone impersonates {name} or the callers it trusts",
  tampering: "Data or configuration of {name} is changed without authorisation",
  repudiation: "Actions on {name} cannot be traced to whoever made them",
  "information-disclosure": "Data held or handled by {name} is disclosed",
  "denial-of-service": "{name} is made unavailable",
  "elevation-of-privilege": "{name} is used to gain privileges it should not grant",
};

/** Suggested threats for one component, and the STRIDE categories left without a control. */
export interface Suggestion {
  threats: Threat[];
  uncovered: StrideCategory[];
}

/**
 * Suggests, for each STRIDE category that applies to the component's element, a threat carrying
 * every catalog control that checks one of the component's resource types and names that
 * category. The catalog decides, so new controls are suggested without changes here.
 */
export function suggestThreats(
  derived: DerivedComponent,
  catalog: Catalog,
  nextId: () => string,
): Suggestion {
  const types = new Set(derived.component.terraform?.types ?? []);
  const applicable = [...catalog.controls.values()]
    .filter((control) => control.resource_types.some((type) => types.has(type)))
    .sort((a, b) => a.id.localeCompare(b.id));
  const threats: Threat[] = [];
  const uncovered: StrideCategory[] = [];
  for (const category of STRIDE_PER_ELEMENT[derived.element]) {
    const controls = applicable.filter((control) => control.stride.includes(category));
    if (controls.length === 0) {
      uncovered.push(category);
      continue;
    }
    threats.push({
      id: nextId(),
      title: TITLES[category].replace("{name}", derived.component.name),
      stride: [category],
      layer: derived.component.layer,
      components: [derived.component.id],
      severity: highest(controls),
      controls: controls.map((control) => ({ control: control.id, status: "planned" as const })),
    });
  }
  // A control for a category the element does not list still guards the component.
  const used = new Set(threats.flatMap((t) => t.controls.map((c) => c.control)));
  for (const control of applicable.filter((c) => !used.has(c.id))) {
    const category = control.stride[0];
    if (category === undefined) continue;
    threats.push({
      id: nextId(),
      title: TITLES[category].replace("{name}", derived.component.name),
      stride: control.stride,
      layer: derived.component.layer,
      components: [derived.component.id],
      severity: control.severity,
      controls: [{ control: control.id, status: "planned" }],
    });
  }
  return { threats, uncovered };
}

function highest(controls: CatalogControl[]) {
  return SEVERITIES.find((s) => controls.some((c) => c.severity === s)) ?? "medium";
}
