import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import fc from "fast-check";
import { conformanceModel } from "../../bench/conformance/model.js";
import { loadCatalog } from "../../src/catalog/load.js";
import { evaluateShared } from "../../src/evaluate/parallel.js";
import { planParts } from "../../src/evaluate/partition.js";
import { buildModel, Evaluator } from "../../src/pipeline.js";
import { opaPath, TEST_CACHE, temporaryDir } from "../helpers.js";

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

function writePlan(spec: PlanSpec): object {
  const changes: object[] = [];
  const change = (
    module: string,
    type: string,
    name: string,
    index: number | null,
    after: object,
    unknown: object,
  ) => {
    const local = `${type}.${name}${index === null ? "" : `[${index}]`}`;
    changes.push({
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
    });
  };
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

test("on random plans of linked S3 blocks, each group alone gives the whole plan's verdicts", async (t) => {
  const scopes = [...loadCatalog().controls.values()]
    .filter((control) => control.id.startsWith("aws.s3."))
    .map((control) => ({ control, params: {} }));
  const modelFile = join(temporaryDir(), "s3-model.json");
  writeFileSync(modelFile, JSON.stringify(conformanceModel(scopes).model));
  const built = await buildModel(modelFile, { opa: opaPath(), cacheDir: TEST_CACHE });
  const evaluator = await Evaluator.load(built.compiled.wasm);
  const rules = evaluator.partitioning();
  if (!rules) return t.fail("the policy has no partitioning entrypoint");
  const shares = built.generated.manifest.threats.map((threat) => ({
    packageName: threat.package.split(".").at(-1) ?? "",
    controls: threat.controls.length,
  }));
  const verdicts = async (bytes: Uint8Array, partBytes: number) => {
    const result = await evaluateShared(
      evaluator,
      { file: "plan.json", bytes },
      shares,
      1,
      partBytes,
    );
    return {
      resources: result.resources,
      findings: result.findings.map((f) => JSON.stringify(f)).sort(),
    };
  };
  let split = 0;
  await fc.assert(
    fc.asyncProperty(planArb, async (spec) => {
      const bytes = new TextEncoder().encode(JSON.stringify(writePlan(spec)));
      if ((planParts(bytes, rules, 1)?.length ?? 0) > 1) split++;
      const whole = await verdicts(bytes, Number.POSITIVE_INFINITY);
      const parts = await verdicts(bytes, 1);
      const same = JSON.stringify(parts) === JSON.stringify(whole);
      return same;
    }),
    { numRuns: 150, seed: 20261204 },
  );
  t.true(split > 75, `${split} of 150 plans were split`);
});
