import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { formatLocation } from "../../src/errors.js";
import { configAddressOf as configAddress } from "../../src/inputs/address.js";
import { compileAddressGlob } from "../../src/model/address-glob.js";
import { bindingMatches } from "../../src/model/bindings.js";
import { readTerraformResources } from "../../src/model/derive/plan.js";
import { validateModelFile } from "../../src/model/load.js";
import type { TerraformBinding } from "../../src/model/types.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, runCli, temporaryDir } from "../helpers.js";

const { resources } = readTerraformResources(EXAMPLE_PLAN);

const configs: [string, string][] = [
  ["aws_s3_bucket.b", "aws_s3_bucket.b"],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b"],
  ['module.a["k"].aws_s3_bucket.b["x"]', "module.a.aws_s3_bucket.b"],
  ['module.a["x].y"].module.c[2].aws_sqs_queue.q', "module.a.module.c.aws_sqs_queue.q"],
];

for (const [address, expected] of configs) {
  test(`the configuration address of ${address} is ${expected}`, (t) => {
    t.is(configAddress(address), expected);
  });
}

const bindings: [string, TerraformBinding, string[]][] = [
  ["a type", { types: ["aws_s3_bucket"] }, ["aws_s3_bucket.access_logs", "aws_s3_bucket.exports"]],
  [
    "a module glob",
    { addresses: ["module.worker.*"], types: ["aws_sqs_queue", "aws_iam_role"] },
    ["module.worker.aws_iam_role.worker", "module.worker.aws_sqs_queue.jobs"],
  ],
  ["alternatives", { addresses: ["aws_s3_bucket.{exports,nothing}"] }, ["aws_s3_bucket.exports"]],
  ["a type and a glob that disagree", { types: ["aws_instance"], addresses: ["aws_s3*"] }, []],
];

for (const [name, binding, expected] of bindings) {
  test(`a binding by ${name} selects exactly its resources`, (t) => {
    const globs = (binding.addresses ?? []).map(compileAddressGlob);
    const selected = resources
      .filter((r) => bindingMatches(binding, globs, r))
      .map((r) => r.address);
    t.deepEqual(selected.sort(), expected);
  });
}

const MODEL = `version: 1
system:
  name: Shop
components:
  - id: bucket
    name: Bucket
    layer: paas
    kind: object-storage
    terraform:
      types: [aws_s3_bucket]
      addresses: [aws_s3_bucket.exports, aws_s3_bucket.old_*]
  - id: queue
    name: Queue
    layer: paas
    kind: queue
    terraform:
      addresses: [module.queue.*]
threats:
  - id: T1
    title: Public bucket
    stride: [information-disclosure]
    layer: paas
    components: [bucket]
    severity: high
    controls:
      - control: aws.s3.public-access-blocked
`;

function check(text: string, plan?: string): string[] {
  const file = join(temporaryDir(), "model.yaml");
  writeFileSync(file, text);
  const options = plan ? { terraform: { file: plan, resources } } : {};
  return validateModelFile(file, loadCatalog(), options).problems.map(
    (p) =>
      `${formatLocation(p.location).replace(/^.*model\.yaml/, "m")} ${p.severity}: ${p.message}`,
  );
}

test("warns about bindings and globs that select nothing in the plan", (t) => {
  t.deepEqual(check(MODEL, EXAMPLE_PLAN), [
    'm:11:42 warning: address glob "aws_s3_bucket.old_*" of component "bucket" matches no ' +
      "resource in plan.json",
    'm:17:7 warning: the binding of component "queue" matches no resource in plan.json',
  ]);
});

test("says nothing about bindings without a plan", (t) => {
  t.deepEqual(check(MODEL), []);
});

test("reports an address glob OPA would refuse, with its position", (t) => {
  t.deepEqual(check(MODEL.replace("aws_s3_bucket.old_*", '"aws_s3_bucket.[old"')), [
    'm:11:42 error: address glob "aws_s3_bucket.[old" is invalid: ' +
      '"[" is not closed at character 15',
  ]);
});

test("validate --plan prints binding warnings and still exits 0", (t) => {
  const file = join(temporaryDir(), "model.yaml");
  writeFileSync(file, MODEL);
  const run = runCli(["validate", "-m", file, "--plan", EXAMPLE_PLAN]);
  t.is(run.code, 0, run.stderr);
  t.regex(
    run.stdout,
    /warning: the binding of component "queue" matches no resource in plan\.json/,
  );
  t.regex(run.stdout, /: 0 errors, 2 warnings/);
});

test("validate --plan also takes a folder of .tf files, whose modules it does not follow", (t) => {
  const run = runCli([
    "validate",
    "-m",
    EXAMPLE_MODEL,
    "--plan",
    join(ROOT, "fixtures", "example", "terraform"),
  ]);
  t.is(run.code, 0, run.stderr);
  t.regex(
    run.stdout,
    new RegExp(
      'threatloop\\.yaml:53:7: warning: the binding of component "export-worker" ' +
        "matches no resource in terraform\n",
    ),
  );
});
