import type { Body } from "./hcl-files.js";
import { type Resolved, resolveValue, type Scope } from "./hcl-values.js";

const UNKNOWN: Resolved = { unknown: true, sensitive: false };

/** Arguments that merge in other documents, which this reader does not follow. */
const MERGING = [
  "source_json",
  "override_json",
  "source_policy_documents",
  "override_policy_documents",
];

/**
 * The `json` of an `aws_iam_policy_document` data source. Terraform works it out at plan time
 * when every argument is known, as the provider reads nothing from AWS for it; the document is
 * written as the provider writes it (`Effect` defaults to Allow, one-element lists become a
 * string, `principals` of type `*` with identifier `*` become `"*"`). A document that merges
 * in others, or holds a value not known before apply, is unknown.
 * See the provider's data source:
 * registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */
export function policyDocumentJson(body: Body, scope: Scope): Resolved {
  if (MERGING.some((key) => key in body)) return UNKNOWN;
  const resolved = resolveValue(body, scope);
  if (resolved.unknown !== false) return { unknown: true, sensitive: resolved.sensitive !== false };
  const after = resolved.after as Body;
  const statements = blocks(after.statement).map((s) => {
    const out: Record<string, unknown> = {};
    if (typeof s.sid === "string" && s.sid !== "") out.Sid = s.sid;
    out.Effect = typeof s.effect === "string" ? s.effect : "Allow";
    copyList(out, "Action", s.actions);
    copyList(out, "NotAction", s.not_actions);
    copyList(out, "Resource", s.resources);
    copyList(out, "NotResource", s.not_resources);
    copyPrincipals(out, "Principal", s.principals);
    copyPrincipals(out, "NotPrincipal", s.not_principals);
    const conditions: Record<string, Record<string, unknown>> = {};
    for (const c of blocks(s.condition)) {
      const test = String(c.test);
      conditions[test] = { ...conditions[test], [String(c.variable)]: single(c.values) };
    }
    if (Object.keys(conditions).length > 0) out.Condition = conditions;
    return out;
  });
  const document: Record<string, unknown> = {
    Version: typeof after.version === "string" ? after.version : "2012-10-17",
  };
  if (typeof after.policy_id === "string") document.Id = after.policy_id;
  document.Statement = statements;
  return {
    after: JSON.stringify(document),
    unknown: false,
    sensitive: resolved.sensitive !== false,
  };
}

function blocks(value: unknown): Body[] {
  return Array.isArray(value) ? value.filter((item): item is Body => isBody(item)) : [];
}

function isBody(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function copyList(out: Record<string, unknown>, key: string, value: unknown): void {
  if (Array.isArray(value) && value.length > 0) out[key] = single(value);
}

function copyPrincipals(out: Record<string, unknown>, key: string, value: unknown): void {
  const principals = blocks(value);
  if (principals.length === 0) return;
  const everyone = principals.every(
    (p) => p.type === "*" && Array.isArray(p.identifiers) && p.identifiers.every((i) => i === "*"),
  );
  if (everyone) {
    out[key] = "*";
    return;
  }
  const map: Record<string, unknown[]> = {};
  for (const p of principals) {
    const ids = Array.isArray(p.identifiers) ? p.identifiers : [];
    map[String(p.type)] = [...(map[String(p.type)] ?? []), ...ids];
  }
  out[key] = Object.fromEntries(Object.entries(map).map(([type, ids]) => [type, single(ids)]));
}
