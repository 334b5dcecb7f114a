import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareText } from "../compare.js";
import { runOpa } from "../compile/opa.js";
import type { GenerateResult } from "../generate/generate.js";
import type { Manifest } from "../generate/manifest.js";
import { writeFiles } from "../io/write.js";
import { TOOL_VERSION } from "../version.js";
import { type ArchiveEntry, packArchive, readArchive } from "./archive.js";
import { type SigningOptions, signBundle } from "./sign.js";

/** The package root every generated module lives under, and so the bundle's only root. */
export const BUNDLE_ROOT = "threatloop";

export interface BundleOptions {
  opa: string;
  signing?: SigningOptions;
}

/** The `.manifest` of a threatloop bundle. */
export interface BundleManifest {
  revision: string;
  roots: string[];
  rego_version: 1;
  metadata: {
    threatloop: { model: string; system: string; tool: string; threats: string[] };
  };
}

export interface BundleResult {
  archive: Buffer;
  manifest: BundleManifest;
  /** Paths inside the archive, sorted. */
  files: string[];
  signed: boolean;
}

/**
 * Builds an OPA bundle of the generated Rego with `opa build -b`, which checks the modules and
 * keeps every rule (the WASM build drops its entrypoints' Rego). The archive is repacked so that
 * the same model and tool give the same bytes, and signed when a key is given.
 * https://www.openpolicyagent.org/docs/management-bundles#bundle-file-format
 */
export async function buildBundle(
  generated: GenerateResult,
  options: BundleOptions,
): Promise<BundleResult> {
  const manifest = bundleManifest(generated.manifest);
  const built = await opaBuild(generated, manifest, options.opa);
  const entries = built.filter((e) => e.path !== ".manifest");
  entries.push({ path: ".manifest", content: Buffer.from(`${JSON.stringify(manifest)}\n`) });
  if (options.signing) entries.push(await signBundle(entries, options.signing));
  entries.sort((a, b) => compareText(a.path, b.path));
  return {
    archive: await packArchive(entries),
    manifest,
    files: entries.map((e) => e.path),
    signed: Boolean(options.signing),
  };
}

/** Revision and metadata that tie a bundle to one model file and one threatloop version. */
export function bundleManifest(manifest: Manifest): BundleManifest {
  return {
    revision: bundleRevision(manifest.model.hash),
    roots: [BUNDLE_ROOT],
    rego_version: 1,
    metadata: {
      threatloop: {
        model: manifest.model.hash,
        system: manifest.model.system,
        tool: TOOL_VERSION,
        threats: manifest.threats.map((t) => t.id),
      },
    },
  };
}

/** `<first 16 hex digits of the model's sha256>-threatloop-<version>`. */
export function bundleRevision(modelHash: string): string {
  return `${modelHash.slice(0, 16)}-threatloop-${TOOL_VERSION}`;
}

async function opaBuild(
  generated: GenerateResult,
  manifest: BundleManifest,
  opa: string,
): Promise<ArchiveEntry[]> {
  const work = mkdtempSync(join(tmpdir(), "threatloop-bundle-"));
  try {
    const source = join(work, "src");
    const policies = generated.files
      .filter((f) => f.path.startsWith("policies/") && f.path.endsWith(".rego"))
      .map((f) => ({ path: f.path.slice("policies/".length), content: f.content }));
    writeFiles(source, [...policies, { path: ".manifest", content: JSON.stringify(manifest) }]);
    const output = join(work, "bundle.tar.gz");
    await runOpa(["build", "-b", ".", "-o", output], { opa, cwd: source });
    return await readArchive(readFileSync(output), output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
