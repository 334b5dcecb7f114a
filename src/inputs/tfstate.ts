import { ThreatloopError } from "../errors.js";
import { formatIndexKey } from "./address.js";

/** One module of state as `terraform show -json` writes it. */
interface StateModule {
  address?: string;
  resources: Record<string, unknown>[];
  child_modules?: StateModule[];
}

/**
 * Turns a raw state file (the `.tfstate` Terraform keeps, version 4) into the JSON that
 * `terraform show -json` prints for state, so the resource view reads both alike.
 * https://developer.hashicorp.com/terraform/internals/json-format#state-representation
 */
export function convertRawState(raw: unknown, file: string): Record<string, unknown> {
  const state = raw as Record<string, unknown>;
  if (state.version !== 4) {
    throw new ThreatloopError("input", `state file version ${String(state.version)} is not read`, {
      location: { file },
      hint: "threatloop reads version 4 (Terraform 0.12 and later); run terraform show -json",
    });
  }
  if (!Array.isArray(state.resources)) {
    throw new ThreatloopError("input", "the state file has no resources list", {
      location: { file },
      hint: "pass a state file written by Terraform, or the output of terraform show -json",
    });
  }
  const modules = new Map<string, StateModule>([["", { resources: [] }]]);
  for (const resource of state.resources as Record<string, unknown>[]) {
    const module = typeof resource.module === "string" ? resource.module : "";
    const target = moduleFor(modules, module);
    for (const instance of (resource.instances ?? []) as Record<string, unknown>[]) {
      target.resources.push(stateResource(resource, module, instance));
    }
  }
  return {
    format_version: "1.0",
    terraform_version: state.terraform_version,
    values: { root_module: modules.get("") },
  };
}

/** Finds or creates the module at an instance path, creating its parents on the way. */
function moduleFor(modules: Map<string, StateModule>, address: string): StateModule {
  const found = modules.get(address);
  if (found) return found;
  const module: StateModule = { address, resources: [] };
  modules.set(address, module);
  const parent = moduleFor(modules, parentModule(address));
  parent.child_modules ??= [];
  parent.child_modules.push(module);
  return module;
}

/** `module.a["x.y"].module.b` → `module.a["x.y"]`; a quoted key may hold ".module." itself. */
function parentModule(address: string): string {
  let last = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const char = address[i];
    if (quoted && char === "\\") i++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && address.startsWith(".module.", i)) last = i;
  }
  return address.slice(0, last);
}

function stateResource(
  resource: Record<string, unknown>,
  module: string,
  instance: Record<string, unknown>,
): Record<string, unknown> {
  const local = `${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`;
  const key = instance.index_key;
  const suffix = key === undefined ? "" : formatIndexKey(key);
  const address = `${module ? `${module}.` : ""}${local}${suffix}`;
  const converted: Record<string, unknown> = {
    address,
    mode: resource.mode,
    type: resource.type,
    name: resource.name,
    provider_name: providerName(resource.provider),
    schema_version: instance.schema_version ?? 0,
    values: instance.attributes ?? {},
    sensitive_values: sensitiveValues(instance.sensitive_attributes),
  };
  if (key !== undefined) converted.index = key;
  if (typeof instance.deposed === "string") converted.deposed_key = instance.deposed;
  return converted;
}

/** `provider["registry.terraform.io/hashicorp/aws"].east` → the provider's source address. */
function providerName(provider: unknown): string {
  if (typeof provider !== "string") return "";
  const match = /provider\["([^"]+)"\]/.exec(provider);
  return match?.[1] ?? provider;
}

/**
 * State lists sensitive paths as steps (`[{"type":"get_attr","value":"password"}]`); show JSON
 * marks them in a tree shaped like the values instead.
 */
function sensitiveValues(paths: unknown): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  if (!Array.isArray(paths)) return tree;
  for (const path of paths) {
    if (!Array.isArray(path) || path.length === 0) continue;
    let node: Record<string, unknown> = tree;
    path.forEach((step: { value?: unknown }, i: number) => {
      const name = String(isRecord(step.value) ? step.value.value : step.value);
      if (i === path.length - 1) node[name] = true;
      else {
        const next = node[name];
        node[name] = typeof next === "object" && next !== null ? next : {};
        node = node[name] as Record<string, unknown>;
      }
    });
  }
  return tree;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
