import { conftestTarget } from "./conftest.js";
import { hcpTarget } from "./hcp.js";
import { spaceliftTarget } from "./spacelift.js";
import type { ExportTarget, ExportTargetName } from "./types.js";

/** Every export target by name. */
export const TARGETS: Record<ExportTargetName, ExportTarget> = {
  hcp: hcpTarget,
  spacelift: spaceliftTarget,
  conftest: conftestTarget,
};
