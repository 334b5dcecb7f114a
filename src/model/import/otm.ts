import type { Component, DataFlow, Layer, Threat, ThreatModel, TrustZone } from "../types.js";
import {
  IdMap,
  ImportLog,
  isRecord,
  likelihoodFromScore,
  list,
  severityFromScore,
  strideOf,
  text,
} from "./common.js";
import { bindingOf, controlOf, layerOf, mitigationsByThreat } from "./otm-attributes.js";
import type { ImportResult } from "./types.js";

/**
 * Maps an Open Threat Model document (OTM 0.1 and 0.2,
 * https://github.com/iriusrisk/OpenThreatModel)
 * to the native model: project, trust zones, components, dataflows and threats. Mitigations,
 * assets and diagram representations have no native counterpart and are listed as dropped.
 */
export function importOtm(doc: Record<string, unknown>): ImportResult {
  const log = new ImportLog();
  const project = isRecord(doc.project) ? doc.project : {};
  const zoneIds = new IdMap("zone");
  const componentIds = new IdMap("component");
  const threatIds = new IdMap("threat");

  const trustZones: TrustZone[] = list(doc.trustZones).flatMap((zone, i) => {
    if (!isRecord(zone) || text(zone.id) === undefined) {
      log.drop(`trustZones.${i}`, "a trust zone without an id");
      return [];
    }
    const id = zoneIds.add(String(zone.id));
    return [{ id, name: text(zone.name) ?? id, ...describe(zone) }];
  });

  const rawComponents = list(doc.components).filter(isRecord);
  for (const component of rawComponents) {
    if (text(component.id) !== undefined) componentIds.add(String(component.id));
  }
  const byId = new Map(rawComponents.map((c) => [String(c.id), c]));
  const components: Component[] = [];
  const threatComponents = new Map<string, Set<string>>();
  list(doc.components).forEach((component, i) => {
    const path = `components.${i}`;
    const id = isRecord(component) ? componentIds.get(String(component.id)) : undefined;
    if (!isRecord(component) || id === undefined) {
      log.drop(path, "a component without an id");
      return;
    }
    const kind = text(component.type) ?? "component";
    if (text(component.type) === undefined)
      log.assume(`components.${components.length}.kind`, kind, "OTM gives no type");
    const sourceZone = zoneOf(component, byId, new Set());
    const zone = sourceZone === undefined ? undefined : zoneIds.get(sourceZone);
    if (sourceZone !== undefined && zone === undefined)
      log.drop(`${path}.parent`, `trust zone "${sourceZone}" is not declared`);
    if (isRecord(component.parent) && text(component.parent.component) !== undefined) {
      log.drop(
        `${path}.parent`,
        "components do not nest; it keeps the trust zone of its parent component",
      );
    }
    const layer = layerOf(component);
    const binding = bindingOf(component);
    components.push({
      id,
      name: text(component.name) ?? id,
      layer: layer ?? "paas",
      kind,
      ...describe(component),
      ...(zone === undefined ? {} : { trust_zone: zone }),
      ...(binding === undefined ? {} : { terraform: binding }),
    });
    if (layer === undefined)
      log.assume(`components.${components.length - 1}.layer`, "paas", "OTM has no layers");
    collectThreatUses(component, path, id, threatComponents, log);
    dropCommon(component, path, log);
  });

  const flows: DataFlow[] = [];
  list(doc.dataflows).forEach((flow, i) => {
    const path = `dataflows.${i}`;
    if (!isRecord(flow)) return;
    const from = componentIds.get(String(flow.source));
    const to = componentIds.get(String(flow.destination));
    if (from === undefined || to === undefined) {
      log.drop(path, "an end of the dataflow is not a component");
      return;
    }
    const name = text(flow.name);
    const base = {
      ...(text(flow.id) === undefined ? {} : { id: String(flow.id) }),
      ...(name === undefined ? {} : { name }),
    };
    flows.push({ ...base, from, to });
    if (flow.bidirectional === true) {
      flows.push({ ...(base.id ? { id: `${base.id}-back` } : {}), from: to, to: from });
    }
    collectThreatUses(flow, path, from, threatComponents, log, to);
    dropCommon(flow, path, log);
  });

  const threats: Threat[] = [];
  const mitigationIndex = new Map(
    list(doc.mitigations).flatMap((m) => (isRecord(m) && text(m.id) ? [[String(m.id), m]] : [])),
  );
  const usesOf = mitigationsByThreat(doc);
  list(doc.threats).forEach((threat, i) => {
    const path = `threats.${i}`;
    if (!isRecord(threat) || text(threat.id) === undefined) {
      log.drop(path, "a threat without an id");
      return;
    }
    const mapped = mapThreat(
      threat,
      path,
      threats.length,
      threatIds,
      threatComponents,
      components,
      log,
    );
    mapped.controls = (usesOf.get(String(threat.id)) ?? []).flatMap(
      (m) => controlOf(mitigationIndex.get(m)) ?? [],
    );
    threats.push(mapped);
  });

  const sections: [string, string][] = [
    ["mitigations", "an OTM mitigation is prose, not a catalog control"],
    ["assets", "data assets have no native counterpart"],
    ["representations", "diagram layout is not kept"],
  ];
  for (const [section, reason] of sections) {
    list(doc[section]).forEach((item, i) => {
      if (section !== "mitigations" || controlOf(item) === undefined)
        log.drop(`${section}.${i}`, reason);
    });
  }
  if (text(project.owner) !== undefined)
    log.drop("project.owner", "owners are per layer; set system.owners by hand");

  const model: ThreatModel = {
    version: 1,
    system: {
      name: text(project.name) ?? "Imported threat model",
      ...(text(project.description) === undefined
        ? {}
        : { description: String(project.description) }),
    },
    components,
    ...(trustZones.length > 0 ? { trust_zones: trustZones } : {}),
    ...(flows.length > 0 ? { flows } : {}),
    threats,
  };
  return { format: "otm", model, dropped: log.dropped, assumed: log.assumed };
}

function mapThreat(
  threat: Record<string, unknown>,
  path: string,
  index: number,
  threatIds: IdMap,
  threatComponents: Map<string, Set<string>>,
  components: Component[],
  log: ImportLog,
): Threat {
  const sourceId = String(threat.id);
  const id = threatIds.add(sourceId);
  const at = `threats.${index}`;
  const categories = list(threat.categories).map(String);
  const stride = [...new Set(categories.flatMap((c) => strideOf(c) ?? []))];
  for (const category of categories) {
    if (strideOf(category) === undefined)
      log.drop(`${path}.categories`, `"${category}" is not a STRIDE category`);
  }
  if (stride.length === 0) {
    stride.push("information-disclosure");
    log.assume(`${at}.stride`, "information-disclosure", "no category maps to STRIDE");
  }
  const risk = isRecord(threat.risk) ? threat.risk : {};
  const affected = [...(threatComponents.get(sourceId) ?? [])];
  const layer: Layer =
    layerOf(threat) ?? components.find((c) => c.id === affected[0])?.layer ?? "paas";
  const severity =
    typeof risk.impact === "number" ? severityFromScore(risk.impact) : ("medium" as const);
  if (typeof risk.impact !== "number") log.assume(`${at}.severity`, severity, "no risk impact");
  if (list(threat.cwes).length > 0) log.drop(`${path}.cwes`, "CWE references are not kept");
  return {
    id,
    title: text(threat.name) ?? id,
    ...describe(threat),
    stride,
    layer,
    components: affected,
    severity,
    ...(typeof risk.likelihood === "number"
      ? { likelihood: likelihoodFromScore(risk.likelihood) }
      : {}),
    controls: [],
  };
}

/** The trust zone of a component, following parent components. */
function zoneOf(
  component: Record<string, unknown>,
  byId: Map<string, Record<string, unknown>>,
  seen: Set<string>,
): string | undefined {
  const parent = isRecord(component.parent) ? component.parent : {};
  if (text(parent.trustZone) !== undefined) return String(parent.trustZone);
  const parentId = text(parent.component);
  if (parentId === undefined || seen.has(parentId)) return undefined;
  seen.add(parentId);
  const next = byId.get(parentId);
  return next ? zoneOf(next, byId, seen) : undefined;
}

function collectThreatUses(
  holder: Record<string, unknown>,
  path: string,
  componentId: string,
  threatComponents: Map<string, Set<string>>,
  log: ImportLog,
  otherEnd?: string,
): void {
  list(holder.threats).forEach((use, i) => {
    if (!isRecord(use) || text(use.threat) === undefined) return;
    const set = threatComponents.get(String(use.threat)) ?? new Set<string>();
    set.add(componentId);
    if (otherEnd !== undefined) set.add(otherEnd);
    threatComponents.set(String(use.threat), set);
    if (list(use.mitigations).length > 0 || text(use.state) !== undefined) {
      log.drop(
        `${path}.threats.${i}`,
        "threat state is not kept; mitigations become controls only when threatloop exported them",
      );
    }
  });
}

function dropCommon(holder: Record<string, unknown>, path: string, log: ImportLog): void {
  if (list(holder.assets).length > 0) log.drop(`${path}.assets`, "data assets are not kept");
  if (list(holder.tags).length > 0) log.drop(`${path}.tags`, "OTM tags are not kept");
}

function describe(item: Record<string, unknown>): { description?: string } {
  const description = text(item.description);
  return description === undefined ? {} : { description };
}
