import {
  type ControlUse,
  DECLARED_STATUSES,
  type DeclaredStatus,
  LAYERS,
  type Layer,
  type TerraformBinding,
} from "../types.js";
import { isRecord, list, text } from "./common.js";

/**
 * What `threatloop export` wrote into OTM attributes, read back so a model exported to OTM and
 * edited in another tool imports with its layers, bindings and catalog controls.
 */
export function attributesOf(item: Record<string, unknown>): Record<string, unknown> {
  return isRecord(item.attributes) ? item.attributes : {};
}

export function layerOf(item: Record<string, unknown>): Layer | undefined {
  const layer = attributesOf(item).threatloop_layer;
  return LAYERS.find((l) => l === layer);
}

export function bindingOf(item: Record<string, unknown>): TerraformBinding | undefined {
  const binding = text(attributesOf(item).threatloop_terraform);
  if (binding === undefined) return undefined;
  try {
    const parsed = JSON.parse(binding);
    return isRecord(parsed) ? (parsed as TerraformBinding) : undefined;
  } catch {
    return undefined;
  }
}

/** The catalog control a mitigation stands for, when threatloop exported it. */
export function controlOf(mitigation: unknown): ControlUse | undefined {
  if (!isRecord(mitigation)) return undefined;
  const attributes = attributesOf(mitigation);
  const control = text(attributes.threatloop_control);
  if (control === undefined || control.startsWith("inline:")) return undefined;
  const declared = DECLARED_STATUSES.find((s) => s === attributes.threatloop_declared_status);
  return { control, ...(declared ? { status: declared as DeclaredStatus } : {}) };
}

/** Mitigation ids that each threat instance of the document lists, by threat id. */
export function mitigationsByThreat(doc: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const holder of [...list(doc.components), ...list(doc.dataflows)]) {
    if (!isRecord(holder)) continue;
    for (const use of list(holder.threats)) {
      if (!isRecord(use) || text(use.threat) === undefined) continue;
      const ids = list(use.mitigations).flatMap((m) =>
        isRecord(m) && text(m.mitigation) !== undefined ? [String(m.mitigation)] : [],
      );
      out.set(String(use.threat), [...new Set([...(out.get(String(use.threat)) ?? []), ...ids])]);
    }
  }
  return out;
}
