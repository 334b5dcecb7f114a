/** Where in a file a problem was found. Lines and columns count from 1. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Stable error codes, shared by messages, tests and the JSON output. */
export const ERROR_CODES = [
  "usage",
  "input",
  "model",
  "catalog",
  "generate",
  "compile",
  "evaluate",
  "tool",
  "io",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ThreatloopErrorOptions {
  hint?: string;
  location?: SourceLocation;
  cause?: unknown;
  /** Further lines shown under the message, such as a subprocess's stderr. */
  details?: string;
}

/**
 * The one error type of threatloop. It renders itself as one line: where, what failed, and a
 * hint. Every failure a user can cause ends in exit code 2.
 */
export class ThreatloopError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly details: string | undefined;

  constructor(code: ErrorCode, message: string, options: ThreatloopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ThreatloopError";
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.details = options.details;
  }

  /** The single line a user sees, such as `model.yaml:3:5: unknown component "db" (hint: …)`. */
  render(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : "";
    const hint = this.hint ? ` (hint: ${this.hint})` : "";
    return `${where}${this.message}${hint}`;
  }
}

/** `file:line:column`, leaving out what is not known. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

/** Turns anything thrown (strings and plain objects included) into a real Error. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === "string") return new Error(thrown);
  if (thrown && typeof thrown === "object" && "message" in thrown) {
    return new Error(String((thrown as { message: unknown }).message));
  }
  return new Error(`non-error value thrown: ${truncate(safeString(thrown), 200)}`);
}

/** Shortens text for messages, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
