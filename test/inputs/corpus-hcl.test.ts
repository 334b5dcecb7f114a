import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import { readHclDirectory } from "../../src/inputs/hcl.js";
import { ROOT } from "../helpers.js";
import { loadView } from "./view-module.js";

const CORPUS = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");

/**
 * Configuration folders Terraform itself would refuse, with the error threatloop gives. Most hold
 * test inputs meant to be read one file at a time, which declare the same resources.
 */
const twice = (file: string, resource: string) => ({
  reason: `${file} declares ${resource} again`,
  error: new RegExp(`${file.replace(/\./g, "\\.")}:\\d+: resource ${resource} is declared twice`),
});
const REJECTED: Record<string, { reason: string; error: RegExp }> = {
  "startleft/slp_tf/tests/resources/tf": twice(
    "aws_component_without_parent_skipped.tf",
    '"aws_control" "Control_component"',
  ),
  "startleft/tests/resources/terraform": twice(
    "aws_component_without_parent_skipped.tf",
    '"aws_control" "Control_component"',
  ),
  "startleft/slp_tf/tests/resources/tf/dataflows/security_groups": twice(
    "terraform_sg_type1_inbound.tf",
    '"aws_subnet" "PrivateSubnet1"',
  ),
  "startleft/slp_tf/tests/resources/tf/dataflows": twice(
    "terraform_api_gateway_authorizer_one_source.tf",
    '"aws_api_gateway_authorizer" "api_authorizer"',
  ),
  "startleft/slp_tf/tests/resources/tf/mapping_functions": twice(
    "terraform_multiple_aws_security_group.tf",
    '"aws_security_group" "this"',
  ),
  "startleft/slp_tf/tests/resources/generic": {
    reason: "invalid-tf.tf is not HCL",
    error: /invalid-tf\.tf:1:44: invalid HCL: Invalid block definition$/,
  },
};

const folders = existsSync(join(CORPUS, "FIXTURES.json"))
  ? [
      ...new Set(
        (
          JSON.parse(readFileSync(join(CORPUS, "FIXTURES.json"), "utf8")) as {
            file: string;
            format: string;
          }[]
        )
          .filter((fixture) => fixture.format === "hcl")
          .map((fixture) => dirname(fixture.file)),
      ),
    ]
  : [];
const view = loadView();

test("the corpus lists configuration folders to read", (t) => {
  t.true(folders.length > 50, `no corpus at ${CORPUS}`);
});

for (const folder of folders) {
  const rejected = REJECTED[folder];
  if (rejected) {
    test(`refuses the folder ${folder}: ${rejected.reason}`, async (t) => {
      const error = await t.throwsAsync(readHclDirectory(join(CORPUS, folder)), {
        instanceOf: ThreatloopError,
      });
      t.regex(error?.render() ?? "", rejected.error);
    });
    continue;
  }
  test(`reads the folder ${folder} and finds the line of every resource block`, async (t) => {
    const { document, sources } = await readHclDirectory(join(CORPUS, folder));
    const bytes = new TextEncoder().encode(JSON.stringify(document));
    t.deepEqual((await view)({ file: folder, bytes }).errors, []);
    for (const [address, source] of Object.entries(sources)) {
      const [type, name] = address.split(".").slice(-2);
      const line = readFileSync(source.file, "utf8").split("\n")[source.line - 1] ?? "";
      const header = source.file.endsWith(".json") ? `"${name}"` : `resource "${type}" "${name}"`;
      t.true(line.includes(header), `${address} at ${source.file}:${source.line}: ${line}`);
    }
  });
}
