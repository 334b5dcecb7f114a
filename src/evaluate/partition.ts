import { configAddressOf } from "../inputs/address.js";
import { concatenate, objectOf, readMembers, type Span, topLevelSpans } from "../inputs/trim.js";

/**
 * What the policy tells a host about evaluating a plan in parts (its partitioning entrypoint):
 * the attributes that link resources by a literal value, the account-wide types that every
 * part must hold, and the threats that must see the whole plan.
 */
export interface PartitionRules {
  /** "<referring type>.<attribute>" → the type it names and that type's attributes compared. */
  relations: Record<string, { to: string; keys: string[] }>;
  account_wide: string[];
  /** Rego package names (last segment) of threats evaluated on the whole plan only. */
  whole: string[];
}

/** One part of a plan: a complete plan document holding a subset of the resource changes. */
export interface PlanPart {
  bytes: Uint8Array;
  /**
   * Account-wide resources copied into this part so that its controls can consult them; their
   * own verdicts come from the first part, which owns them.
   */
  borrowed: Set<string>;
  /** How many managed resource changes were borrowed, to leave out of the part's count. */
  borrowedChanges: number;
}

interface Change {
  address: string;
  mode: unknown;
  type: string;
  module: string;
  index: string;
  config: string;
  start: number;
  end: number;
  /** "<type>\0<value>" of each literal value of a key attribute that relations compare. */
  names: string[];
  /** "<target type>\0<value>" of each literal value of an attribute that names a target. */
  asks: string[];
}

/** Which attributes of which types relations read, by type. */
interface Literals {
  /** Key attributes of target types. */
  keys: Map<string, string[]>;
  /** [attribute, target type] pairs of referring types. */
  referring: Map<string, [string, string][]>;
}

/** A reference from a block of one module's configuration to a resource block. */
interface Edge {
  from: string;
  target: string;
  /** JSON of the instance key the reference names, or null for a keyless reference. */
  key: string | null;
  /** For a reference through a module input: the module call whose input carries it. */
  call?: string;
}

const encoder = new TextEncoder();

/**
 * Splits a plan into parts of about `partBytes` of resource changes, keeping together every group
 * of resources that a control may judge together: those joined by a reference of the
 * configuration (per module instance, pairing count and for_each keys as the library does, or
 * every instance when unsure), through a module input, or by a literal value of a related
 * attribute. Each part keeps the configuration of its own blocks and every other section a policy
 * reads (see trim.ts). Returns undefined when the document is not a plan that can be split, or
 * when it would make one part only.
 */
export function planParts(
  bytes: Uint8Array,
  rules: PartitionRules,
  partBytes: number,
): PlanPart[] | undefined {
  const spans = topLevelSpans(bytes, "resource_changes");
  const changesSpan = spans?.find((span) => span.key === "resource_changes");
  if (!spans || !changesSpan) return undefined;
  const elements = changesSpan.elements;
  const changes = elements && readChanges(bytes, elements, literalAttributes(rules));
  if (!changes || changes.length < 2) return undefined;

  const accountWide = new Set(rules.account_wide);
  const ids = new Map<string, number>();
  for (const change of changes) if (!ids.has(change.address)) ids.set(change.address, ids.size);
  const groups = new UnionFind(ids.size);
  const id = (change: Change) => ids.get(change.address) as number;
  const linkable = changes.filter((c) => c.mode === "managed" && !accountWide.has(c.type));

  const instances = indexInstances(linkable, id);
  const configuration = memberValue(bytes, spans, "configuration");
  for (const edge of configurationEdges(configuration)) joinEdge(edge, instances, groups);
  joinLiterals(linkable, id, groups);

  const shared = readMembers(
    bytes,
    spans.filter((span) => span !== changesSpan && span.key !== "configuration"),
  );
  const everywhere = changes.filter((c) => c.mode === "managed" && accountWide.has(c.type));
  const borrowable = new Set(everywhere);
  const packed = pack(
    changes.filter((c) => !borrowable.has(c)),
    (change) => groups.find(id(change)),
    partBytes,
  );
  if (packed.length < 2) return undefined;
  return packed.map((own, i) => ({
    bytes: partDocument(
      bytes,
      [...shared, ...configurationMember(configuration, own, everywhere)],
      [...own, ...everywhere],
    ),
    borrowed: new Set(i === 0 ? [] : everywhere.map((c) => c.address)),
    borrowedChanges: i === 0 ? 0 : everywhere.length,
  }));
}

function readChanges(
  bytes: Uint8Array,
  elements: [number, number][],
  literals: Literals,
): Change[] | undefined {
  const decoder = new TextDecoder();
  const changes: Change[] = [];
  for (const [start, end] of elements) {
    const rc = JSON.parse(decoder.decode(bytes.subarray(start, end))) as Record<string, unknown>;
    const { address, type, name } = rc ?? {};
    if (typeof address !== "string" || typeof type !== "string" || typeof name !== "string") {
      return undefined;
    }
    const module = typeof rc.module_address === "string" ? rc.module_address : "";
    const states = isObject(rc.change) ? [rc.change.before, rc.change.after] : [];
    changes.push({
      address,
      mode: rc.mode,
      type,
      module,
      index: JSON.stringify(rc.index ?? null),
      config: configAddressOf(address),
      start,
      end,
      names: (literals.keys.get(type) ?? []).flatMap((key) =>
        stringsAt(states, key).map((value) => `${type}\u0000${value}`),
      ),
      asks: (literals.referring.get(type) ?? []).flatMap(([attr, to]) =>
        stringsAt(states, attr).map((value) => `${to}\u0000${value}`),
      ),
    });
  }
  return changes;
}

function literalAttributes(rules: PartitionRules): Literals {
  const keys = new Map<string, string[]>();
  const referring = new Map<string, [string, string][]>();
  for (const [relation, { to, keys: compared }] of Object.entries(rules.relations)) {
    const dot = relation.indexOf(".");
    keys.set(to, [...new Set([...(keys.get(to) ?? []), ...compared])]);
    const type = relation.slice(0, dot);
    referring.set(type, [...(referring.get(type) ?? []), [relation.slice(dot + 1), to]]);
  }
  return { keys, referring };
}

/** instances[config][module instance][index JSON] = node id. */
type Instances = Map<string, Map<string, Map<string, number>>>;

function indexInstances(changes: Change[], id: (change: Change) => number): Instances {
  const instances: Instances = new Map();
  for (const change of changes) {
    const byModule = instances.get(change.config) ?? new Map<string, Map<string, number>>();
    instances.set(change.config, byModule);
    const byIndex = byModule.get(change.module) ?? new Map<string, number>();
    byModule.set(change.module, byIndex);
    byIndex.set(change.index, id(change));
  }
  return instances;
}

function joinEdge(edge: Edge, instances: Instances, groups: UnionFind): void {
  for (const [module, from] of instances.get(edge.from) ?? []) {
    let targetModule = module;
    let moduleKey: string | null = null;
    if (edge.call !== undefined) {
      const call = lastModuleCall(module);
      if (!call || call.name !== edge.call) continue;
      targetModule = call.parent;
      moduleKey = call.key;
    }
    const targets = instances.get(edge.target)?.get(targetModule);
    if (!targets) continue;
    for (const [index, node] of from) {
      const wanted = edge.key ?? (edge.call !== undefined ? moduleKey : index) ?? "null";
      const target = targets.get(wanted);
      if (target !== undefined) {
        groups.union(node, target);
      } else {
        // Not one instance the library would pair: keep the referrer with all of them.
        for (const other of targets.values()) groups.union(node, other);
      }
    }
  }
}

/** Joins resources whose related attribute holds a literal value of a target's key attribute. */
function joinLiterals(changes: Change[], id: (change: Change) => number, groups: UnionFind): void {
  const named = new Map<string, number>();
  for (const change of changes) {
    for (const name of change.names) {
      const earlier = named.get(name);
      if (earlier === undefined) named.set(name, id(change));
      else groups.union(earlier, id(change));
    }
  }
  for (const change of changes) {
    for (const ask of change.asks) {
      const target = named.get(ask);
      if (target !== undefined) groups.union(id(change), target);
    }
  }
}

function stringsAt(states: unknown[], key: string): string[] {
  return states.flatMap((state) => {
    const value = isObject(state) ? state[key] : undefined;
    return typeof value === "string" ? [value] : [];
  });
}

/**
 * Every reference of the configuration from a managed resource block to a resource block of the
 * same module, and through a module input to a resource block of the calling module.
 */
function configurationEdges(configuration: unknown): Edge[] {
  const edges: Edge[] = [];
  const visit = (module: unknown, path: string, parent: string, call: string, inputs: unknown) => {
    if (!isObject(module)) return;
    for (const block of asArray(module.resources)) {
      if (!isObject(block) || block.mode !== "managed" || typeof block.address !== "string") {
        continue;
      }
      const from = join(path, block.address);
      for (const reference of references(block.expressions)) {
        const target = resourceReference(reference);
        if (target) edges.push({ from, target: join(path, target.name), key: target.key });
        const input = /^var\.([a-zA-Z_][a-zA-Z0-9_-]*)$/.exec(reference)?.[1];
        if (input === undefined || path === "" || !isObject(inputs)) continue;
        for (const passed of references(inputs[input])) {
          const caller = resourceReference(passed);
          if (caller) {
            edges.push({ from, target: join(parent, caller.name), key: caller.key, call });
          }
        }
      }
    }
    const calls = isObject(module.module_calls) ? module.module_calls : {};
    for (const [name, value] of Object.entries(calls)) {
      if (!isObject(value)) continue;
      visit(value.module, join(path, `module.${name}`), path, name, value.expressions);
    }
  };
  if (isObject(configuration)) visit(configuration.root_module, "", "", "", undefined);
  return edges;
}

/** Every reference listed anywhere in an expressions object. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) references(item, out);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "references" && Array.isArray(item)) {
        for (const reference of item) if (typeof reference === "string") out.push(reference);
      } else {
        references(item, out);
      }
    }
  }
  return out;
}

const NOT_RESOURCES = new Set([
  "var",
  "local",
  "module",
  "data",
  "each",
  "count",
  "path",
  "self",
  "terraform",
]);
const REFERENCE =
  /^([a-zA-Z][a-zA-Z0-9_]*)\.([a-zA-Z_][a-zA-Z0-9_-]*)(\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?/;
const MODULE_CALL = /module\.([^.[]+)(\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?/g;

/** "aws_s3_bucket.b[0].id" → the block "aws_s3_bucket.b" and the key "0"; null when keyless. */
function resourceReference(reference: string): { name: string; key: string | null } | undefined {
  const match = REFERENCE.exec(reference);
  if (!match || NOT_RESOURCES.has(match[1] as string)) return undefined;
  return { name: `${match[1]}.${match[2]}`, key: bracketKey(match[3]) };
}

/** The JSON of the key inside "[...]", normalised ("[0]" and '["a"]'), or null without one. */
function bracketKey(bracketed: string | undefined): string | null {
  if (!bracketed) return null;
  return JSON.stringify(JSON.parse(bracketed.slice(1, -1)));
}

/** The last call of a module instance: 'module.a[0].module.b["x"]' → b, "x", module.a[0]. */
function lastModuleCall(
  module: string,
): { name: string; key: string | null; parent: string } | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of module.matchAll(MODULE_CALL)) last = match;
  if (!last) return undefined;
  const parent = module.slice(0, last.index).replace(/\.$/, "");
  return { name: last[1] as string, key: bracketKey(last[2]), parent };
}

/**
 * Packs the changes' groups, in the order they first appear, into parts of about `partBytes`;
 * a group larger than that makes a part of its own.
 */
function pack(changes: Change[], group: (change: Change) => number, partBytes: number): Change[][] {
  const members = new Map<number, Change[]>();
  for (const change of changes) {
    const root = group(change);
    const list = members.get(root) ?? [];
    list.push(change);
    members.set(root, list);
  }
  const parts: Change[][] = [];
  let current: Change[] = [];
  let size = 0;
  for (const list of members.values()) {
    const bytes = list.reduce((sum, c) => sum + c.end - c.start, 0);
    if (current.length > 0 && size + bytes > partBytes) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(...list);
    size += bytes;
  }
  if (current.length > 0) parts.push(current);
  // Each part lists its changes in the plan's order.
  return parts.map((part) => part.sort((a, b) => a.start - b.start));
}

/**
 * The configuration a part needs, as a member: the blocks of its resources and the module calls
 * that lead to them, each call with its expressions (module inputs), nothing else. Links run
 * only between resources of one part, so the blocks of other parts would be parsed for nothing;
 * on a plan of many modules the whole configuration in every part would cost more than the
 * resource changes.
 */
function configurationMember(
  configuration: unknown,
  own: Change[],
  everywhere: Change[],
): Uint8Array[] {
  if (configuration === undefined) return [];
  if (!isObject(configuration))
    return [encoder.encode(`"configuration":${JSON.stringify(configuration)}`)];
  const blocks = new Set([...own, ...everywhere].map((change) => change.config));
  const modules = new Set<string>();
  for (const block of blocks) {
    const parts = block.split(".");
    for (let at = 0; parts[at] === "module" && at + 1 < parts.length; at += 2) {
      modules.add(parts.slice(0, at + 2).join("."));
    }
  }
  const prune = (module: unknown, path: string): unknown => {
    if (!isObject(module)) return module;
    const kept: Record<string, unknown> = { ...module };
    if (Array.isArray(module.resources)) {
      kept.resources = module.resources.filter(
        (block) =>
          isObject(block) &&
          typeof block.address === "string" &&
          blocks.has(join(path, block.address)),
      );
    }
    if (isObject(module.module_calls)) {
      const calls: Record<string, unknown> = {};
      for (const [name, call] of Object.entries(module.module_calls)) {
        const child = join(path, `module.${name}`);
        if (!modules.has(child)) continue;
        calls[name] = isObject(call) ? { ...call, module: prune(call.module, child) } : call;
      }
      kept.module_calls = calls;
    }
    return kept;
  };
  const pruned = { ...configuration, root_module: prune(configuration.root_module, "") };
  return [encoder.encode(`"configuration":${JSON.stringify(pruned)}`)];
}

function partDocument(bytes: Uint8Array, shared: Uint8Array[], changes: Change[]): Uint8Array {
  const list: Uint8Array[] = [encoder.encode('"resource_changes":[')];
  changes.forEach((change, i) => {
    if (i > 0) list.push(encoder.encode(","));
    list.push(bytes.subarray(change.start, change.end));
  });
  list.push(encoder.encode("]"));
  return objectOf([...shared, concatenate(list)]);
}

function memberValue(bytes: Uint8Array, spans: Span[], key: string): unknown {
  const span = spans.find((s) => s.key === key);
  if (!span) return undefined;
  const member = new TextDecoder().decode(bytes.subarray(span.start, span.end));
  return (JSON.parse(`{${member}}`) as Record<string, unknown>)[key];
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Disjoint sets over 0..n-1 with path halving and union by size. */
class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }

  find(node: number): number {
    let at = node;
    while (this.parent[at] !== at) {
      const grand = this.parent[this.parent[at] as number] as number;
      this.parent[at] = grand;
      at = grand;
    }
    return at;
  }

  union(a: number, b: number): void {
    let x = this.find(a);
    let y = this.find(b);
    if (x === y) return;
    if ((this.size[x] as number) < (this.size[y] as number)) [x, y] = [y, x];
    this.parent[y] = x;
    this.size[x] = (this.size[x] as number) + (this.size[y] as number);
  }
}
