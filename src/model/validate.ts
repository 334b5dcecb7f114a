import type { Catalog } from "../catalog/types.js";
import type { SourceLocation } from "../errors.js";
import type { ThreatModel } from "./types.js";
import type { YamlSource } from "./yaml-source.js";

/** One finding of validation. Errors stop generation; warnings are reported and let it go on. */
export interface Problem {
  severity: "error" | "warning";
  message: string;
  location: SourceLocation;
  hint?: string;
}

export interface CheckOptions {
  /** The date risk acceptances are compared with, as YYYY-MM-DD. */
  today?: string;
}

/** Semantic checks on a model that already matches the JSON Schema. Returns every problem. */
export function checkModel(
  model: ThreatModel,
  source: YamlSource,
  catalog: Catalog,
  options: CheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const error = (path: (string | number)[], message: string, hint?: string) =>
    problems.push({
      severity: "error",
      message,
      location: source.locate(path),
      ...(hint ? { hint } : {}),
    });
  const warn = (path: (string | number)[], message: string, hint?: string) =>
    problems.push({
      severity: "warning",
      message,
      location: source.locate(path),
      ...(hint ? { hint } : {}),
    });
  const today = options.today ?? new Date().toISOString().slice(0, 10);

  const componentIds = reportDuplicates(model.components, ["components"], "component", error);
  reportDuplicates(model.threats, ["threats"], "threat", error);

  model.flows?.forEach((flow, i) => {
    for (const end of ["from", "to"] as const) {
      if (!componentIds.has(flow[end])) {
        error(
          ["flows", i, end],
          `flow ${end} unknown component "${flow[end]}"`,
          suggest(flow[end], componentIds),
        );
      }
    }
  });

  model.threats.forEach((threat, t) => {
    threat.components.forEach((id, c) => {
      if (!componentIds.has(id)) {
        error(
          ["threats", t, "components", c],
          `threat "${threat.id}" names unknown component "${id}"`,
          suggest(id, componentIds),
        );
      }
    });
    if (threat.controls.length === 0) {
      error(
        ["threats", t, "controls"],
        `threat "${threat.id}" has no controls`,
        "name at least one catalog control that mitigates it",
      );
    }
    const boundTypes = new Set(
      threat.components.flatMap(
        (id) => model.components.find((c) => c.id === id)?.terraform?.types ?? [],
      ),
    );
    threat.controls.forEach((use, c) => {
      const path = ["threats", t, "controls", c];
      const control = catalog.controls.get(use.control);
      if (!control) {
        error(
          [...path, "control"],
          `unknown control "${use.control}"`,
          suggest(use.control, new Set(catalog.controls.keys())),
        );
        return;
      }
      for (const name of Object.keys(use.params ?? {})) {
        if (!(name in control.params)) {
          const known = Object.keys(control.params);
          problems.push({
            severity: "error",
            location: source.locateKey([...path, "params", name]),
            message: `control "${use.control}" has no parameter "${name}"`,
            hint:
              known.length > 0
                ? `its parameters are ${known.join(", ")}`
                : "it takes no parameters",
          });
        }
      }
      if (use.status === "risk-accepted") {
        if (!use.justification)
          error([...path, "status"], "a risk acceptance needs a justification");
        if (!use.expires)
          error(
            [...path, "status"],
            "a risk acceptance needs an expiry date (expires: YYYY-MM-DD)",
          );
        else if (use.expires < today)
          error(
            [...path, "expires"],
            `the risk acceptance expired on ${use.expires}`,
            "renew it with a new justification, or implement the control",
          );
      }
      if (boundTypes.size > 0 && !control.resource_types.some((type) => boundTypes.has(type))) {
        warn(
          [...path, "control"],
          `control "${use.control}" checks ${control.resource_types.join(", ")}, ` +
            `which no component of threat "${threat.id}" binds`,
          "add one of those types to a component's terraform.types",
        );
      }
    });
  });

  model.components.forEach((component, i) => {
    if (!component.terraform) {
      const used = model.threats.some((t) => t.components.includes(component.id));
      if (used)
        warn(
          ["components", i, "id"],
          `component "${component.id}" has no terraform binding, so its controls check nothing`,
        );
    }
  });
  return problems;
}

function reportDuplicates(
  items: { id?: string }[],
  path: string[],
  what: string,
  error: (path: (string | number)[], message: string) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item.id === undefined) return;
    if (seen.has(item.id)) error([...path, i, "id"], `duplicate ${what} id "${item.id}"`);
    seen.add(item.id);
  });
  return seen;
}

/** A "did you mean" hint from the closest known id, when one is close enough. */
function suggest(wanted: string, known: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(wanted.length / 3))) {
    return `did you mean "${best}"?`;
  }
  return known.size > 0 && known.size <= 8 ? `known ids: ${[...known].join(", ")}` : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
