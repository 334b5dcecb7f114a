import { policyDocumentJson } from "./hcl-data.js";
import type { Body, LabelledBlock, ModuleFiles } from "./hcl-files.js";
import { resolveValue, type Scope } from "./hcl-values.js";

/** Arguments of a module call that Terraform handles itself; they are not inputs. */
export const MODULE_META = ["source", "version", "count", "for_each", "providers", "depends_on"];

/**
 * The instances of a block with count or for_each. When the count or the collection is not known
 * without applying, one instance without a key stands for all of them.
 */
export function expand(body: Body, scope: Scope): { key?: string | number; scope: Scope }[] {
  if ("count" in body) {
    const count = resolveValue(body.count, scope).after;
    if (typeof count !== "number") return [{ scope }];
    return Array.from({ length: count }, (_, index) => ({
      key: index,
      scope: new Map(scope).set("count.index", { known: true, value: index, sensitive: false }),
    }));
  }
  if ("for_each" in body) {
    const collection = resolveValue(body.for_each, scope);
    if (collection.unknown !== false || typeof collection.after !== "object") return [{ scope }];
    const entries = Array.isArray(collection.after)
      ? collection.after.map((item) => [String(item), item] as const)
      : Object.entries(collection.after as Record<string, unknown>);
    return entries.map(([key, value]) => ({
      key,
      scope: new Map(scope)
        .set("each.key", { known: true, value: key, sensitive: false })
        .set("each.value", { known: true, value, sensitive: false }),
    }));
  }
  return [{ scope }];
}

/**
 * Variables in scope: tfvars (root only) or the call's inputs, else defaults, else unknown; then
 * locals, worked out in as many passes as they refer to each other.
 */
export function variableScope(files: ModuleFiles, tfvars: Body, inputs?: Scope): Scope {
  const scope: Scope = new Map();
  for (const variable of files.variables) {
    const [name = ""] = variable.labels;
    const sensitive = variable.body.sensitive === true;
    const given = inputs?.get(name);
    if (given) scope.set(`var.${name}`, { ...given, sensitive: given.sensitive || sensitive });
    else if (name in tfvars)
      scope.set(`var.${name}`, { known: true, value: tfvars[name], sensitive });
    else if ("default" in variable.body) {
      const value = resolveValue(variable.body.default, new Map());
      scope.set(`var.${name}`, { known: value.unknown === false, value: value.after, sensitive });
    } else scope.set(`var.${name}`, { known: false, sensitive });
  }
  addLocals(scope, files.locals);
  return scope;
}

function addLocals(scope: Scope, locals: Body): void {
  const pending = new Map(Object.entries(locals));
  for (let progress = true; progress && pending.size > 0; ) {
    progress = false;
    for (const [name, value] of pending) {
      const resolved = resolveValue(value, scope);
      if (resolved.unknown !== false) continue;
      scope.set(`local.${name}`, {
        known: true,
        value: resolved.after,
        sensitive: resolved.sensitive !== false,
      });
      pending.delete(name);
      progress = true;
    }
  }
  for (const name of pending.keys()) scope.set(`local.${name}`, { known: false, sensitive: false });
}

/** The values a module call passes to each variable of the module, resolved in the caller. */
export function callInputs(body: Body, scope: Scope): Scope {
  const inputs: Scope = new Map();
  for (const [name, value] of Object.entries(omit(body, MODULE_META))) {
    const resolved = resolveValue(value, scope);
    inputs.set(name, {
      known: resolved.unknown === false,
      value: resolved.after,
      sensitive: resolved.sensitive !== false,
    });
  }
  return inputs;
}

/** The body without the given arguments. */
export function omit(body: Body, keys: readonly string[]): Body {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}

/** Arguments Terraform handles itself in resource and data blocks; they are not attributes. */
export const BLOCK_META = [
  "count",
  "for_each",
  "provider",
  "depends_on",
  "lifecycle",
  "provisioner",
] as const;

/**
 * Adds what a plan knows of the module's other blocks: each attribute of a resource without
 * count or for_each whose value is known (`aws_iam_user.u.name`), and the `json` of each
 * `aws_iam_policy_document` data source whose arguments are known. Attributes a provider
 * computes (`id`, `arn`) stay out, and so unknown. Passes repeat while a block's value
 * becomes known through another's.
 */
export function addBlockValues(scope: Scope, resources: LabelledBlock[], data: LabelledBlock[]) {
  const single = (block: LabelledBlock) => !("count" in block.body || "for_each" in block.body);
  const pending = new Map<string, () => ReturnType<typeof resolveValue>>();
  for (const block of resources.filter(single)) {
    const [type = "", name = ""] = block.labels;
    for (const [attr, value] of Object.entries(omit(block.body, BLOCK_META))) {
      pending.set(`${type}.${name}.${attr}`, () => resolveValue(value, scope));
    }
  }
  for (const block of data.filter(single)) {
    const [type = "", name = ""] = block.labels;
    if (type !== "aws_iam_policy_document") continue;
    const body = omit(block.body, BLOCK_META);
    pending.set(`data.${type}.${name}.json`, () => policyDocumentJson(body, scope));
  }
  for (let progress = true; progress && pending.size > 0; ) {
    progress = false;
    for (const [key, resolve] of pending) {
      const resolved = resolve();
      if (resolved.unknown !== false) continue;
      scope.set(key, {
        known: true,
        value: resolved.after,
        sensitive: resolved.sensitive !== false,
      });
      pending.delete(key);
      progress = true;
    }
  }
}
