import { ThreatloopError } from "../../errors.js";
import { configAddressOf } from "../../inputs/address.js";
import { locateJsonError, readInputDocument } from "../../inputs/read.js";

/** A managed resource of a plan or state, with what derivation and binding checks need. */
export interface TerraformResource {
  /** The full instance address, such as `module.a["k"].aws_s3_bucket.b[0]`. */
  address: string;
  /** The configuration address: module path without instance keys, then type.name. */
  config: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  /** Attribute name → configuration addresses it refers to (from the plan's configuration). */
  references: Record<string, string[]>;
}

/** What a plan or state document holds, read once in JavaScript for init and validate --plan. */
export interface TerraformResources {
  kind: "plan" | "state";
  resources: TerraformResource[];
}

type Json = Record<string, unknown>;

/**
 * Reads managed resources from `terraform show -json` output (Terraform JSON output format,
 * https://developer.hashicorp.com/terraform/internals/json-format): planned values for a plan,
 * values for state, and the references of each resource's configuration expressions.
 */
export function readTerraformResources(file: string): TerraformResources {
  const document = readInputDocument(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(document.bytes));
  } catch {
    throw (
      locateJsonError(document) ??
      new ThreatloopError("input", "invalid JSON", { location: { file } })
    );
  }
  const root = isJson(parsed) && isJson(parsed.plan) ? parsed.plan : parsed;
  // An empty state shows as nothing but its format version.
  if (isJson(root) && root.format_version !== undefined && Object.keys(root).length === 1) {
    return { kind: "state", resources: [] };
  }
  if (!isJson(root) || (!isJson(root.planned_values) && !isJson(root.values))) {
    throw new ThreatloopError("input", "neither a plan nor a state: no planned_values or values", {
      location: { file },
      hint: "pass the output of terraform show -json",
    });
  }
  const kind = isJson(root.planned_values) ? "plan" : "state";
  const values = (kind === "plan" ? root.planned_values : root.values) as Json;
  const references = new Map<string, Record<string, string[]>>();
  const configuration = isJson(root.configuration) ? root.configuration : {};
  if (isJson(configuration.root_module))
    collectReferences(configuration.root_module, "", references);
  const resources: TerraformResource[] = [];
  if (isJson(values.root_module)) collectResources(values.root_module, resources, references);
  return { kind, resources };
}

function collectResources(
  module: Json,
  out: TerraformResource[],
  references: Map<string, Record<string, string[]>>,
): void {
  for (const resource of list(module.resources)) {
    if (!isJson(resource) || resource.mode !== "managed") continue;
    const address = String(resource.address);
    const config = configAddressOf(address);
    out.push({
      address,
      config,
      type: String(resource.type),
      name: String(resource.name),
      values: isJson(resource.values) ? resource.values : {},
      references: references.get(config) ?? {},
    });
  }
  for (const child of list(module.child_modules))
    if (isJson(child)) collectResources(child, out, references);
}

function collectReferences(
  module: Json,
  prefix: string,
  out: Map<string, Record<string, string[]>>,
): void {
  for (const resource of list(module.resources)) {
    if (!isJson(resource) || resource.mode !== "managed") continue;
    const byAttribute: Record<string, string[]> = {};
    const expressions = isJson(resource.expressions) ? resource.expressions : {};
    for (const [attribute, expression] of Object.entries(expressions)) {
      const targets = new Set<string>();
      gatherReferences(expression, prefix, targets);
      if (targets.size > 0) byAttribute[attribute] = [...targets].sort();
    }
    out.set(`${prefix}${resource.address}`, byAttribute);
  }
  const calls = isJson(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isJson(call) && isJson(call.module))
      collectReferences(call.module, `${prefix}module.${name}.`, out);
  }
}

/** Resource addresses an expression refers to; `aws_s3_bucket.b.id` gives `aws_s3_bucket.b`. */
function gatherReferences(expression: unknown, prefix: string, out: Set<string>): void {
  if (Array.isArray(expression)) {
    for (const item of expression) gatherReferences(item, prefix, out);
    return;
  }
  if (!isJson(expression)) return;
  if (Array.isArray(expression.references)) {
    for (const reference of expression.references) {
      const parts = configAddressOf(String(reference)).split(".");
      // var., local., data., module outputs and each./count. are not resources of this module.
      if (parts.length >= 2 && /^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(parts[0] ?? "")) {
        out.add(`${prefix}${parts[0]}.${parts[1]}`);
      }
    }
    return;
  }
  for (const value of Object.values(expression)) gatherReferences(value, prefix, out);
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
