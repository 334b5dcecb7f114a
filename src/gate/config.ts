import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ManifestThreat } from "../generate/manifest.js";
import type { Enforcement } from "../model/types.js";
import { readGateFile } from "./data-file.js";
import type { FailOn, UnknownPolicy } from "./gate.js";

export type { Enforcement };

/** Advisory or mandatory per control and per threat; controls win over threats. */
export interface EnforcementSettings {
  default: Enforcement;
  threats: Record<string, Enforcement>;
  controls: Record<string, Enforcement>;
}

/** The settings of `threatloop.config.yaml` (schema/threatloop-config.schema.json). */
export interface GateConfig {
  file: string | undefined;
  failOn: FailOn | undefined;
  unknown: UnknownPolicy | undefined;
  /** Paths resolved against the config file's folder. */
  waivers: string | undefined;
  baseline: string | undefined;
  enforcement: EnforcementSettings;
}

/** The file name looked up in the working folder when --config is not given. */
export const CONFIG_FILE = "threatloop.config.yaml";

interface RawConfig {
  version: 1;
  gate?: { fail_on?: FailOn; unknown?: UnknownPolicy; waivers?: string; baseline?: string };
  enforcement?: Partial<EnforcementSettings>;
}

/**
 * Reads the gate's config file. With no explicit file, `threatloop.config.yaml` in `cwd` is read
 * when it exists, and the defaults apply otherwise.
 */
export async function loadGateConfig(
  explicit: string | undefined,
  cwd: string,
): Promise<GateConfig> {
  const file = explicit ?? resolve(cwd, CONFIG_FILE);
  if (explicit === undefined && !existsSync(file)) return emptyConfig();
  const raw = (await readGateFile(file, "config")).value as RawConfig;
  const base = dirname(file);
  return {
    file,
    failOn: raw.gate?.fail_on,
    unknown: raw.gate?.unknown,
    waivers: raw.gate?.waivers === undefined ? undefined : resolve(base, raw.gate.waivers),
    baseline: raw.gate?.baseline === undefined ? undefined : resolve(base, raw.gate.baseline),
    enforcement: {
      default: raw.enforcement?.default ?? "mandatory",
      threats: raw.enforcement?.threats ?? {},
      controls: raw.enforcement?.controls ?? {},
    },
  };
}

/** Everything mandatory, nothing waived, no baseline. */
export function emptyConfig(): GateConfig {
  return {
    file: undefined,
    failOn: undefined,
    unknown: undefined,
    waivers: undefined,
    baseline: undefined,
    enforcement: { default: "mandatory", threats: {}, controls: {} },
  };
}

/** Enforcement set in the model: per threat, and per control within a threat. */
export interface ModelEnforcement {
  threats: Map<string, Enforcement>;
  /** Keyed by threat id and control id joined with a NUL. */
  uses: Map<string, Enforcement>;
}

/** The model's enforcement settings, as the manifest carries them. */
export function modelEnforcementOf(threats: ManifestThreat[]): ModelEnforcement {
  const model: ModelEnforcement = { threats: new Map(), uses: new Map() };
  for (const threat of threats) {
    if (threat.enforcement) model.threats.set(threat.id, threat.enforcement);
    for (const control of threat.controls) {
      if (control.enforcement) model.uses.set(useKey(threat.id, control.id), control.enforcement);
    }
  }
  return model;
}

/**
 * A finding's enforcement. The config file wins over the model, and within each a control's
 * setting wins over its threat's: config control, config threat, model control, model threat,
 * then the config's default (mandatory unless set).
 */
export function enforcementOf(
  settings: EnforcementSettings,
  finding: { threat: string; control: string },
  model?: ModelEnforcement,
): Enforcement {
  return (
    settings.controls[finding.control] ??
    settings.threats[finding.threat] ??
    model?.uses.get(useKey(finding.threat, finding.control)) ??
    model?.threats.get(finding.threat) ??
    settings.default
  );
}

function useKey(threat: string, control: string): string {
  return `${threat}\u0000${control}`;
}
