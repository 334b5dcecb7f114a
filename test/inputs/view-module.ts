import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileWasm } from "../../src/compile/compile.js";
import type { InputDocument } from "../../src/inputs/read.js";
import { opaPath, ROOT, TEST_CACHE } from "../helpers.js";

/**
 * An entrypoint over the library alone: the address set, each resource's view, every link from
 * a bucket to its public access blocks, and the tri-state of their block_public_acls.
 */
const MAIN = `package threatloop.main

import rego.v1

import data.threatloop.lib

_block := "aws_s3_bucket_public_access_block"

report := {
	"kind": lib.kind,
	"errors": lib.input_errors,
	"addresses": object.keys(lib.resources),
	"resources": {address: _summary(resource) | some address, resource in lib.resources},
	"links": {address: lib.linked(lib.resources[address], _block, "bucket") |
		some address in lib.by_type.aws_s3_bucket
	},
	"acls": {address: lib.attr(lib.resources[address], ["block_public_acls"]) |
		some address in lib.by_type.aws_s3_bucket_public_access_block
	},
	"targets": {address: lib.targets(lib.resources[address], "bucket") |
		some address in lib.by_type.aws_s3_bucket_public_access_block
	},
}

_summary(resource) := {
	"config": resource.config,
	"module": resource.module,
	"index": resource.index,
	"actions": resource.actions,
	"deposed": resource.deposed,
}
`;

/** What the view entrypoint returns for one document. */
export interface ViewReport {
  kind: string;
  errors: string[];
  addresses: string[];
  resources: Record<
    string,
    { config: string; module: string; index: unknown; actions: string[]; deposed: unknown }
  >;
  links: Record<string, string[]>;
  acls: Record<string, { state: string; value?: unknown }>;
  targets: Record<string, string[]>;
}

/** Compiles the library with the view entrypoint once; evaluates documents with it. */
export async function loadView(): Promise<(document: InputDocument) => ViewReport> {
  const library = join(ROOT, "policies", "lib");
  const files = readdirSync(library)
    .filter((name) => name.endsWith(".rego") && !name.endsWith("_test.rego"))
    .map((name) => ({
      path: `policies/threatloop/lib/${name}`,
      content: readFileSync(join(library, name), "utf8"),
    }));
  files.push({ path: "policies/threatloop/main.rego", content: MAIN });
  const { wasm } = await compileWasm(files, { opa: opaPath(), cacheDir: TEST_CACHE });
  const policy = await loadPolicy(wasm);
  return (document) => {
    const { bytes } = document;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const result = policy.evaluate(buffer, "threatloop/main/report") as { result: ViewReport }[];
    const report = result[0]?.result;
    if (!report) throw new Error(`no view of ${document.file}`);
    return { ...report, links: sortedValues(report.links), targets: sortedValues(report.targets) };
  };
}

/** WASM and opa eval order set elements differently; tests compare them sorted. */
function sortedValues(links: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(links).map(([key, value]) => [key, [...value].sort()]));
}
