import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { writePlan } from "../../bench/generate-plan.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Evaluator } from "../../src/evaluate/evaluate.js";
import { evaluateShared, type ThreatShare } from "../../src/evaluate/parallel.js";
import { type PartitionRules, planParts } from "../../src/evaluate/partition.js";
import { catalogModel, compiledModel } from "../compiled-model.js";
import { CORPUS, EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, temporaryDir } from "../helpers.js";

const RULES: PartitionRules = {
  relations: { "aws_s3_bucket_policy.bucket": { to: "aws_s3_bucket", keys: ["id", "bucket"] } },
  account_wide: ["aws_s3_account_public_access_block"],
  whole: [],
};

interface Change {
  address: string;
  type: string;
  name: string;
  module_address?: string;
  index?: number | string;
  after?: Record<string, unknown>;
}

function plan(changes: Change[], configuration: object = { root_module: {} }): Uint8Array {
  const document = {
    format_version: "1.2",
    resource_changes: changes.map(({ after, ...rc }) => ({
      ...rc,
      mode: "managed",
      change: { actions: ["create"], before: null, after: after ?? {} },
    })),
    configuration,
  };
  return new TextEncoder().encode(JSON.stringify(document));
}

const rc = (address: string, after?: Record<string, unknown>): Change => {
  const match = /^(?:(.*)\.)?([a-z0-9_]+)\.([a-z0-9_]+)(?:\[(.+)\])?$/.exec(address);
  if (!match) throw new Error(address);
  const [, module, type, name, index] = match;
  return {
    address,
    type: type as string,
    name: name as string,
    ...(module ? { module_address: module } : {}),
    ...(index !== undefined ? { index: JSON.parse(index) as number | string } : {}),
    ...(after ? { after } : {}),
  };
};

/** The addresses of each part, sorted, as sets of groups. */
function groupsOf(bytes: Uint8Array, rules = RULES): string[][] | undefined {
  const parts = planParts(bytes, rules, 1);
  return parts?.map((part) => {
    const doc = JSON.parse(new TextDecoder().decode(part.bytes)) as {
      resource_changes: { address: string }[];
    };
    return doc.resource_changes.map((c) => c.address).sort();
  });
}

const resourceBlock = (address: string, references: string[]) => ({
  address,
  mode: "managed",
  type: address.split(".")[0],
  name: address.split(".")[1],
  expressions: { bucket: { references } },
});

test("pairs count instances by key through a keyless reference; unrelated ones stay apart", (t) => {
  const changes = [0, 1].flatMap((i) => [
    rc(`aws_s3_bucket.b[${i}]`),
    rc(`aws_s3_bucket_policy.p[${i}]`),
  ]);
  changes.push(rc("aws_sqs_queue.q"));
  const configuration = {
    root_module: {
      resources: [
        resourceBlock("aws_s3_bucket_policy.p", [
          "aws_s3_bucket.b[count.index].id",
          "aws_s3_bucket.b",
        ]),
      ],
    },
  };
  t.deepEqual(groupsOf(plan(changes, configuration)), [
    ["aws_s3_bucket.b[0]", "aws_s3_bucket_policy.p[0]"],
    ["aws_s3_bucket.b[1]", "aws_s3_bucket_policy.p[1]"],
    ["aws_sqs_queue.q"],
  ]);
});

test("a reference with an explicit key joins every referrer to that one instance", (t) => {
  const changes = [rc("aws_s3_bucket.b[0]"), rc("aws_s3_bucket.b[1]")];
  changes.push(rc('aws_s3_bucket_policy.p["x"]'), rc('aws_s3_bucket_policy.p["y"]'));
  const configuration = {
    root_module: {
      resources: [resourceBlock("aws_s3_bucket_policy.p", ["aws_s3_bucket.b[1].id"])],
    },
  };
  t.deepEqual(groupsOf(plan(changes, configuration)), [
    ["aws_s3_bucket.b[0]"],
    ["aws_s3_bucket.b[1]", 'aws_s3_bucket_policy.p["x"]', 'aws_s3_bucket_policy.p["y"]'],
  ]);
});

test("a reference the library would not pair keeps the referrer with every instance", (t) => {
  const changes = [
    rc("aws_s3_bucket.b[0]"),
    rc("aws_s3_bucket.b[1]"),
    rc("aws_s3_bucket_policy.p"),
  ];
  changes.push(rc("aws_s3_bucket.c"));
  const configuration = {
    root_module: { resources: [resourceBlock("aws_s3_bucket_policy.p", ["aws_s3_bucket.b"])] },
  };
  t.deepEqual(groupsOf(plan(changes, configuration)), [
    ["aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]", "aws_s3_bucket_policy.p"],
    ["aws_s3_bucket.c"],
  ]);
});

test("follows a module input to the caller's resource, per module instance", (t) => {
  const changes = [rc("aws_s3_bucket.b[0]"), rc("aws_s3_bucket.b[1]")];
  changes.push(
    rc("module.guard[0].aws_s3_bucket_policy.p"),
    rc("module.guard[1].aws_s3_bucket_policy.p"),
  );
  const configuration = {
    root_module: {
      module_calls: {
        guard: {
          expressions: {
            bucket_id: { references: ["aws_s3_bucket.b[count.index].id", "aws_s3_bucket.b"] },
          },
          module: { resources: [resourceBlock("aws_s3_bucket_policy.p", ["var.bucket_id"])] },
        },
      },
    },
  };
  t.deepEqual(groupsOf(plan(changes, configuration)), [
    ["aws_s3_bucket.b[0]", "module.guard[0].aws_s3_bucket_policy.p"],
    ["aws_s3_bucket.b[1]", "module.guard[1].aws_s3_bucket_policy.p"],
  ]);
});

test("joins a resource naming another by a literal value of a related attribute", (t) => {
  const changes = [
    rc("aws_s3_bucket.a", { bucket: "logs" }),
    rc("aws_s3_bucket.b", { bucket: "data" }),
    rc("aws_s3_bucket_policy.p", { bucket: "logs" }),
    rc("aws_sqs_queue.q", { name: "data" }),
  ];
  t.deepEqual(groupsOf(plan(changes)), [
    ["aws_s3_bucket.a", "aws_s3_bucket_policy.p"],
    ["aws_s3_bucket.b"],
    ["aws_sqs_queue.q"],
  ]);
});

test("every part holds the account-wide resources, and only the first part owns them", (t) => {
  const changes = [
    rc("aws_s3_bucket.a"),
    rc("aws_s3_account_public_access_block.this"),
    rc("aws_s3_bucket.b"),
  ];
  const parts = planParts(plan(changes), RULES, 1);
  t.is(parts?.length, 2);
  t.deepEqual(groupsOf(plan(changes)), [
    ["aws_s3_account_public_access_block.this", "aws_s3_bucket.a"],
    ["aws_s3_account_public_access_block.this", "aws_s3_bucket.b"],
  ]);
  t.deepEqual(
    parts?.map((part) => [[...part.borrowed], part.borrowedChanges]),
    [
      [[], 0],
      [["aws_s3_account_public_access_block.this"], 1],
    ],
  );
});

test("packs groups into parts of about the size asked, each in plan order", (t) => {
  const changes = Array.from({ length: 10 }, (_, i) => rc(`aws_sqs_queue.q${i}`));
  const bytes = plan(changes);
  const parts = planParts(bytes, RULES, bytes.byteLength / 3);
  t.true((parts?.length ?? 0) >= 3 && (parts?.length ?? 0) <= 5);
  const order = parts?.flatMap(
    (part) =>
      (JSON.parse(new TextDecoder().decode(part.bytes)) as { resource_changes: Change[] })
        .resource_changes,
  );
  t.deepEqual(
    order?.map((c) => c.address),
    changes.map((c) => c.address),
  );
});

test("leaves whole what it cannot split: not JSON, no changes, one group", (t) => {
  const encode = (text: string) => new TextEncoder().encode(text);
  t.is(planParts(encode('{"a": [1,'), RULES, 1), undefined);
  t.is(planParts(encode('{"format_version": "1.0", "values": {}}'), RULES, 1), undefined);
  t.is(planParts(plan([rc("aws_s3_bucket.a")]), RULES, 1), undefined);
  t.is(planParts(encode('{"resource_changes": [1, 2]}'), RULES, 1), undefined);
});

// Evaluating in parts must give exactly the verdicts of one evaluation of the whole plan.

const everyControl = () => catalogModel([...loadCatalog().controls.values()]);

const verdicts = (findings: unknown[]) => findings.map((f) => JSON.stringify(f)).sort();

async function outcome(
  evaluator: Evaluator,
  shares: ThreatShare[],
  file: string,
  partBytes: number,
  jobs = 1,
): Promise<unknown> {
  const document = { file, bytes: readFileSync(file) };
  try {
    const result = await evaluateShared(evaluator, document, shares, jobs, partBytes);
    return { kind: result.kind, resources: result.resources, findings: verdicts(result.findings) };
  } catch (thrown) {
    return { error: (thrown as Error).message };
  }
}

function planFiles(): string[] {
  const own = readdirSync(join(ROOT, "fixtures", "terraform"))
    .map((name) => join(ROOT, "fixtures", "terraform", name, "plan.json"))
    .filter((file) => existsSync(file));
  const index = join(CORPUS, "FIXTURES.json");
  const corpus = existsSync(index)
    ? (JSON.parse(readFileSync(index, "utf8")) as { file: string; format: string }[])
        .filter((fixture) => fixture.format === "tfplan-json")
        .map((fixture) => join(CORPUS, fixture.file))
        .filter((file) => existsSync(file))
    : [];
  const generated = join(temporaryDir(), "plan-1000.json");
  writePlan(1000, generated);
  return [EXAMPLE_PLAN, ...own, ...corpus, generated];
}

test("every catalog control judges each group alone as it judges the whole plan", async (t) => {
  const { evaluator, shares } = await everyControl();
  const files = planFiles();
  t.true(files.length > 80, `${files.length} plans`);
  let split = 0;
  for (const file of files) {
    const whole = await outcome(evaluator, shares, file, Number.POSITIVE_INFINITY);
    const parts = await outcome(evaluator, shares, file, 1);
    t.deepEqual(parts, whole, file);
    const bytes = readFileSync(file);
    const rules = evaluator.partitioning();
    if (rules && planParts(bytes, rules, 1)) split++;
  }
  t.true(split > 40, `${split} plans split`);
});

test("parts shared between threads give the verdicts of one evaluation", async (t) => {
  const { evaluator, shares } = await everyControl();
  const generated = join(temporaryDir(), "plan-1000.json");
  writePlan(1000, generated);
  const whole = await outcome(evaluator, shares, generated, Number.POSITIVE_INFINITY);
  t.deepEqual(await outcome(evaluator, shares, generated, 4096, 2), whole);
});

test("threats with inline assertions see the whole plan, the rest see parts", async (t) => {
  const { evaluator, shares } = await compiledModel(
    join(ROOT, "fixtures", "assertions", "threatloop.yaml"),
  );
  const rules = evaluator.partitioning();
  t.true((rules?.whole.length ?? 0) > 0);
  const whole = await outcome(evaluator, shares, EXAMPLE_PLAN, Number.POSITIVE_INFINITY);
  t.deepEqual(await outcome(evaluator, shares, EXAMPLE_PLAN, 1), whole);
});

test("the example model's policy says no threat needs the whole plan", async (t) => {
  const { evaluator } = await compiledModel(EXAMPLE_MODEL);
  t.deepEqual(evaluator.partitioning()?.whole, []);
});

test("every account-wide type a control looks up by type is one the policy names", (t) => {
  const dir = join(ROOT, "generators", "catalog");
  const looked = new Set<string>();
  const providers = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  for (const { name: provider } of providers) {
    for (const name of readdirSync(join(dir, provider)).filter((n) => n.endsWith(".rego"))) {
      const text = readFileSync(join(dir, provider, name), "utf8");
      for (const match of text.matchAll(/lib\.of_type\("([^"]+)"\)/g))
        looked.add(match[1] as string);
    }
  }
  const named = readFileSync(join(ROOT, "policies", "lib", "relations.rego"), "utf8");
  const accountWide = /account_wide := \{([^}]*)\}/.exec(named)?.[1] ?? "";
  t.true(looked.size >= 2);
  for (const type of looked) t.true(accountWide.includes(`"${type}"`), type);
});

test("a part carries only its own blocks and the module calls to them", (t) => {
  const changes = [
    rc("aws_sqs_queue.a"),
    rc("module.m.aws_sqs_queue.b"),
    rc('module.n["x"].aws_sqs_queue.c'),
  ];
  const block = (address: string) => resourceBlock(address, []);
  const configuration = {
    root_module: {
      resources: [block("aws_sqs_queue.a")],
      module_calls: {
        m: {
          source: "./m",
          expressions: { id: { constant_value: 1 } },
          module: { resources: [block("aws_sqs_queue.b")] },
        },
        n: {
          source: "./n",
          module: { resources: [block("aws_sqs_queue.c")], variables: { v: {} } },
        },
      },
    },
  };
  const parts = planParts(plan(changes, configuration), RULES, 1) ?? [];
  const configurations = parts.map(
    (part) =>
      (JSON.parse(new TextDecoder().decode(part.bytes)) as { configuration: unknown })
        .configuration,
  );
  t.deepEqual(configurations, [
    { root_module: { resources: [block("aws_sqs_queue.a")], module_calls: {} } },
    {
      root_module: {
        resources: [],
        module_calls: {
          m: {
            source: "./m",
            expressions: { id: { constant_value: 1 } },
            module: { resources: [block("aws_sqs_queue.b")] },
          },
        },
      },
    },
    {
      root_module: {
        resources: [],
        module_calls: {
          n: {
            source: "./n",
            module: { resources: [block("aws_sqs_queue.c")], variables: { v: {} } },
          },
        },
      },
    },
  ]);
});
