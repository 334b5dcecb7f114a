/**
 * Canonical forms for comparing attribute values: JSON policy documents are parsed, their keys
 * sorted, single values and one-element lists made alike, and `"*"` and `{"AWS": "*"}` made the
 * same principal, so a reordered or reformatted policy is not drift.
 */
export function canonicalValue(value: unknown): unknown {
  if (typeof value === "string") {
    const document = parsePolicy(value);
    return document === undefined ? value : canonicalPolicy(document);
  }
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value && typeof value === "object")
    return sortKeys(value as Record<string, unknown>, canonicalValue);
  return value;
}

function parsePolicy(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || !trimmed.includes("Statement")) return undefined;
  try {
    const parsed = JSON.parse(trimmed);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const LIST_FIELDS = new Set(["Action", "NotAction", "Resource", "NotResource"]);

function canonicalPolicy(document: Record<string, unknown>): unknown {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return {
    ...sortKeys(document, (v) => v),
    Statement: statements.map((s) => canonicalStatement(s as Record<string, unknown>)),
  };
}

function canonicalStatement(statement: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(statement).sort()) {
    const value = statement[key];
    if (LIST_FIELDS.has(key)) out[key] = asSortedList(value);
    else if (key === "Principal" || key === "NotPrincipal") out[key] = canonicalPrincipal(value);
    else out[key] = canonicalValue(value);
  }
  return out;
}

function canonicalPrincipal(value: unknown): unknown {
  if (value === "*") return { AWS: ["*"] };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return sortKeys(value as Record<string, unknown>, asSortedList);
  }
  return value;
}

function asSortedList(value: unknown): unknown[] {
  const list = Array.isArray(value) ? value : [value];
  return [...list].map(String).sort();
}

function sortKeys(
  value: Record<string, unknown>,
  each: (v: unknown) => unknown,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, each(value[key])]),
  );
}

/** Deep equality of canonical forms. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonicalValue(a)) === JSON.stringify(canonicalValue(b));
}
