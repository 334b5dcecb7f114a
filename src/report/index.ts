import { jsonReporter } from "./json.js";
import { textReporter } from "./text.js";
import type { Reporter } from "./types.js";

/** Output formats of eval, shared by the help text and the option check. */
export const FORMATS = ["text", "json"] as const;
export type Format = (typeof FORMATS)[number];

const REPORTERS: Record<Format, Reporter> = { text: textReporter, json: jsonReporter };

export function reporterFor(format: Format): Reporter {
  return REPORTERS[format];
}
