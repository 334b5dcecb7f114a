import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileWasm } from "../src/compile/compile.js";
import { resolveOpa } from "../src/compile/opa.js";
import { loadInput } from "../src/inputs/load.js";
import { packageRoot } from "../src/paths.js";

/**
 * Times building the resource view alone (addresses, types, configuration blocks and the link
 * indexes of every bucket) on one input, in WASM from Node. It also writes the same Rego to
 * bench/work/view/ so that `opa eval` can be timed on it:
 *   node dist/bench/view.js plan.json
 *   opa eval -d bench/work/view -i plan.json data.threatloop.main.report
 */
const MAIN = `package threatloop.main

import rego.v1

import data.threatloop.lib

report := {
	"kind": lib.kind,
	"resources": count(lib.resources),
	"types": count(lib.by_type),
	"config_blocks": count(lib.config_blocks),
	"linked": count([address |
		some address in lib.by_type.aws_s3_bucket
		some _ in lib.linked(lib.resources[address], "aws_s3_bucket_public_access_block", "bucket")
	]),
}
`;

const ROOT = packageRoot();
const input = process.argv[2];
if (!input) throw new Error("usage: node dist/bench/view.js <plan-or-state>");
const library = join(ROOT, "policies", "lib");
const files = readdirSync(library)
  .filter((name) => name.endsWith(".rego") && !name.endsWith("_test.rego"))
  .map((name) => ({ path: name, content: readFileSync(join(library, name), "utf8") }));
files.push({ path: "main.rego", content: MAIN });
const out = join(ROOT, "bench", "work", "view");
mkdirSync(out, { recursive: true });
for (const file of files) writeFileSync(join(out, file.path), file.content);

const { wasm } = await compileWasm(files, {
  opa: resolveOpa(process.env.OPA_PATH, process.env.PATH ?? ""),
  cacheDir: join(ROOT, ".threatloop", "cache"),
});
const started = performance.now();
const policy = await loadPolicy(wasm);
const document = await loadInput(input);
const loaded = performance.now();
const { bytes } = document;
const result = policy.evaluate(
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  "threatloop/main/report",
);
const done = performance.now();
process.stdout.write(
  `${JSON.stringify(result[0]?.result)}\n` +
    `load ${Math.round(loaded - started)} ms, view ${Math.round(done - loaded)} ms\n`,
);
