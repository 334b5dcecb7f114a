import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { readHclDirectory } from "../../src/inputs/hcl.js";
import { temporaryDir } from "../helpers.js";

interface Change {
  address: string;
  change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
}

async function changes(main: string): Promise<Map<string, Change["change"]>> {
  const dir = join(temporaryDir(), "config");
  mkdirSync(dir);
  writeFileSync(join(dir, "main.tf"), main);
  const { document } = await readHclDirectory(dir);
  return new Map((document.resource_changes as Change[]).map((c) => [c.address, c.change]));
}

test("expands for_each over for expressions of variables and locals", async (t) => {
  const all = await changes(`
variable "hosts" {
  default = [{ name = "a", public = true }, { name = "b", public = false }]
}
locals {
  hosts = [for h in var.hosts : { name = h.name, public = h.public }]
}
resource "aws_instance" "i" {
  for_each                    = { for h in local.hosts : h.name => h }
  associate_public_ip_address = each.value.public
}`);
  t.deepEqual([...all.keys()], ['aws_instance.i["a"]', 'aws_instance.i["b"]']);
  t.deepEqual(all.get('aws_instance.i["a"]')?.after, { associate_public_ip_address: true });
  t.deepEqual(all.get('aws_instance.i["b"]')?.after, { associate_public_ip_address: false });
});

const cases: [string, string, unknown][] = [
  ["a list with a condition", "[for k, v in var.m : k if v]", ["on"]],
  [
    "an object over a map",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation
    '{ for k, v in var.m : "x-${k}" => v }',
    { "x-on": true, "x-off": false },
  ],
  ["a list by index", "[for i, v in var.l : i]", [0, 1]],
  ["an unknown collection", "[for v in var.unset : v]", undefined],
  ["a condition that is not a traversal", '[for v in var.l : v if v == "a"]', undefined],
  ["grouping", "{ for v in var.l : v => v... }", undefined],
];

for (const [title, expression, expected] of cases) {
  test(`works out a for expression: ${title}`, async (t) => {
    const all = await changes(`
variable "m" {
  default = { on = true, off = false }
}
variable "l" {
  default = ["a", "b"]
}
variable "unset" {}
resource "aws_s3_bucket" "b" {
  value = ${expression}
}`);
    const change = all.get("aws_s3_bucket.b");
    if (expected === undefined) t.deepEqual(change?.after_unknown, { value: true });
    else t.deepEqual(change?.after, { value: expected });
  });
}
