import type { ThreatModel } from "../types.js";

/** The formats threatloop imports. */
export const IMPORT_FORMATS = ["otm", "threat-dragon", "threagile"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Something in the source that the native model cannot hold, and why. */
export interface Dropped {
  /** Where it was in the source, as a dotted path. */
  path: string;
  reason: string;
}

/** A value the source did not give and the importer filled in, for the engineer to review. */
export interface Assumed {
  /** Where it is in the imported model, as a dotted path. */
  path: string;
  value: string;
  reason: string;
}

/** The outcome of an import: the model, what was dropped and what was assumed. */
export interface ImportResult {
  format: ImportFormat;
  model: ThreatModel;
  dropped: Dropped[];
  assumed: Assumed[];
}
