import type { ControlUse } from "./types.js";

/**
 * What findings of an inline assertion carry as their control id: the assertion's id behind this
 * prefix. Catalog ids are dotted lower-case words without a colon, so an assertion can neither
 * collide with nor pass for a catalog control; the threat id beside it scopes it to its threat.
 */
export const INLINE_PREFIX = "inline:";

/** The control id a control entry's findings carry: the catalog id, or `inline:<assertion id>`. */
export function controlIdOf(use: ControlUse, index: number): string {
  return use.control ?? `${INLINE_PREFIX}${use.id ?? index}`;
}
