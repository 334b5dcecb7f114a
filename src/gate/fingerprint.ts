import { hash } from "node:crypto";
import type { Finding } from "../evaluate/findings.js";

/** Version prefix hashed into every fingerprint, so a change of recipe never collides. */
const RECIPE = "threatloop.fingerprint/v1";

/**
 * A stable identity for a verdict: threat, control and resource address, and nothing that changes
 * between runs on the same configuration (messages, attribute details, order). 32 hex digits.
 */
export function fingerprintOf(finding: Pick<Finding, "threat" | "control" | "address">): string {
  // One-shot hashing, and hex of the first 16 bytes rather than a slice of the full hex text,
  // which would keep the whole 64-character text alive: a 50,000-resource plan has 70,000 of them.
  return hash(
    "sha256",
    [RECIPE, finding.threat, finding.control, finding.address].join("\u0000"),
    "buffer",
  ).toString("hex", 0, 16);
}
