import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ThreatloopError } from "../errors.js";
import { formatIndexKey } from "./address.js";
import { type Body, type LabelledBlock, readModuleFiles } from "./hcl-files.js";
import {
  addBlockValues,
  BLOCK_META,
  callInputs,
  expand,
  MODULE_META,
  omit,
  variableScope,
} from "./hcl-scope.js";
import {
  configExpressions,
  parseCalls,
  type Resolved,
  resolveValue,
  type Scope,
} from "./hcl-values.js";
import type { SourcePosition } from "./load.js";

/** A configuration folder converted to plan JSON, with where each resource block is written. */
export interface HclDocument {
  document: Record<string, unknown>;
  sources: Record<string, SourcePosition>;
}

const META = BLOCK_META;

interface Walk {
  changes: Record<string, unknown>[];
  sources: Record<string, SourcePosition>;
  /** Folders on the way down, so a module that calls itself stops. */
  stack: string[];
}

/**
 * Converts a folder of `.tf` and `.tf.json` files into the JSON of a plan that creates every
 * managed resource: literal values and variables with known values are known, everything else is
 * unknown, references are kept in `configuration`, and local module sources are followed.
 * Data sources are left out, as the resource view leaves them out of plans. Without providers
 * there are no schemas, so attributes a provider computes (`id`, `arn`) are absent, not unknown.
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
export async function readHclDirectory(dir: string): Promise<HclDocument> {
  const walk: Walk = { changes: [], sources: {}, stack: [] };
  const rootModule = await convertModule(walk, dir, "", [""], undefined);
  return {
    document: {
      format_version: "1.2",
      resource_changes: walk.changes,
      configuration: { root_module: rootModule },
    },
    sources: walk.sources,
  };
}

/**
 * Converts one module folder, once for its configuration and once per instance of the calls
 * that reach it (`instances` are the module instance paths, such as `module.a["x"]`).
 */
async function convertModule(
  walk: Walk,
  dir: string,
  configPath: string,
  instances: string[],
  inputs: ((instance: string) => Scope) | undefined,
): Promise<Record<string, unknown>> {
  const files = await readModuleFiles(dir);
  files.locals = (await parseCalls(dir, files.locals)) as Body;
  walk.stack.push(resolve(dir));
  const resources: Record<string, unknown>[] = [];
  const parsed: LabelledBlock[] = [];
  for (const block of files.resources) {
    const [type = "", name = ""] = block.labels;
    const configAddress = join2(configPath, `${type}.${name}`);
    checkResourceBlock(block, walk.sources[configAddress]);
    walk.sources[configAddress] = { file: block.file, line: block.line };
    parsed.push({
      ...block,
      body: dynamicUnknown((await parseCalls(block.file, block.body)) as Body),
    });
    resources.push(
      await resourceConfig({ ...block, body: dynamicUnknown(block.body) }, type, name),
    );
  }
  const data = await Promise.all(
    files.data.map(async (block) => ({
      ...block,
      body: dynamicUnknown((await parseCalls(block.file, block.body)) as Body),
    })),
  );
  for (const instance of instances) {
    const scope = variableScope(files, instance === "" ? files.tfvars : {}, inputs?.(instance));
    addBlockValues(scope, parsed, data);
    for (const block of parsed) addChanges(walk, block, instance, scope);
  }
  const moduleCalls: Record<string, unknown> = {};
  for (const call of files.modules) {
    const [name = ""] = call.labels;
    const source = call.body.source;
    const entry: Record<string, unknown> = {
      source,
      expressions: await configExpressions(call.file, omit(call.body, MODULE_META)),
    };
    const childDir = typeof source === "string" ? localSource(dir, source) : undefined;
    if (childDir && !walk.stack.includes(resolve(childDir))) {
      const body = (await parseCalls(call.file, call.body)) as Body;
      const childInstances = new Map<string, Scope>();
      for (const instance of instances) {
        const parent = variableScope(
          files,
          instance === "" ? files.tfvars : {},
          inputs?.(instance),
        );
        for (const { key, scope } of expand(body, parent)) {
          const address = join2(
            instance,
            `module.${name}${key === undefined ? "" : formatIndexKey(key)}`,
          );
          childInstances.set(address, scope);
        }
      }
      entry.module = await convertModule(
        walk,
        childDir,
        join2(configPath, `module.${name}`),
        [...childInstances.keys()],
        (address) => callInputs(body, childInstances.get(address) ?? new Map()),
      );
    }
    moduleCalls[name] = entry;
  }
  walk.stack.pop();
  return { resources, module_calls: moduleCalls };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Refuses what Terraform refuses: a malformed type or name, or a resource declared twice. */
function checkResourceBlock(block: LabelledBlock, first: SourcePosition | undefined): void {
  const [type = "", name = ""] = block.labels;
  const location = { file: block.file, line: block.line };
  for (const [what, label] of [
    ["type", type],
    ["name", name],
  ] as const) {
    if (!NAME.test(label)) {
      throw new ThreatloopError("input", `invalid resource ${what} ${JSON.stringify(label)}`, {
        location,
        hint: "a name starts with a letter or underscore and holds letters, digits, _ and -",
      });
    }
  }
  if (first) {
    throw new ThreatloopError("input", `resource "${type}" "${name}" is declared twice`, {
      location,
      hint: `the first is at ${first.file}:${first.line}; Terraform refuses this folder too`,
    });
  }
}

async function resourceConfig(block: LabelledBlock, type: string, name: string) {
  const config: Record<string, unknown> = {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_config_key: providerOf(type),
    expressions: await configExpressions(block.file, omit(block.body, META)),
    schema_version: 0,
  };
  if ("count" in block.body) config.count_expression = {};
  if ("for_each" in block.body) config.for_each_expression = {};
  return config;
}

function addChanges(walk: Walk, block: LabelledBlock, module: string, scope: Scope): void {
  const [type = "", name = ""] = block.labels;
  for (const { key, scope: instanceScope } of expand(block.body, scope)) {
    const resolved = resolveValue(omit(block.body, META), instanceScope);
    const local = `${type}.${name}${key === undefined ? "" : formatIndexKey(key)}`;
    const change: Record<string, unknown> = {
      address: join2(module, local),
      mode: "managed",
      type,
      name,
      provider_name: `registry.terraform.io/hashicorp/${providerOf(type)}`,
      change: changeOf(resolved),
    };
    if (module !== "") change.module_address = module;
    if (key !== undefined) change.index = key;
    walk.changes.push(change);
  }
}

/**
 * A `dynamic` block's content depends on its for_each, which is read only at plan time: the
 * blocks it makes are unknown, as an unknown expression (`${dynamic.<name>}`) is. A static block
 * of the same name beside it is then unknown too, the whole list not being known.
 */
export function dynamicUnknown(body: Body): Body {
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "dynamic") continue;
    out[key] = isBodyList(value) ? value.map(dynamicUnknown) : value;
  }
  const dynamic = body.dynamic;
  if (typeof dynamic === "object" && dynamic !== null && !Array.isArray(dynamic)) {
    for (const name of Object.keys(dynamic)) out[name] = `\${dynamic.${name}}`;
  }
  return out;
}

function isBodyList(value: unknown): value is Body[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))
  );
}

function changeOf(resolved: Resolved): Record<string, unknown> {
  return {
    actions: ["create"],
    before: null,
    after: resolved.after ?? {},
    after_unknown: typeof resolved.unknown === "object" ? resolved.unknown : {},
    before_sensitive: false,
    after_sensitive: typeof resolved.sensitive === "object" ? resolved.sensitive : {},
  };
}

function localSource(dir: string, source: string): string | undefined {
  if (!source.startsWith("./") && !source.startsWith("../")) return undefined;
  const child = join(dir, source);
  return existsSync(child) ? child : undefined;
}

/** The provider's local name is the type's first word (`aws_s3_bucket` → `aws`). */
function providerOf(type: string): string {
  return type.split("_")[0] ?? type;
}

function join2(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}
