import test from "ava";
import { configAddressOf, formatIndexKey } from "../../src/inputs/address.js";

const KEYS: [unknown, string][] = [
  [0, "[0]"],
  [12, "[12]"],
  ["a", '["a"]'],
  ["a.b", '["a.b"]'],
  ['say "hi"', '["say \\"hi\\""]'],
  ["back\\slash", '["back\\\\slash"]'],
  ["line\nbreak", '["line\\nbreak"]'],
  // Template sequences stay literal text, escaped as HCL escapes them.
  ["$" + "{not} %{a} template", '["$$' + '{not} %%{a} template"]'],
];

for (const [key, formatted] of KEYS) {
  test(`writes the index key ${JSON.stringify(key)} as Terraform does`, (t) => {
    t.is(formatIndexKey(key), formatted);
  });
}

const CONFIG: [string, string][] = [
  ["aws_s3_bucket.b", "aws_s3_bucket.b"],
  ["aws_s3_bucket.b[0]", "aws_s3_bucket.b"],
  ['module.a["x.y"].module.b[2].aws_s3_bucket.c["k]"]', "module.a.module.b.aws_s3_bucket.c"],
  ['module.m["q\\"].z"].aws_s3_bucket.b', "module.m.aws_s3_bucket.b"],
  ["aws_s3_bucket.b (deposed 00000001)", "aws_s3_bucket.b"],
];

for (const [address, config] of CONFIG) {
  test(`finds the configuration address of ${address}`, (t) => {
    t.is(configAddressOf(address), config);
  });
}
