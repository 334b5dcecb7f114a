import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import { readHclDirectory } from "../../src/inputs/hcl.js";
import { loadInput } from "../../src/inputs/load.js";
import { ROOT, temporaryDir } from "../helpers.js";
import { loadView } from "./view-module.js";

const view = loadView();
const FOLDER = join(ROOT, "fixtures", "terraform", "hcl");
const B = "aws_s3_bucket";
const P = "aws_s3_bucket_public_access_block";
const TEAMS = ['["core.api"]', '["say \\"hi\\""]'];

test("expands count and for_each of a configuration folder into instance addresses", async (t) => {
  const report = (await view)(await loadInput(FOLDER));
  t.deepEqual(report.errors, []);
  t.is(report.kind, "plan");
  const expected = [
    ...[B, P].flatMap((type) => [
      `${type}.logs`,
      `${type}.named`,
      `${type}.replica[0]`,
      `${type}.replica[1]`,
      ...TEAMS.map((key) => `${type}.team${key}`),
      `module.store.${type}.logs`,
    ]),
  ];
  t.deepEqual([...report.addresses].sort(), expected.sort());
});

test("links blocks to buckets by references, names, keys and a local module", async (t) => {
  const report = (await view)(await loadInput(FOLDER));
  t.deepEqual(report.links, {
    [`${B}.logs`]: [`${P}.logs`],
    [`${B}.named`]: [`${P}.named`],
    [`${B}.replica[0]`]: [`${P}.replica[0]`],
    [`${B}.replica[1]`]: [`${P}.replica[1]`],
    ...Object.fromEntries(TEAMS.map((key) => [`${B}.team${key}`, [`${P}.team${key}`]])),
    [`module.store.${B}.logs`]: [`module.store.${P}.logs`],
  });
});

test("knows literals and variables with values, and nothing else, before apply", async (t) => {
  const report = (await view)(await loadInput(FOLDER));
  t.deepEqual(report.acls, {
    [`${P}.logs`]: { state: "unknown" },
    [`${P}.named`]: { state: "known", value: true },
    [`${P}.replica[0]`]: { state: "unknown" },
    [`${P}.replica[1]`]: { state: "unknown" },
    ...Object.fromEntries(
      TEAMS.map((key) => [`${P}.team${key}`, { state: "known", value: false }]),
    ),
    [`module.store.${P}.logs`]: { state: "known", value: true },
  });
});

test("applies tfvars, defaults, each.value and module inputs to attribute values", async (t) => {
  const { document } = await readHclDirectory(FOLDER);
  const after = Object.fromEntries(
    (document.resource_changes as { address: string; change: { after: { bucket?: string } } }[])
      .filter((change) => change.address.includes(`${B}.`))
      .map((change) => [change.address, change.change.after.bucket]),
  );
  t.like(after, {
    [`${B}.logs`]: "acme-logs",
    [`${B}.replica[1]`]: "acme-replica-1",
    [`${B}.team["say \\"hi\\""]`]: "acme-greeter",
    [`module.store.${B}.logs`]: "acme-store",
  });
});

test("marks values of sensitive variables as sensitive", async (t) => {
  const { document } = await readHclDirectory(FOLDER);
  const changes = document.resource_changes as {
    address: string;
    change: { after_sensitive: unknown };
  }[];
  const named = changes.find((change) => change.address === `${B}.named`);
  t.deepEqual(named?.change.after_sensitive, {
    tags: { Token: true },
  });
});

test("keeps the file and line of every resource block, by configuration address", async (t) => {
  const { sources } = await readHclDirectory(FOLDER);
  t.deepEqual(sources[`${P}.team`], { file: join(FOLDER, "main.tf"), line: 60 });
  t.deepEqual(sources[`module.store.${B}.logs`], {
    file: join(FOLDER, "modules", "store", "main.tf"),
    line: 5,
  });
});

test("turns jsonencode of a literal object into the JSON text Terraform would plan", async (t) => {
  const dir = folder({
    "main.tf": [
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow" }] })',
      "}",
      'resource "aws_iam_policy" "q" {',
      "  policy = jsonencode({ Resource = aws_s3_bucket.b.arn })",
      "}",
    ].join("\n"),
  });
  const { document } = await readHclDirectory(dir);
  const [p, q] = document.resource_changes as { change: Record<string, unknown> }[];
  t.deepEqual(p?.change.after, {
    policy: '{"Statement":[{"Effect":"Allow"}],"Version":"2012-10-17"}',
  });
  t.deepEqual(q?.change.after_unknown, { policy: true });
});

test("reads .tf.json files and finds the line of their resources", async (t) => {
  const dir = folder({
    "main.tf.json": JSON.stringify(
      { resource: { aws_s3_bucket: { b: { bucket: "acme-json" } } } },
      null,
      2,
    ),
  });
  const { document, sources } = await readHclDirectory(dir);
  t.like((document.resource_changes as unknown[])[0], {
    address: `${B}.b`,
    change: { after: { bucket: "acme-json" } },
  });
  t.deepEqual(sources[`${B}.b`], { file: join(dir, "main.tf.json"), line: 4 });
});

test("expands for_each module calls and links a block to a bucket passed in", async (t) => {
  const dir = folder({
    "main.tf": [
      'resource "aws_s3_bucket" "b" {',
      '  for_each = { "x.y" = 1, "z" = 2 }',
      "  bucket   = each.key",
      "}",
      'module "guard" {',
      '  source    = "./guard"',
      '  for_each  = { "x.y" = 1, "z" = 2 }',
      "  bucket_id = aws_s3_bucket.b[each.key].id",
      "}",
    ].join("\n"),
  });
  mkdirSync(join(dir, "guard"));
  writeFileSync(
    join(dir, "guard", "main.tf"),
    'variable "bucket_id" {}\nresource "aws_s3_bucket_public_access_block" "this" {\n' +
      "  bucket = var.bucket_id\n}\n",
  );
  const report = (await view)(await loadInput(dir));
  t.deepEqual(report.links, {
    [`${B}.b["x.y"]`]: [`module.guard["x.y"].${P}.this`],
    [`${B}.b["z"]`]: [`module.guard["z"].${P}.this`],
  });
});

test("knows for_each over toset of a literal list, one instance per element", async (t) => {
  const dir = folder({
    "main.tf": [
      'variable "names" {',
      '  default = ["a", "b"]',
      "}",
      'resource "aws_s3_bucket" "s" {',
      '  for_each = toset(["x", "y", "x"])',
      "  bucket   = each.value",
      "}",
      'resource "aws_s3_bucket" "v" {',
      "  for_each = toset(var.names)",
      "  bucket   = each.key",
      "}",
      'resource "aws_s3_bucket" "u" {',
      "  for_each = toset(aws_s3_bucket.s[*].id)",
      "}",
    ].join("\n"),
  });
  const report = (await view)(await loadInput(dir));
  t.deepEqual([...report.addresses].sort(), [
    `${B}.s["x"]`,
    `${B}.s["y"]`,
    `${B}.u`,
    `${B}.v["a"]`,
    `${B}.v["b"]`,
  ]);
});

test("works out locals from variables and other locals, and leaves the rest unknown", async (t) => {
  const dir = folder({
    "main.tf": [
      'variable "env" {',
      '  default = "prod"',
      "}",
      "locals {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation
      '  name   = "${local.prefix}-logs"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation
      '  prefix = "acme-${var.env}"',
      "  arn    = aws_s3_bucket.a.arn",
      "}",
      'resource "aws_s3_bucket" "a" {',
      "  bucket = local.name",
      "}",
      'resource "aws_s3_bucket_policy" "p" {',
      "  bucket = local.arn",
      "}",
    ].join("\n"),
  });
  const { document } = await readHclDirectory(dir);
  const [bucket, policy] = document.resource_changes as { change: Record<string, unknown> }[];
  t.deepEqual(bucket?.change.after, { bucket: "acme-prod-logs" });
  t.deepEqual(policy?.change.after_unknown, { bucket: true });
});

test("takes the blocks a dynamic block makes as unknown, never as none", async (t) => {
  const dir = folder({
    "main.tf": [
      'resource "aws_security_group" "g" {',
      '  name = "web"',
      "  ingress {",
      "    from_port = 443",
      "  }",
      '  dynamic "ingress" {',
      "    for_each = var.ports",
      "    content {",
      "      from_port = ingress.value",
      "    }",
      "  }",
      "  egress {",
      "    from_port = 0",
      '    dynamic "cidr" {',
      "      for_each = var.cidrs",
      "      content {}",
      "    }",
      "  }",
      "}",
    ].join("\n"),
  });
  const { document } = await readHclDirectory(dir);
  const [group] = document.resource_changes as { change: Record<string, unknown> }[];
  t.deepEqual(group?.change.after, { name: "web", egress: [{ from_port: 0 }] });
  t.deepEqual(group?.change.after_unknown, { ingress: true, egress: [{ cidr: true }] });
});

/** Bad configuration folders and the one-line error each gives. */
const BAD: { title: string; files: Record<string, string>; error: RegExp }[] = [
  {
    title: "an unclosed block, with its position",
    files: { "main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n' },
    error: /main\.tf:1:30: invalid HCL: Unclosed configuration block$/,
  },
  {
    title: "a folder without configuration files",
    files: { "README.md": "nothing here" },
    error: /: the folder holds no \.tf or \.tf\.json files \(hint: pass a Terraform/,
  },
  {
    title: "a resource type that is not a name",
    files: { "main.tf": 'resource "aws.bucket" "b" {\n}\n' },
    error: /main\.tf:1: invalid resource type "aws\.bucket" \(hint: a name starts with a letter/,
  },
  {
    title: "a resource declared in two files",
    files: {
      "a.tf": 'resource "aws_s3_bucket" "b" {\n}\n',
      "b.tf": '\nresource "aws_s3_bucket" "b" {\n}\n',
    },
    error:
      /b\.tf:2: resource "aws_s3_bucket" "b" is declared twice \(hint: the first is at .*a\.tf:1;/,
  },
  {
    title: "a boolean written True, which Terraform reads as a reference",
    files: { "main.tf": 'resource "aws_ebs_volume" "v" {\n  encrypted = True\n}\n' },
    error: new RegExp(
      String.raw`main\.tf:2:15: True is not a boolean but a reference to an undeclared name ` +
        String.raw`\(HCL booleans are lower case\) ` +
        String.raw`\(hint: write true; Terraform refuses this folder too`,
    ),
  },
  {
    title: "a boolean written False inside a nested block",
    files: {
      "main.tf":
        'resource "aws_eks_cluster" "c" {\n' +
        "  vpc_config {\n    endpoint_public_access = False\n  }\n}\n",
    },
    error: /main\.tf:3:30: False is not a boolean .*\(hint: write false;/,
  },
  {
    title: "broken JSON configuration",
    files: { "main.tf.json": "{" },
    error: /main\.tf\.json: invalid JSON: /,
  },
];

for (const { title, files, error } of BAD) {
  test(`refuses ${title}`, async (t) => {
    const thrown = await t.throwsAsync(loadInput(folder(files)), { instanceOf: ThreatloopError });
    t.regex(thrown?.render() ?? "", error);
  });
}

function folder(files: Record<string, string>): string {
  const dir = join(temporaryDir(), "config");
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
