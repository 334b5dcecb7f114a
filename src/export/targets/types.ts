import type { GeneratedFile, GenerateResult } from "../../generate/generate.js";

/** The platforms threatloop exports policies to, each in its own file beside this one. */
export const EXPORT_TARGETS = ["hcp", "spacelift", "conftest"] as const;
export type ExportTargetName = (typeof EXPORT_TARGETS)[number];

/** The file every export directory holds, naming the target, model and tool that wrote it. */
export const EXPORT_MARKER = "threatloop-export.json";

/**
 * One export target: turns generated policies into a directory ready to commit for another
 * engine, including a README.md of what the engine loses compared with threatloop eval.
 */
export interface ExportTarget {
  name: ExportTargetName;
  description: string;
  /** Files of the export directory, relative to it, marker and README included. */
  render(generated: GenerateResult): GeneratedFile[];
}
