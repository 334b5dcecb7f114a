import { IdMap } from "../import/common.js";
import type { Component, DataFlow, Layer, TrustZone } from "../types.js";
import { internetExposure } from "./exposure.js";
import { type Element, kindRule } from "./kinds.js";
import type { TerraformResource } from "./plan.js";

/** A resource block of the configuration, standing for all its count and for_each instances. */
interface Block {
  config: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  references: Record<string, string[]>;
}

/** A component derived from Terraform, with what init writes as comments about it. */
export interface DerivedComponent {
  component: Component;
  element: Element;
  network: boolean;
  /** The block the component stands for (grouped components: the first of the group). */
  primary: string;
  members: string[];
  exposure: string[];
}

/** What `init` derives from a plan, state or configuration. */
export interface DerivedModel {
  components: DerivedComponent[];
  zones: TrustZone[];
  flows: DataFlow[];
}

const SG_RULE_TYPES = new Set([
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
]);

/**
 * Derives components, trust zones and data flows from Terraform resources: one component per
 * resource block of a known kind, security groups, rules and satellite resources joined to the
 * component that uses them, zones from internet exposure, flows from references and rules.
 */
export function deriveModel(resources: TerraformResource[]): DerivedModel {
  const blocks = toBlocks(resources);
  const owner = new Map<string, string>();
  const groups = new Map<string, { key: string; block: Block; members: string[] }>();
  for (const block of blocks.values()) {
    const rule = kindRule(block.type);
    if (rule === undefined || rule.role === "attach") continue;
    const key = rule.grouped ? `group:${block.type}` : block.config;
    const group = groups.get(key) ?? { key, block, members: [] };
    group.members.push(block.config);
    groups.set(key, group);
    owner.set(block.config, key);
  }
  attachSatellites(blocks, owner, groups);

  const ids = new IdMap("component");
  const derived: DerivedComponent[] = [];
  for (const group of groups.values()) {
    const members = group.members.sort();
    const { block } = group;
    const rule = kindRule(block.type);
    const exposure = members.flatMap((m) => {
      const member = blocks.get(m);
      return member ? (internetExposure(member) ?? []) : [];
    });
    const grouped = rule?.grouped === true;
    const id = ids.add(group.key, grouped ? `${rule?.kind}` : preferredId(block));
    const types = [...new Set(members.map((m) => blocks.get(m)?.type ?? ""))].sort();
    derived.push({
      component: {
        id,
        name: grouped ? `${block.type} (all ${members.length})` : `${block.name} (${block.type})`,
        layer: rule?.layer ?? ("paas" as Layer),
        kind: rule?.kind || block.type.replace(/^aws_/, "").replaceAll("_", "-"),
        trust_zone: exposure.length > 0 ? "internet" : "private",
        terraform: grouped ? { types } : { types, addresses: members },
      },
      element: rule?.element ?? "process",
      network: rule?.role === "network",
      primary: block.config,
      members,
      exposure,
    });
  }
  const byKey = new Map([...groups.keys()].map((key, i) => [key, derived[i] as DerivedComponent]));
  const flows = deriveFlows(blocks, owner, byKey, derived);
  const zones: TrustZone[] = [
    { id: "internet", name: "Reachable from the internet", exposure: "internet" },
    { id: "private", name: "Private to the account and its networks", exposure: "private" },
  ];
  return { components: derived, zones, flows };
}

function toBlocks(resources: TerraformResource[]): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (const r of resources) {
    if (blocks.has(r.config)) continue;
    blocks.set(r.config, {
      config: r.config,
      type: r.type,
      name: r.name,
      values: r.values,
      references: r.references,
    });
  }
  return blocks;
}

/**
 * Joins security groups to the first component that refers to them, rules to their group's
 * component, and other satellites to the first component they refer to. What refers to nothing
 * becomes a component of its own.
 */
function attachSatellites(
  blocks: Map<string, Block>,
  owner: Map<string, string>,
  groups: Map<string, { key: string; block: Block; members: string[] }>,
): void {
  const pending = [...blocks.values()].filter((b) => !owner.has(b.config));
  const isSg = (b: Block) => b.type === "aws_security_group";
  const order = [
    ...pending.filter(isSg),
    ...pending.filter((b) => !isSg(b) && !SG_RULE_TYPES.has(b.type)),
    ...pending.filter((b) => SG_RULE_TYPES.has(b.type)),
  ];
  for (let pass = 0; pass < 3; pass++) {
    for (const block of order) {
      if (owner.has(block.config)) continue;
      const target = isSg(block)
        ? referrerOf(block.config, blocks, owner)
        : preferredReferences(block)
            .map((ref) => owner.get(ref))
            .find((key) => key !== undefined);
      if (target === undefined) continue;
      owner.set(block.config, target);
      groups.get(target)?.members.push(block.config);
    }
  }
  for (const block of order) {
    if (owner.has(block.config)) continue;
    owner.set(block.config, block.config);
    groups.set(block.config, { key: block.config, block, members: [block.config] });
  }
}

/** Attributes that name the resource a satellite belongs to, tried before any other. */
const OWNING_ATTRIBUTES = [
  "role",
  "bucket",
  "function_name",
  "rest_api_id",
  "api_id",
  "security_group_id",
  "instance",
  "instance_id",
  "load_balancer_arn",
  "queue_url",
  "topic_arn",
  "cluster",
  "user",
  "group",
] as const;

function preferredReferences(block: Block): string[] {
  const named = OWNING_ATTRIBUTES.flatMap((attribute) => block.references[attribute] ?? []);
  return [...named, ...Object.values(block.references).flat()];
}

/** The component of the first resource, by address, whose configuration refers to the target. */
function referrerOf(
  target: string,
  blocks: Map<string, Block>,
  owner: Map<string, string>,
): string | undefined {
  for (const block of blocks.values()) {
    const key = owner.get(block.config);
    if (key === undefined) continue;
    if (Object.values(block.references).some((refs) => refs.includes(target))) return key;
  }
  return undefined;
}

function preferredId(block: Block): string {
  return block.config
    .replace(/^(module\.[^.]+\.)*/, "")
    .replace(/^aws_/, "")
    .replaceAll("_", "-");
}

function deriveFlows(
  blocks: Map<string, Block>,
  owner: Map<string, string>,
  byKey: Map<string, DerivedComponent>,
  derived: DerivedComponent[],
): DataFlow[] {
  const flows = new Map<string, DataFlow>();
  const add = (
    from: DerivedComponent | undefined,
    to: DerivedComponent | undefined,
    protocol?: string,
  ) => {
    if (!from || !to || from === to || from.network || to.network) return;
    if (to.component.kind === "identity") return;
    const key = `${from.component.id}>${to.component.id}`;
    if (flows.has(key)) return;
    flows.set(key, {
      from: from.component.id,
      to: to.component.id,
      ...(protocol === undefined ? {} : { protocol }),
    });
  };
  const componentOf = (config: string) => byKey.get(owner.get(config) ?? "");
  for (const block of blocks.values()) {
    const self = componentOf(block.config);
    if (SG_RULE_TYPES.has(block.type)) {
      const group = block.references.security_group_id?.[0];
      const peer =
        block.references.source_security_group_id?.[0] ??
        block.references.referenced_security_group_id?.[0];
      if (!group || !peer) continue;
      const port = portOf(block.values);
      const ingress = block.values.type === "ingress" || block.type.endsWith("ingress_rule");
      if (ingress) add(componentOf(peer), componentOf(group), port);
      else add(componentOf(group), componentOf(peer), port);
      continue;
    }
    if (block.type === "aws_security_group") {
      for (const peer of block.references.ingress ?? []) add(componentOf(peer), self);
      for (const peer of block.references.egress ?? []) add(self, componentOf(peer));
      continue;
    }
    for (const refs of Object.values(block.references)) {
      for (const ref of refs) {
        if (blocks.get(ref)?.type === "aws_security_group") continue;
        add(self, componentOf(ref));
      }
    }
  }
  const internet = derived.filter((d) => d.exposure.length > 0 && !d.network);
  if (internet.length > 0) {
    for (const d of internet)
      flows.set(`internet>${d.component.id}`, { from: "internet", to: d.component.id });
  }
  return [...flows.values()];
}

function portOf(values: Record<string, unknown>): string | undefined {
  const protocol = values.protocol ?? values.ip_protocol;
  const from = values.from_port;
  if (typeof protocol !== "string" || typeof from !== "number") return undefined;
  return protocol === "-1" ? "any" : `${protocol}/${from}`;
}
