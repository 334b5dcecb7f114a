import type { Catalog } from "../../catalog/types.js";
import { controlIdOf } from "../control-id.js";
import type { ControlUse, Severity, StrideCategory, Threat, ThreatModel } from "../types.js";

/** The verdicts of one control of one threat in an eval report. */
export interface ControlVerdicts {
  pass: number;
  fail: number;
  unknown: number;
}

/** Last verdicts by threat and control, from a `threatloop eval --format json` report. */
export type LastVerdicts = Map<string, ControlVerdicts>;

export interface ExportOptions {
  /** Verdicts of the last evaluation; without them the model's observed blocks are used. */
  verdicts?: LastVerdicts;
  /** When the verdicts were produced, and from which input, for the attributes. */
  evaluated?: { input: string; model_hash: string };
}

const IMPACT: Record<Severity, number> = { critical: 100, high: 75, medium: 50, low: 25, info: 0 };
const LIKELIHOOD = { high: 75, medium: 50, low: 25 } as const;
const TRUST = { internet: 0, partner: 50, private: 100 } as const;
const CATEGORY: Record<StrideCategory, string> = {
  spoofing: "Spoofing",
  tampering: "Tampering",
  repudiation: "Repudiation",
  "information-disclosure": "Information Disclosure",
  "denial-of-service": "Denial of Service",
  "elevation-of-privilege": "Elevation of Privilege",
};

/** The key of a control use in LastVerdicts. */
export function verdictKey(threat: string, control: string): string {
  return `${threat}\u0000${control}`;
}

/**
 * Writes a model as Open Threat Model 0.2 (https://github.com/iriusrisk/OpenThreatModel), with
 * threatloop's declared status, observed status and last verdicts in `attributes`, so IriusRisk
 * and Threat Dragon users see what the checks found. Impact and likelihood become 0–100 scores
 * that `threatloop import` maps back to the same severity and likelihood.
 */
export function exportOtm(model: ThreatModel, catalog: Catalog, options: ExportOptions = {}) {
  const zones = new Map((model.trust_zones ?? []).map((z) => [z.id, z]));
  for (const component of model.components) {
    const zone = component.trust_zone ?? "unassigned";
    if (!zones.has(zone)) zones.set(zone, { id: zone, name: zone });
  }
  const mitigations: Record<string, unknown>[] = [];
  const threatStates = new Map<string, { threat: string; state: string; mitigations: unknown[] }>();
  for (const threat of model.threats) {
    const uses = threat.controls.map((use, i) => {
      const id = `${threat.id}:${use.control ?? use.id ?? i}`;
      const observed = observedOf(threat, use, i, options.verdicts);
      mitigations.push({
        id,
        name: use.control
          ? (catalog.controls.get(use.control)?.title ?? use.control)
          : (use.title ?? id),
        description: use.control
          ? (catalog.controls.get(use.control)?.description ?? null)
          : `Inline assertion on ${use.assert?.resource_type ?? "resources"}`,
        riskReduction: 100,
        attributes: {
          threatloop_control: controlIdOf(use, i),
          threatloop_declared_status: use.status ?? "undeclared",
          ...(use.expires ? { threatloop_risk_accepted_until: use.expires } : {}),
          threatloop_observed_status: observed.status,
          threatloop_last_verdicts:
            `pass ${observed.pass}, fail ${observed.fail}, ` + `unknown ${observed.unknown}`,
        },
      });
      return { id, observed };
    });
    const states = uses.map((u) => u.observed.status);
    const state = states.includes("fail")
      ? "exposed"
      : states.length > 0 && states.every((s) => s === "pass")
        ? "mitigated"
        : "unknown";
    threatStates.set(threat.id, {
      threat: threat.id,
      state,
      mitigations: uses.map((u, i) => ({
        mitigation: u.id,
        state: threat.controls[i]?.status === "implemented" ? "implemented" : "required",
      })),
    });
  }
  return {
    otmVersion: "0.2.0",
    project: {
      name: model.system.name,
      id: slug(model.system.name),
      description: model.system.description ?? null,
      attributes: {
        ...Object.fromEntries(
          Object.entries(model.system.owners ?? {}).map(([l, o]) => [`threatloop_owner_${l}`, o]),
        ),
        ...(options.evaluated
          ? {
              threatloop_evaluated_input: options.evaluated.input,
              threatloop_model_hash: options.evaluated.model_hash,
            }
          : {}),
      },
    },
    trustZones: [...zones.values()].map((zone) => ({
      id: zone.id,
      name: zone.name,
      description: zone.description ?? null,
      risk: { trustRating: zone.exposure ? TRUST[zone.exposure] : 50 },
    })),
    components: model.components.map((component) => ({
      id: component.id,
      name: component.name,
      type: component.kind,
      description: component.description ?? null,
      parent: { trustZone: component.trust_zone ?? "unassigned" },
      tags: [component.layer],
      threats: model.threats
        .filter((t) => t.components.includes(component.id))
        .flatMap((t) => threatStates.get(t.id) ?? []),
      attributes: {
        threatloop_layer: component.layer,
        ...(component.classification
          ? { threatloop_classification: component.classification }
          : {}),
        ...(component.terraform
          ? { threatloop_terraform: JSON.stringify(component.terraform) }
          : {}),
      },
    })),
    dataflows: (model.flows ?? []).map((flow, i) => ({
      id: flow.id ?? `flow-${i + 1}`,
      name: flow.name ?? `${flow.from} to ${flow.to}`,
      description: flow.description ?? null,
      bidirectional: false,
      source: flow.from,
      destination: flow.to,
      attributes: {
        ...(flow.protocol ? { protocol: flow.protocol } : {}),
        ...(flow.authenticated === undefined ? {} : { authenticated: flow.authenticated }),
        ...(flow.encrypted === undefined ? {} : { encrypted: flow.encrypted }),
      },
    })),
    threats: model.threats.map((threat) => ({
      id: threat.id,
      name: threat.title,
      description: threat.description ?? null,
      categories: threat.stride.map((s) => CATEGORY[s]),
      risk: {
        likelihood: threat.likelihood ? LIKELIHOOD[threat.likelihood] : 50,
        impact: IMPACT[threat.severity],
      },
      attributes: {
        threatloop_severity: threat.severity,
        threatloop_layer: threat.layer,
        ...(threat.owner ? { threatloop_owner: threat.owner } : {}),
        threatloop_verdict: threatStates.get(threat.id)?.state ?? "unknown",
      },
    })),
    mitigations,
  };
}

function observedOf(
  threat: Threat,
  use: ControlUse,
  index: number,
  verdicts: LastVerdicts | undefined,
) {
  const counted = verdicts?.get(verdictKey(threat.id, controlIdOf(use, index)));
  if (counted) {
    const status =
      counted.fail > 0
        ? "fail"
        : counted.unknown > 0
          ? "unknown"
          : counted.pass > 0
            ? "pass"
            : "never-evaluated";
    return { status, ...counted };
  }
  const observed = use.observed;
  return {
    status: observed?.status ?? "never-evaluated",
    pass: observed?.findings?.pass ?? 0,
    fail: observed?.findings?.fail ?? 0,
    unknown: observed?.findings?.unknown ?? 0,
  };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "threatloop-model"
  );
}
