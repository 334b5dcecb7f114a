import { createHash } from "node:crypto";
import type { Finding } from "../evaluate/findings.js";

/** Version prefix hashed into every fingerprint, so a change of recipe never collides. */
const RECIPE = "threatloop.fingerprint/v1";

/**
 * A stable identity for a verdict: threat, control and resource address, and nothing that changes
 * between runs on the same configuration (messages, attribute details, order). 32 hex digits.
 */
export function fingerprintOf(finding: Pick<Finding, "threat" | "control" | "address">): string {
  return createHash("sha256")
    .update([RECIPE, finding.threat, finding.control, finding.address].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}
