import { formatLocation } from "../errors.js";
import type { Problem } from "../model/validate.js";

/** One problem of a model as the CLI prints it: position, severity, message and hint. */
export function problemLine(problem: Problem): string {
  const hint = problem.hint ? ` (hint: ${problem.hint})` : "";
  return `${formatLocation(problem.location)}: ${problem.severity}: ${problem.message}${hint}`;
}
