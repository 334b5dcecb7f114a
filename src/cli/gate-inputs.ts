import { type Baseline, loadBaseline } from "../gate/baseline.js";
import { loadGateConfig } from "../gate/config.js";
import type { FailOn, GateOptions, UnknownPolicy } from "../gate/gate.js";
import { loadWaivers } from "../gate/waivers.js";
import type { Io } from "./context.js";

/** The gate options of eval as the command line gives them; all optional. */
export interface GateFlags {
  config?: string;
  failOn?: FailOn;
  unknown?: UnknownPolicy;
  waivers?: string;
  baseline?: string;
}

/** Defaults when neither the command line nor the config file says otherwise. */
export const GATE_DEFAULTS = { failOn: "low", unknown: "warn" } as const;

/**
 * The gate's options: the command line first, then threatloop.config.yaml, then the defaults.
 * Waivers are checked against the clock's date (UTC), read here and nowhere in the library.
 */
export async function gateOptionsFor(
  io: Io,
  flags: GateFlags,
  now = new Date(),
): Promise<GateOptions> {
  const config = await loadGateConfig(flags.config, io.cwd);
  const waiversFile = flags.waivers ?? config.waivers;
  const baselineFile = flags.baseline ?? config.baseline;
  const baseline: Baseline | undefined = baselineFile ? loadBaseline(baselineFile) : undefined;
  const waivers = waiversFile ? await loadWaivers(waiversFile) : undefined;
  return {
    failOn: flags.failOn ?? config.failOn ?? GATE_DEFAULTS.failOn,
    unknown: flags.unknown ?? config.unknown ?? GATE_DEFAULTS.unknown,
    enforcement: config.enforcement,
    ...(waivers ? { waivers: { list: waivers, today: now.toISOString().slice(0, 10) } } : {}),
    ...(baseline ? { baseline } : {}),
  };
}
