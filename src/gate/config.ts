import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readGateFile } from "./data-file.js";
import type { FailOn, UnknownPolicy } from "./gate.js";

/** Whether a control's or threat's failures can fail the gate. */
export const ENFORCEMENTS = ["mandatory", "advisory"] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

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
export function loadGateConfig(explicit: string | undefined, cwd: string): GateConfig {
  const file = explicit ?? resolve(cwd, CONFIG_FILE);
  if (explicit === undefined && !existsSync(file)) return emptyConfig();
  const raw = readGateFile(file, "config").value as RawConfig;
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

/** A finding's enforcement: its control's setting, else its threat's, else the default. */
export function enforcementOf(
  settings: EnforcementSettings,
  finding: { threat: string; control: string },
): Enforcement {
  return settings.controls[finding.control] ?? settings.threats[finding.threat] ?? settings.default;
}
