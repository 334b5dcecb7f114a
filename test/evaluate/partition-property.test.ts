import test, { type ExecutionContext } from "ava";
import fc from "fast-check";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogControl } from "../../src/catalog/types.js";
import { evaluateShared } from "../../src/evaluate/parallel.js";
import { planParts } from "../../src/evaluate/partition.js";
import { catalogModel } from "../compiled-model.js";

// Random plans of buckets and the blocks that name them (public access blocks, policies, ACLs),
// in the root and in module instances, with count instances, references keyless, pinned and
// through module inputs, and literal bucket names that collide: the S3 controls must give the
// same verdicts on each group alone as on the whole plan.

const NAMES = ["logs", "data", "web"];
type Link = "keyless" | "pinned" | "plain" | "input" | "literal" | "unknown";

interface Block {
  type: string;
  name: string;
  count: number | null;
  link: Link;
  literal: string;
  flags: boolean[];
  open: boolean;
}

const blockArb = (type: string, name: string) =>
  fc.record({
    type: fc.constant(type),
    name: fc.constant(name),
    count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    link: fc.constantFrom<Link>("keyless", "pinned", "plain", "input", "literal", "unknown"),
    literal: fc.constantFrom(...NAMES),
    flags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    open: fc.boolean(),
  });

const moduleArb = fc.record({
  bucket: blockArb("aws_s3_bucket", "b"),
  linked: fc.subarray(
    [
      ["aws_s3_bucket_public_access_block", "p"],
      ["aws_s3_bucket_policy", "q"],
      ["aws_s3_bucket_acl", "a"],
      ["aws_s3_bucket_versioning", "v"],
    ] as const,
    { minLength: 1 },
  ),
  blocks: fc.array(blockArb("x", "x"), { minLength: 4, maxLength: 4 }),
});

const planArb = fc.record({
  root: moduleArb,
  child: fc.option(moduleArb, { nil: null }),
  childCount: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
  account: fc.option(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { nil: null }),
});

type ModuleSpec = typeof moduleArb extends fc.Arbitrary<infer T> ? T : never;
type PlanSpec = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

const FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
];

function instances(block: { count: number | null }): (number | null)[] {
  return block.count === null ? [null] : Array.from({ length: block.count }, (_, i) => i);
}

/** A resource change that creates the instance, as `terraform show -json` writes it. */
function createChange(
  module: string,
  type: string,
  name: string,
  index: number | null,
  after: object,
  unknown: object,
): object {
  const local = `${type}.${name}${index === null ? "" : `[${index}]`}`;
  return {
    address: module ? `${module}.${local}` : local,
    ...(module ? { module_address: module } : {}),
    mode: "managed",
    type,
    name,
    ...(index === null ? {} : { index }),
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions: ["create"],
      before: null,
      after,
      after_unknown: unknown,
      after_sensitive: {},
    },
  };
}

function writePlan(spec: PlanSpec): object {
  const changes: object[] = [];
  const change = (...args: Parameters<typeof createChange>) => changes.push(createChange(...args));
  const moduleConfig = (m: ModuleSpec, child: boolean) => {
    const resources: object[] = [];
    const bucket = m.bucket;
    resources.push({
      address: "aws_s3_bucket.b",
      mode: "managed",
      type: "aws_s3_bucket",
      name: "b",
      expressions: { bucket: { constant_value: bucket.literal } },
      ...(bucket.count === null ? {} : { count_expression: { constant_value: bucket.count } }),
    });
    m.linked.forEach(([type, name], i) => {
      const block = m.blocks[i] as Block;
      const refs = referenceOf(block, bucket, child);
      resources.push({
        address: `${type}.${name}`,
        mode: "managed",
        type,
        name,
        expressions: { bucket: refs ? { references: refs } : { constant_value: block.literal } },
        ...(block.count === null ? {} : { count_expression: { constant_value: block.count } }),
      });
    });
    return { resources };
  };
  const addModule = (m: ModuleSpec, module: string) => {
    const bucket = m.bucket;
    for (const index of instances(bucket)) {
      change(
        module,
        "aws_s3_bucket",
        "b",
        index,
        { bucket: `${bucket.literal}` },
        { id: true, arn: true },
      );
    }
    m.linked.forEach(([type, name], i) => {
      const block = m.blocks[i] as Block;
      const byReference = block.link !== "literal";
      for (const index of instances(block)) {
        const after: Record<string, unknown> = byReference ? {} : { bucket: block.literal };
        if (type === "aws_s3_bucket_public_access_block") {
          FLAGS.forEach((flag, f) => {
            after[flag] = block.flags[f];
          });
        }
        if (type === "aws_s3_bucket_policy") {
          after.policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: block.open ? "*" : { AWS: "arn:aws:iam::1:root" },
                Action: "s3:GetObject",
                Resource: "*",
              },
            ],
          });
        }
        if (type === "aws_s3_bucket_acl") after.acl = block.open ? "public-read" : "private";
        if (type === "aws_s3_bucket_versioning")
          after.versioning_configuration = [{ status: block.open ? "Enabled" : "Suspended" }];
        change(module, type, name, index, after, byReference ? { bucket: true } : {});
      }
    });
  };
  addModule(spec.root, "");
  const root = moduleConfig(spec.root, false) as Record<string, unknown>;
  if (spec.child) {
    const calls = instances({ count: spec.childCount });
    for (const key of calls) addModule(spec.child, `module.c${key === null ? "" : `[${key}]`}`);
    root.module_calls = {
      c: {
        source: "./c",
        expressions: {
          bucket_id: {
            references:
              spec.childCount === null
                ? ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]
                : ["aws_s3_bucket.b[count.index].id", "aws_s3_bucket.b", "count.index"],
          },
        },
        ...(spec.childCount === null
          ? {}
          : { count_expression: { constant_value: spec.childCount } }),
        module: moduleConfig(spec.child, true),
      },
    };
  }
  if (spec.account) {
    const after = Object.fromEntries(FLAGS.map((flag, f) => [flag, spec.account?.[f]]));
    change("", "aws_s3_account_public_access_block", "a", null, after, {});
    (root.resources as object[]).push({
      address: "aws_s3_account_public_access_block.a",
      mode: "managed",
      type: "aws_s3_account_public_access_block",
      name: "a",
      expressions: {},
    });
  }
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes,
    configuration: { root_module: root },
  };
}

function referenceOf(block: Block, bucket: Block, child: boolean): string[] | undefined {
  switch (block.link) {
    case "literal":
      return undefined;
    case "unknown":
      return ["local.bucket"];
    case "input":
      return child ? ["var.bucket_id"] : ["aws_s3_bucket.b.id", "aws_s3_bucket.b"];
    case "pinned":
      return bucket.count === null
        ? ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]
        : ["aws_s3_bucket.b[0].id", "aws_s3_bucket.b[0]", "aws_s3_bucket.b"];
    case "keyless":
      return ["aws_s3_bucket.b[count.index].id", "aws_s3_bucket.b", "count.index"];
    default:
      return ["aws_s3_bucket.b.id", "aws_s3_bucket.b"];
  }
}

test("S3 blocks in parts give the verdicts of the whole plan", (t) =>
  partsAgree(t, (c) => c.id.startsWith("aws.s3."), planArb, writePlan, 75));

// Queues and queue policies: linked by reference (keyless, pinned, through a module input) or by
// the queue's URL written out, with one or two statements, public or narrowed by a Condition,
// and the queue's own policy beside them.

const statementArb = fc.record({ open: fc.boolean(), narrowed: fc.boolean() });
const queueModuleArb = fc.record({
  count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  name: fc.constantFrom(...NAMES),
  urlKnown: fc.boolean(),
  inline: fc.option(fc.array(statementArb, { minLength: 1, maxLength: 2 }), { nil: null }),
  policies: fc.array(
    fc.record({
      count: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
      link: fc.constantFrom<Link>("keyless", "pinned", "plain", "input", "literal", "unknown"),
      name: fc.constantFrom(...NAMES),
      statements: fc.array(statementArb, { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
});
const queuePlanArb = fc.record({
  root: queueModuleArb,
  child: fc.option(queueModuleArb, { nil: null }),
  childCount: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
});
type QueueModule = typeof queueModuleArb extends fc.Arbitrary<infer T> ? T : never;
type QueuePlan = typeof queuePlanArb extends fc.Arbitrary<infer T> ? T : never;

const url = (name: string) => `https://sqs.eu-west-1.amazonaws.com/111122223333/${name}`;

function queuePolicy(statements: { open: boolean; narrowed: boolean }[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map(({ open, narrowed }, n) => ({
      Sid: `S${n}`,
      Effect: "Allow",
      Principal: open ? "*" : { AWS: "arn:aws:iam::111122223333:root" },
      Action: "sqs:SendMessage",
      Resource: "*",
      ...(narrowed
        ? { Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:t" } } }
        : {}),
    })),
  });
}

function writeQueuePlan(spec: QueuePlan): object {
  const changes: object[] = [];
  const add = (module: string, m: QueueModule) => {
    for (const index of instances(m)) {
      const known = m.urlKnown ? { id: url(m.name), url: url(m.name) } : {};
      const policy = m.inline ? { policy: queuePolicy(m.inline) } : {};
      const unknown = m.urlKnown ? {} : { id: true, url: true };
      changes.push(
        createChange(
          module,
          "aws_sqs_queue",
          "q",
          index,
          { name: m.name, ...known, ...policy },
          unknown,
        ),
      );
    }
    m.policies.forEach((p, i) => {
      const literal = p.link === "literal";
      const after = {
        policy: queuePolicy(p.statements),
        ...(literal ? { queue_url: url(p.name) } : {}),
      };
      for (const index of instances(p)) {
        const unknown = literal ? {} : { queue_url: true };
        changes.push(createChange(module, "aws_sqs_queue_policy", `p${i}`, index, after, unknown));
      }
    });
  };
  const config = (m: QueueModule, child: boolean) => ({
    resources: [
      {
        address: "aws_sqs_queue.q",
        mode: "managed",
        type: "aws_sqs_queue",
        name: "q",
        expressions: { name: { constant_value: m.name } },
        ...(m.count === null ? {} : { count_expression: { constant_value: m.count } }),
      },
      ...m.policies.map((p, i) => {
        const block = { link: p.link, count: p.count } as Block;
        const refs = referenceOf(block, { count: m.count } as Block, child)?.map((r) =>
          r.replace(/aws_s3_bucket\.b/g, "aws_sqs_queue.q").replace(/\.id$/, ".url"),
        );
        return {
          address: `aws_sqs_queue_policy.p${i}`,
          mode: "managed",
          type: "aws_sqs_queue_policy",
          name: `p${i}`,
          expressions: { queue_url: refs ? { references: refs } : { constant_value: url(p.name) } },
          ...(p.count === null ? {} : { count_expression: { constant_value: p.count } }),
        };
      }),
    ],
  });
  add("", spec.root);
  const root: Record<string, unknown> = config(spec.root, false);
  if (spec.child) {
    for (const key of instances({ count: spec.childCount }))
      add(`module.c${key === null ? "" : `[${key}]`}`, spec.child);
    root.module_calls = {
      c: {
        source: "./c",
        expressions: {
          bucket_id: {
            references:
              spec.childCount === null
                ? ["aws_sqs_queue.q.url", "aws_sqs_queue.q"]
                : ["aws_sqs_queue.q", "count.index"],
          },
        },
        ...(spec.childCount === null
          ? {}
          : { count_expression: { constant_value: spec.childCount } }),
        module: config(spec.child, true),
      },
    };
  }
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes,
    configuration: { root_module: root },
  };
}

test("queues and their policies in parts give the verdicts of the whole plan", (t) =>
  partsAgree(t, (c) => c.id.startsWith("aws.sqs."), queuePlanArb, writeQueuePlan, 75));

// Security groups with inline ingress and rule resources of both kinds, linked to their group by
// reference or by the group's id written out: the port controls judge each group with its rules
// and each rule at its own address.

const ruleArb = fc.record({
  kind: fc.constantFrom("aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
  count: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
  link: fc.constantFrom<Link>("keyless", "pinned", "plain", "literal", "unknown"),
  name: fc.constantFrom(...NAMES),
  open: fc.boolean(),
  allPorts: fc.boolean(),
});
const groupPlanArb = fc.record({
  count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  name: fc.constantFrom(...NAMES),
  idKnown: fc.boolean(),
  inline: fc.option(fc.record({ open: fc.boolean(), allPorts: fc.boolean() }), { nil: null }),
  rules: fc.array(ruleArb, { maxLength: 3 }),
});
type GroupPlan = typeof groupPlanArb extends fc.Arbitrary<infer T> ? T : never;

function writeGroupPlan(spec: GroupPlan): object {
  const cidr = (open: boolean) => (open ? "0.0.0.0/0" : "10.0.0.0/8");
  const changes: object[] = [];
  for (const index of instances(spec)) {
    const inline = spec.inline
      ? [
          {
            from_port: spec.inline.allPorts ? 0 : 22,
            to_port: spec.inline.allPorts ? 65535 : 22,
            protocol: "tcp",
            cidr_blocks: [cidr(spec.inline.open)],
          },
        ]
      : [];
    changes.push(
      createChange(
        "",
        "aws_security_group",
        "g",
        index,
        { name: spec.name, ingress: inline, ...(spec.idKnown ? { id: `sg-${spec.name}` } : {}) },
        spec.idKnown ? {} : { id: true },
      ),
    );
  }
  const blocks: object[] = [
    {
      address: "aws_security_group.g",
      mode: "managed",
      type: "aws_security_group",
      name: "g",
      expressions: {
        name: { constant_value: spec.name },
        ...(spec.inline ? { ingress: { constant_value: [] } } : {}),
      },
      ...(spec.count === null ? {} : { count_expression: { constant_value: spec.count } }),
    },
  ];
  spec.rules.forEach((rule, i) => {
    const literal = rule.link === "literal";
    const ports = { from_port: rule.allPorts ? 0 : 22, to_port: rule.allPorts ? 65535 : 22 };
    const settings =
      rule.kind === "aws_security_group_rule"
        ? { type: "ingress", protocol: "tcp", cidr_blocks: [cidr(rule.open)], ...ports }
        : { ip_protocol: "tcp", cidr_ipv4: cidr(rule.open), ...ports };
    for (const index of instances(rule)) {
      changes.push(
        createChange(
          "",
          rule.kind,
          `r${i}`,
          index,
          { ...settings, ...(literal ? { security_group_id: `sg-${rule.name}` } : {}) },
          literal ? {} : { security_group_id: true },
        ),
      );
    }
    const refs = referenceOf(
      { link: rule.link, count: rule.count } as Block,
      { count: spec.count } as Block,
      false,
    )?.map((r) => r.replace(/aws_s3_bucket\.b/g, "aws_security_group.g"));
    blocks.push({
      address: `${rule.kind}.r${i}`,
      mode: "managed",
      type: rule.kind,
      name: `r${i}`,
      expressions: {
        security_group_id: refs ? { references: refs } : { constant_value: `sg-${rule.name}` },
        ...Object.fromEntries(Object.keys(settings).map((key) => [key, { constant_value: null }])),
      },
      ...(rule.count === null ? {} : { count_expression: { constant_value: rule.count } }),
    });
  });
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes,
    configuration: { root_module: { resources: blocks } },
  };
}

test("security groups and their rules in parts give the verdicts of the whole plan", (t) =>
  partsAgree(
    t,
    (c) => c.resource_types.includes("aws_security_group_rule"),
    groupPlanArb,
    writeGroupPlan,
    50,
  ));

/**
 * Checks on 150 seeded random plans that the controls chosen give, on each group alone (parts of
 * one byte), exactly the verdicts and resource count of one evaluation of the whole plan, and
 * that more than `minSplit` of those plans were split at all.
 */
async function partsAgree<T>(
  t: ExecutionContext,
  chosen: (control: CatalogControl) => boolean,
  plans: fc.Arbitrary<T>,
  write: (spec: T) => object,
  minSplit: number,
): Promise<void> {
  const { evaluator, shares } = await catalogModel(
    [...loadCatalog().controls.values()].filter(chosen),
  );
  const rules = evaluator.partitioning();
  if (!rules) return t.fail("the policy has no partitioning entrypoint");
  const verdicts = async (bytes: Uint8Array, partBytes: number) => {
    const result = await evaluateShared(
      evaluator,
      { file: "plan.json", bytes },
      shares,
      1,
      partBytes,
    );
    return JSON.stringify([result.resources, result.findings.map((f) => JSON.stringify(f)).sort()]);
  };
  let split = 0;
  await fc.assert(
    fc.asyncProperty(plans, async (spec) => {
      const bytes = new TextEncoder().encode(JSON.stringify(write(spec)));
      if ((planParts(bytes, rules, 1)?.length ?? 0) > 1) split++;
      return (await verdicts(bytes, 1)) === (await verdicts(bytes, Number.POSITIVE_INFINITY));
    }),
    { numRuns: 150, seed: 20261204 },
  );
  t.true(split > minSplit, `${split} of 150 plans were split`);
}
