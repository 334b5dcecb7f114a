import type { Catalog } from "../../catalog/types.js";
import type { Component, Threat, ThreatModel } from "../types.js";
import { renderModelYaml } from "../write-yaml.js";
import { type DerivedModel, deriveModel } from "./derive.js";
import type { TerraformResource } from "./plan.js";
import { suggestThreats } from "./suggest.js";

export interface InitOptions {
  /** The system's name, written to system.name. */
  name: string;
  /** What the model was derived from, for the header comment. */
  source: string;
  /** Schema path for the modeline, relative to where the model is written. */
  schema: string;
}

export interface InitResult {
  model: ThreatModel;
  derived: DerivedModel;
  yaml: string;
}

const INTERNET: Component = {
  id: "internet",
  name: "Anyone on the internet",
  layer: "saas",
  kind: "external-entity",
  trust_zone: "internet",
};

/**
 * Derives a starting model from Terraform resources and writes it as commented YAML: components,
 * zones and flows from the resources, and threats suggested from the catalog for each component.
 */
export function initModel(
  resources: TerraformResource[],
  catalog: Catalog,
  options: InitOptions,
): InitResult {
  const derived = deriveModel(resources);
  let counter = 0;
  const nextId = () => `TL-${String(++counter).padStart(3, "0")}`;
  const threats: Threat[] = [];
  const comments: { path: (string | number)[]; text: string }[] = [];
  const needsInternet = derived.flows.some((f) => f.from === "internet");
  const components = [
    ...(needsInternet ? [INTERNET] : []),
    ...derived.components.map((d) => d.component),
  ];
  const offset = needsInternet ? 1 : 0;
  derived.components.forEach((d, i) => {
    const lines = [
      `From ${d.primary}${d.members.length > 1 ? ` with ${d.members.length - 1} more` : ""}.`,
    ];
    if (d.exposure.length > 0) lines.push(`Internet: ${d.exposure.join("; ")}.`);
    if (!d.network) {
      const suggestion = suggestThreats(d, catalog, nextId);
      threats.push(...suggestion.threats);
      if (suggestion.uncovered.length > 0) {
        lines.push(`No catalog control yet for: ${suggestion.uncovered.join(", ")}.`);
      }
    }
    comments.push({ path: ["components", i + offset], text: lines.join("\n") });
  });
  const model: ThreatModel = {
    version: 1,
    system: { name: options.name },
    components,
    trust_zones: derived.zones,
    ...(derived.flows.length > 0 ? { flows: derived.flows } : {}),
    threats,
  };
  if (threats.length > 0) {
    comments.push({
      path: ["threats"],
      text:
        "Suggested from the catalog by STRIDE per element; statuses are planned until you\n" +
        "declare them. Rewrite titles, set owners and likelihood, drop what does not apply.",
    });
  }
  const yaml = renderModelYaml(model, {
    schema: options.schema,
    header: [
      `Derived by threatloop init from ${options.source}.`,
      "Review every component, zone and flow: derivation reads resources, not intent.",
    ],
    comments,
  });
  return { model, derived, yaml };
}
