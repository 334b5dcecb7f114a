import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ThreatloopError } from "../../src/errors.js";
import { firstKey, loadInput } from "../../src/inputs/load.js";
import { convertRawState } from "../../src/inputs/tfstate.js";
import { temporaryDir } from "../helpers.js";

const RAW = {
  version: 4,
  terraform_version: "1.11.4",
  serial: 3,
  lineage: "3a1b",
  outputs: {},
  resources: [
    {
      mode: "managed",
      type: "aws_db_instance",
      name: "main",
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 2,
          attributes: { identifier: "main", password: "hunter2" },
          sensitive_attributes: [[{ type: "get_attr", value: "password" }]],
        },
        { schema_version: 2, deposed: "0a1b2c3d", attributes: { identifier: "old" } },
      ],
    },
    {
      module: 'module.a["x.module.y"].module.b',
      mode: "managed",
      type: "aws_s3_bucket",
      name: "b",
      each: "map",
      provider: 'provider["registry.terraform.io/hashicorp/aws"].east',
      instances: [{ index_key: 'k"1', schema_version: 0, attributes: { bucket: "acme" } }],
    },
  ],
};

test("turns raw state into show-JSON state with nested modules, keys and deposed objects", (t) => {
  const state = convertRawState(RAW, "terraform.tfstate") as {
    values: { root_module: Record<string, unknown> };
  };
  t.deepEqual(state.values.root_module, {
    resources: [
      {
        address: "aws_db_instance.main",
        mode: "managed",
        type: "aws_db_instance",
        name: "main",
        provider_name: "registry.terraform.io/hashicorp/aws",
        schema_version: 2,
        values: { identifier: "main", password: "hunter2" },
        sensitive_values: { password: true },
      },
      {
        address: "aws_db_instance.main",
        mode: "managed",
        type: "aws_db_instance",
        name: "main",
        provider_name: "registry.terraform.io/hashicorp/aws",
        schema_version: 2,
        values: { identifier: "old" },
        sensitive_values: {},
        deposed_key: "0a1b2c3d",
      },
    ],
    child_modules: [
      {
        address: 'module.a["x.module.y"]',
        resources: [],
        child_modules: [
          {
            address: 'module.a["x.module.y"].module.b',
            resources: [
              {
                address: 'module.a["x.module.y"].module.b.aws_s3_bucket.b["k\\"1"]',
                mode: "managed",
                type: "aws_s3_bucket",
                name: "b",
                provider_name: "registry.terraform.io/hashicorp/aws",
                schema_version: 0,
                values: { bucket: "acme" },
                sensitive_values: {},
                index: 'k"1',
              },
            ],
          },
        ],
      },
    ],
  });
});

test("tells raw state from show JSON by the first key", (t) => {
  const encode = (text: string) => new TextEncoder().encode(text);
  t.is(firstKey(encode('{\n  "version": 4, "resources": []}')), "version");
  t.is(firstKey(encode('{"format_version":"1.0"}')), "format_version");
  t.is(firstKey(encode("[]")), undefined);
});

test("refuses a raw state file of another version with what to do", (t) => {
  const error = t.throws(() => convertRawState({ version: 3, modules: [] }, "old.tfstate"), {
    instanceOf: ThreatloopError,
  });
  t.is(
    error?.render(),
    "old.tfstate: state file version 3 is not read " +
      "(hint: threatloop reads version 4 (Terraform 0.12 and later); run terraform show -json)",
  );
});

test("loads a raw state file from disk as state JSON", async (t) => {
  const file = join(temporaryDir(), "terraform.tfstate");
  writeFileSync(file, JSON.stringify(RAW));
  const loaded = await loadInput(file);
  t.is(loaded.origin, "tfstate");
  t.is(JSON.parse(new TextDecoder().decode(loaded.bytes)).format_version, "1.0");
});

test("locates broken JSON in a raw state file", async (t) => {
  const file = join(temporaryDir(), "terraform.tfstate");
  writeFileSync(file, '{\n  "version": 4,\n  "resources": [\n');
  const error = await t.throwsAsync(loadInput(file), { instanceOf: ThreatloopError });
  t.regex(error?.render() ?? "", /terraform\.tfstate:4:1: invalid JSON: /);
});

test("takes a .tfstate file whose keys were reordered as raw state", async (t) => {
  const file = join(temporaryDir(), "terraform.tfstate");
  const { resources, ...rest } = RAW;
  writeFileSync(file, JSON.stringify({ resources, ...rest }));
  t.is((await loadInput(file)).origin, "tfstate");
});
