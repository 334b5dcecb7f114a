import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ThreatloopError } from "../errors.js";
import type { GatedFinding } from "../gate/gate.js";
import { configAddressOf } from "../inputs/address.js";

/** Where one resource block is declared. */
export interface ResourceBlock {
  file: string;
  line: number;
}

/** Folders that hold downloaded modules or tooling rather than the configuration under review. */
const SKIPPED = new Set([".terraform", "node_modules", ".git"]);
const RESOURCE_BLOCK = /^\s*resource\s+"([^"\\]+)"\s+"([^"\\]+)"/;

/**
 * Finds every `resource "type" "name"` block in the .tf files under a folder, keyed by
 * `type.name`. Paths are given relative to `relativeTo`, with forward slashes.
 */
export function scanResourceBlocks(dir: string, relativeTo: string): Map<string, ResourceBlock[]> {
  const blocks = new Map<string, ResourceBlock[]>();
  let files: string[];
  try {
    files = terraformFiles(dir);
  } catch (error) {
    throw new ThreatloopError("input", "cannot read the source folder", {
      location: { file: dir },
      cause: error,
      hint: "--source-dir names the folder of the Terraform configuration",
    });
  }
  for (const file of files) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((text, index) => {
      const match = RESOURCE_BLOCK.exec(text);
      if (!match) return;
      const key = `${match[1]}.${match[2]}`;
      const shown = relative(relativeTo, file).split(sep).join("/");
      blocks.set(key, [...(blocks.get(key) ?? []), { file: shown, line: index + 1 }]);
    });
  }
  return blocks;
}

/**
 * Gives each finding without a source the block that declares its resource. A block name found
 * in more than one file is ambiguous (the same module called twice, or two modules declaring the
 * same name) and is left out rather than guessed.
 */
export function attachSources(
  findings: GatedFinding[],
  blocks: Map<string, ResourceBlock[]>,
): GatedFinding[] {
  return findings.map((finding) => {
    if (finding.source) return finding;
    const candidates = blocks.get(resourceKey(finding.address)) ?? [];
    const only = candidates.length === 1 ? candidates[0] : undefined;
    return only ? { ...finding, source: { file: only.file, line: only.line } } : finding;
  });
}

/** `module.a["k"].aws_s3_bucket.b[0]` gives `aws_s3_bucket.b`. */
function resourceKey(address: string): string {
  return configAddressOf(address).split(".").slice(-2).join(".");
}

function terraformFiles(dir: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) files.push(...terraformFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".tf")) files.push(path);
  }
  return files;
}
