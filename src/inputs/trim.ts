/**
 * Sections of `terraform show -json` output that no policy reads. planned_values repeats every
 * resource's after values and prior_state every before value, so together they are often half
 * the document; parsing them inside WASM costs time and memory for nothing.
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
const UNREAD = new Set([
  "planned_values",
  "prior_state",
  "resource_drift",
  "output_changes",
  "relevant_attributes",
  "checks",
  "variables",
]);

/** planned_values is kept as an empty object: its presence alone marks a plan without changes. */
const KEPT_EMPTY = new Set(["planned_values"]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Removes the sections no policy reads from a show-json document at the byte level, without
 * parsing it. Everything is validated as JSON on the way; when the document is not a valid JSON
 * object, or has nothing to remove, the bytes come back unchanged so that the evaluator reports
 * the problem against the file as written.
 */
export function trimUnreadSections(bytes: Uint8Array): Uint8Array {
  const scanner = new Scanner(bytes);
  let spans: Span[];
  try {
    spans = scanner.topLevelMembers();
  } catch (error) {
    if (error instanceof NotJson) return bytes;
    throw error;
  }
  if (!spans.some((span) => UNREAD.has(span.key))) return bytes;
  return objectOf(readMembers(bytes, spans));
}

/**
 * The members of the given spans that a policy reads, as `"key":value` bytes: the unread
 * sections are left out, and planned_values is kept as an empty object.
 */
export function readMembers(bytes: Uint8Array, spans: Span[]): Uint8Array[] {
  const encoder = new TextEncoder();
  return [
    ...spans
      .filter((span) => !UNREAD.has(span.key))
      .map((span) => bytes.subarray(span.start, span.end)),
    ...spans
      .filter((span) => KEPT_EMPTY.has(span.key))
      .map((span) => encoder.encode(`${JSON.stringify(span.key)}:{}`)),
  ];
}

/** A JSON object of members written as `"key":value` bytes. */
export function objectOf(members: Uint8Array[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode("{")];
  members.forEach((member, i) => {
    if (i > 0) parts.push(encoder.encode(","));
    parts.push(member);
  });
  parts.push(encoder.encode("}"));
  return concatenate(parts);
}

/**
 * The members of a JSON object document as byte spans, or undefined when the bytes are not a
 * valid JSON object without repeated keys. The member named `elementsOf`, when its value is an
 * array, also gets the spans of its elements, found in the same pass.
 */
export function topLevelSpans(bytes: Uint8Array, elementsOf?: string): Span[] | undefined {
  try {
    return new Scanner(bytes).topLevelMembers(elementsOf);
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
}

export interface Span {
  key: string;
  /** Offset of the member's key. */
  start: number;
  /** Offset just past the member's value. */
  end: number;
  /** The spans [start, end) of the elements of an array value, when asked for. */
  elements?: [number, number][];
}

class NotJson extends Error {}

/** A validating JSON scanner over UTF-8 bytes that skips values without building them. */
class Scanner {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  topLevelMembers(elementsOf?: string): Span[] {
    this.space();
    this.expect(0x7b);
    const spans: Span[] = [];
    const seen = new Set<string>();
    this.space();
    if (this.peek() === 0x7d) {
      this.at++;
    } else {
      for (;;) {
        this.space();
        const start = this.at;
        const key = this.key();
        // A repeated key makes the last one win in some parsers and the first in others; such a
        // document is left exactly as it is.
        if (seen.has(key)) throw new NotJson();
        seen.add(key);
        this.space();
        this.expect(0x3a);
        this.space();
        if (key === elementsOf && this.peek() === 0x5b) {
          const elements = this.elements();
          spans.push({ key, start, end: this.at, elements });
        } else {
          this.value(0);
          spans.push({ key, start, end: this.at });
        }
        this.space();
        if (this.peek() === 0x2c) {
          this.at++;
          continue;
        }
        this.expect(0x7d);
        break;
      }
    }
    this.space();
    if (this.at !== this.bytes.length) throw new NotJson();
    return spans;
  }

  /** Element spans of the array that starts here, a member's value at depth 1. */
  private elements(): [number, number][] {
    this.expect(0x5b);
    const spans: [number, number][] = [];
    this.space();
    if (this.peek() === 0x5d) {
      this.at++;
      return spans;
    }
    for (;;) {
      this.space();
      const start = this.at;
      this.value(1);
      spans.push([start, this.at]);
      this.space();
      const next = this.peek();
      this.at++;
      if (next === 0x2c) continue;
      if (next === 0x5d) return spans;
      throw new NotJson();
    }
  }

  private key(): string {
    const start = this.at;
    this.string();
    return JSON.parse(new TextDecoder().decode(this.bytes.subarray(start, this.at))) as string;
  }

  private value(depth: number): void {
    if (depth > 512) throw new NotJson();
    const byte = this.peek();
    if (byte === 0x7b) this.container(0x7d, depth, true);
    else if (byte === 0x5b) this.container(0x5d, depth, false);
    else if (byte === QUOTE) this.string();
    else if (byte === 0x74) this.literal("true");
    else if (byte === 0x66) this.literal("false");
    else if (byte === 0x6e) this.literal("null");
    else this.number();
  }

  private container(close: number, depth: number, object: boolean): void {
    this.at++;
    this.space();
    if (this.peek() === close) {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      if (object) {
        this.string();
        this.space();
        this.expect(0x3a);
        this.space();
      }
      this.value(depth + 1);
      this.space();
      const next = this.peek();
      this.at++;
      if (next === 0x2c) continue;
      if (next === close) return;
      throw new NotJson();
    }
  }

  private string(): void {
    this.expect(QUOTE);
    const bytes = this.bytes;
    for (;;) {
      const byte = bytes[this.at++];
      if (byte === undefined || byte < 0x20) throw new NotJson();
      if (byte === QUOTE) return;
      if (byte === BACKSLASH) {
        const escaped = bytes[this.at++];
        if (escaped === 0x75) {
          for (let i = 0; i < 4; i++) {
            if (!isHex(bytes[this.at++])) throw new NotJson();
          }
        } else if (escaped === undefined || !ESCAPES.has(escaped)) {
          throw new NotJson();
        }
      }
    }
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, byte by byte: numbers are most of a plan's
  // tokens after strings.
  private number(): void {
    if (this.peek() === 0x2d) this.at++;
    if (this.peek() === 0x30) this.at++;
    else if (this.digits() === 0) throw new NotJson();
    if (this.peek() === 0x2e) {
      this.at++;
      if (this.digits() === 0) throw new NotJson();
    }
    const exponent = this.peek();
    if (exponent === 0x65 || exponent === 0x45) {
      this.at++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.at++;
      if (this.digits() === 0) throw new NotJson();
    }
  }

  private digits(): number {
    const from = this.at;
    for (;;) {
      const byte = this.bytes[this.at];
      if (byte === undefined || byte < 0x30 || byte > 0x39) return this.at - from;
      this.at++;
    }
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.bytes[this.at + i] !== word.charCodeAt(i)) throw new NotJson();
    }
    this.at += word.length;
  }

  private space(): void {
    const bytes = this.bytes;
    for (;;) {
      const byte = bytes[this.at];
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return;
      this.at++;
    }
  }

  private peek(): number | undefined {
    return this.bytes[this.at];
  }

  private expect(byte: number): void {
    if (this.bytes[this.at] !== byte) throw new NotJson();
    this.at++;
  }
}

const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isHex(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x46) ||
      (byte >= 0x61 && byte <= 0x66))
  );
}

export function concatenate(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
