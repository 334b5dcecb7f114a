import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { examplePlan } from "../../src/generate/example-plan.js";
import { generateExampleTests } from "../../src/generate/example-tests.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { writeFiles } from "../../src/io/write.js";
import { loadModel } from "../../src/model/load.js";
import type { Threat } from "../../src/model/types.js";
import { EXAMPLE_MODEL, opaPath, ROOT, temporaryDir } from "../helpers.js";

const catalog = loadCatalog();
const example = loadModel(EXAMPLE_MODEL, catalog).loaded;

test("an example's references become unknown values linked in the configuration", async (t) => {
  const hcl = [
    'resource "aws_s3_bucket" "data" {',
    '  bucket = "example-data"',
    "}",
    'resource "aws_s3_bucket_policy" "data" {',
    "  bucket = aws_s3_bucket.data.id",
    '  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*" }] })',
    "}",
  ].join("\n");
  const plan = (await examplePlan(hcl)) as {
    resource_changes: { address: string; change: { after: object; after_unknown: object } }[];
    configuration: { root_module: { resources: { expressions: object }[] } };
  };
  t.deepEqual(
    plan.resource_changes.map((c) => [c.address, c.change.after, c.change.after_unknown]),
    [
      ["aws_s3_bucket.data", { bucket: "example-data" }, {}],
      [
        "aws_s3_bucket_policy.data",
        { policy: '{"Statement":[{"Effect":"Allow","Principal":"*"}]}' },
        { bucket: true },
      ],
    ],
  );
  // The configuration reader keeps a function call's references (none here), not its value.
  t.deepEqual(plan.configuration.root_module.resources[1]?.expressions, {
    bucket: { references: ["aws_s3_bucket.data.id"] },
    policy: { references: [] },
  });
});

test("a jsonencode that embeds a reference is unknown as a whole", async (t) => {
  const hcl = [
    'resource "aws_iam_policy" "p" {',
    "  policy = jsonencode({ Resource = aws_s3_bucket.data.arn })",
    "}",
  ].join("\n");
  const plan = (await examplePlan(hcl)) as {
    resource_changes: { change: { after: object; after_unknown: object } }[];
  };
  t.deepEqual(plan.resource_changes[0]?.change, {
    ...plan.resource_changes[0]?.change,
    after: {},
    after_unknown: { policy: true },
  });
});

test("generated example tests are byte-identical across runs", async (t) => {
  const first = await generateExampleTests(example.model, catalog);
  const second = await generateExampleTests(example.model, catalog);
  t.true(first.length > 0);
  t.deepEqual(first, second);
});

const everyExample = "every catalog example gives the expected verdicts through a threat rule";

test(everyExample, async (t) => {
  const base = example.model.threats[0] as Threat;
  // Ten controls per threat keeps the number of files, and so regal's time, small.
  const ids = [...catalog.controls.keys()];
  const threats = Array.from({ length: Math.ceil(ids.length / 10) }, (_, i) => ({
    ...base,
    id: `T-${i}`,
    controls: ids.slice(i * 10, i * 10 + 10).map((control) => ({ control })),
  }));
  const model = { ...example.model, threats };
  const { files } = generatePolicies({ ...example, model }, catalog);
  const tests = await generateExampleTests(model, catalog);
  const dir = temporaryDir();
  writeFiles(dir, [...files, ...tests]);
  const examples = [...catalog.controls.values()].reduce(
    (n, c) => n + c.examples.good.length + c.examples.bad.length,
    0,
  );
  const run = spawnSync(opaPath(), ["test", join(dir, "policies"), join(dir, "tests")], {
    encoding: "utf8",
  });
  t.is(run.stdout.trim().split("\n").at(-1), `PASS: ${examples}/${examples}`, run.stdout);
  t.is(execFileSync(opaPath(), ["fmt", "-l", dir], { encoding: "utf8" }), "");
  const regal = join(ROOT, ".tools", "bin", "regal");
  const lint = spawnSync(
    regal,
    ["lint", "--config-file", join(ROOT, ".regal", "config.yaml"), dir],
    {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  t.is(lint.status, 0, lint.stdout);
});

test("an example that is not HCL is refused with the example's name", async (t) => {
  const error = await t.throwsAsync(examplePlan('resource "aws_s3_bucket" "b" {', "x.good.0.tf"));
  t.regex(error?.message ?? "", /./);
  t.is((error as { location?: { file?: string } })?.location?.file, "x.good.0.tf");
});
