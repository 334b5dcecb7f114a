import type { Catalog } from "../catalog/types.js";
import type { SourceLocation } from "../errors.js";
import { checkAddressGlobs, checkBindingsAgainst } from "./bindings.js";
import type { TerraformResource } from "./derive/plan.js";
import { suggest } from "./suggest.js";
import type { ThreatModel } from "./types.js";
import { checkControlUses } from "./validate-controls.js";
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
  /** A plan or state whose resources the bindings must select (`validate --plan`). */
  terraform?: { file: string; resources: TerraformResource[] };
}

/** Records problems at model paths; shared by the checks of each part of a model. */
export interface ProblemSink {
  error(path: (string | number)[], message: string, hint?: string): void;
  warn(path: (string | number)[], message: string, hint?: string): void;
  errorAtKey(path: (string | number)[], message: string, hint?: string): void;
}

/** Semantic checks on a model that already matches the JSON Schema. Returns every problem. */
export function checkModel(
  model: ThreatModel,
  source: YamlSource,
  catalog: Catalog,
  options: CheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const add = (
    severity: Problem["severity"],
    location: SourceLocation,
    message: string,
    hint?: string,
  ) => problems.push({ severity, message, location, ...(hint ? { hint } : {}) });
  const sink: ProblemSink = {
    error: (path, message, hint) => add("error", source.locate(path), message, hint),
    warn: (path, message, hint) => add("warning", source.locate(path), message, hint),
    errorAtKey: (path, message, hint) => add("error", source.locateKey(path), message, hint),
  };
  const today = options.today ?? new Date().toISOString().slice(0, 10);

  const componentIds = reportDuplicates(model.components, ["components"], "component", sink);
  reportDuplicates(model.threats, ["threats"], "threat", sink);
  reportDuplicates(model.flows ?? [], ["flows"], "flow", sink);
  const zoneIds = reportDuplicates(model.trust_zones ?? [], ["trust_zones"], "trust zone", sink);
  reportDuplicates(model.trust_boundaries ?? [], ["trust_boundaries"], "trust boundary", sink);

  checkZonesAndBoundaries(model, componentIds, zoneIds, sink);
  checkAddressGlobs(model, sink);
  if (options.terraform) {
    checkBindingsAgainst(model, options.terraform.resources, options.terraform.file, sink);
  }
  checkFlows(model, componentIds, sink);

  model.threats.forEach((threat, t) => {
    threat.components.forEach((id, c) => {
      if (!componentIds.has(id)) {
        sink.error(
          ["threats", t, "components", c],
          `threat "${threat.id}" names unknown component "${id}"`,
          suggest(id, componentIds),
        );
      }
    });
    if (threat.components.length === 0) {
      sink.warn(
        ["threats", t, "components"],
        `threat "${threat.id}" names no components, so its controls check nothing`,
        "list the components it affects",
      );
    }
    if (threat.controls.length === 0) {
      sink.error(
        ["threats", t, "controls"],
        `threat "${threat.id}" has no controls`,
        "name at least one catalog control that mitigates it",
      );
    }
    checkControlUses(model, threat, ["threats", t], catalog, today, sink);
  });

  model.components.forEach((component, i) => {
    if (!component.terraform) {
      const used = model.threats.some((t) => t.components.includes(component.id));
      if (used)
        sink.warn(
          ["components", i, "id"],
          `component "${component.id}" has no terraform binding, so its controls check nothing`,
        );
    }
  });
  return problems;
}

function checkZonesAndBoundaries(
  model: ThreatModel,
  componentIds: Set<string>,
  zoneIds: Set<string>,
  sink: ProblemSink,
): void {
  // A model without declared zones may still name zones freely, as the first format did.
  if (model.trust_zones !== undefined) {
    model.components.forEach((component, i) => {
      const zone = component.trust_zone;
      if (zone !== undefined && !zoneIds.has(zone)) {
        sink.error(
          ["components", i, "trust_zone"],
          `component "${component.id}" is in unknown trust zone "${zone}"`,
          suggest(zone, zoneIds) ?? "declare it under trust_zones",
        );
      }
    });
  }
  model.trust_boundaries?.forEach((boundary, b) => {
    boundary.zones?.forEach((zone, z) => {
      if (!zoneIds.has(zone)) {
        sink.error(
          ["trust_boundaries", b, "zones", z],
          `trust boundary "${boundary.id}" names unknown trust zone "${zone}"`,
          suggest(zone, zoneIds) ?? "declare it under trust_zones",
        );
      }
    });
    boundary.components?.forEach((id, c) => {
      if (!componentIds.has(id)) {
        sink.error(
          ["trust_boundaries", b, "components", c],
          `trust boundary "${boundary.id}" names unknown component "${id}"`,
          suggest(id, componentIds),
        );
      }
    });
  });
}

function checkFlows(model: ThreatModel, componentIds: Set<string>, sink: ProblemSink): void {
  model.flows?.forEach((flow, i) => {
    for (const end of ["from", "to"] as const) {
      if (!componentIds.has(flow[end])) {
        sink.error(
          ["flows", i, end],
          `flow ${end} unknown component "${flow[end]}"`,
          suggest(flow[end], componentIds),
        );
      }
    }
    if (flow.from === flow.to) {
      sink.warn(["flows", i, "to"], `flow from "${flow.from}" to itself crosses no boundary`);
    }
  });
}

function reportDuplicates(
  items: { id?: string }[],
  path: string[],
  what: string,
  sink: ProblemSink,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (item.id === undefined) return;
    if (seen.has(item.id)) sink.error([...path, i, "id"], `duplicate ${what} id "${item.id}"`);
    seen.add(item.id);
  });
  return seen;
}
