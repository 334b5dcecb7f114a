import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../../src/errors.js";
import { readTerraformFiles } from "../../../src/model/derive/hcl.js";
import { readTerraformInput } from "../../../src/model/derive/input.js";
import { CORPUS, temporaryDir } from "../../helpers.js";

test("reads an empty state, which holds only its format version, as no resources", async (t) => {
  const file = join(temporaryDir(), "state.json");
  writeFileSync(file, '{"format_version": "1.0"}');
  t.deepEqual(await readTerraformInput(file), []);
});

test("refuses a JSON document that is neither plan nor state", async (t) => {
  const file = join(temporaryDir(), "other.json");
  writeFileSync(file, '{"resources": []}');
  const error = await t.throwsAsync(readTerraformInput(file), { instanceOf: ThreatloopError });
  t.is(error?.message, "neither a plan nor a state: no planned_values or values");
});

test("reports invalid HCL with its position", async (t) => {
  const file = join(CORPUS, "startleft/slp_tf/tests/resources/generic/invalid-tf.tf");
  const error = await t.throwsAsync(readTerraformFiles([file]), { instanceOf: ThreatloopError });
  t.is(error?.render(), `${file}:1:44: invalid HCL: Invalid block definition`);
});

test("refuses a resource type Terraform would refuse", async (t) => {
  const file = join(temporaryDir(), "main.tf");
  writeFileSync(file, 'resource "not.a_type" "x" {}\n');
  const error = await t.throwsAsync(readTerraformFiles([file]), { instanceOf: ThreatloopError });
  t.is(error?.message, 'invalid resource type name "not.a_type"');
});

test("keeps literal values and the resources expressions refer to, not data sources", async (t) => {
  const file = join(temporaryDir(), "main.tf");
  writeFileSync(
    file,
    [
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "exports-${var.env}"',
      '  acl    = "private"',
      "}",
      'resource "aws_s3_bucket_policy" "p" {',
      "  bucket = aws_s3_bucket.b.id",
      "  policy = data.aws_iam_policy_document.d.json",
      "}",
      "",
    ].join("\n"),
  );
  const [bucket, policy] = await readTerraformFiles([file]);
  t.deepEqual(bucket?.values, { acl: "private" });
  t.deepEqual(policy?.references, { bucket: ["aws_s3_bucket.b"] });
});
