import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract } from "tar";
import { compareText } from "../compare.js";
import { ThreatloopError } from "../errors.js";
import type { GeneratedFile } from "../generate/generate.js";
import { PARTITIONING_ENTRYPOINT, REPORT_ENTRYPOINT } from "../generate/manifest.js";
import { writeFileAtomic, writeFiles } from "../io/write.js";
import { bundledPaths } from "../paths.js";
import { runOpa } from "./opa.js";

export interface CompileOptions {
  opa: string;
  /** Where compiled modules are kept, keyed by a hash of everything that goes into them. */
  cacheDir: string;
  capabilities?: string;
}

export interface CompileResult {
  wasm: Buffer;
  cached: boolean;
  key: string;
}

/**
 * Compiles generated policies to one WASM module with the report entrypoint (and the
 * partitioning entrypoint when the policies declare it), checking them
 * strictly against the WASM capabilities first. A module built before from the same inputs and
 * the same opa binary is taken from the cache.
 * https://www.openpolicyagent.org/docs/wasm
 */
export async function compileWasm(
  files: GeneratedFile[],
  options: CompileOptions,
): Promise<CompileResult> {
  const capabilities = options.capabilities ?? bundledPaths().capabilities;
  const policies = files.filter((f) => f.path.endsWith(".rego"));
  const key = cacheKey(policies, options.opa, capabilities);
  const cached = join(options.cacheDir, `${key}.wasm`);
  try {
    return { wasm: readFileSync(cached), cached: true, key };
  } catch {
    // not built yet
  }

  const work = mkdtempSync(join(tmpdir(), "threatloop-build-"));
  try {
    const source = join(work, "src");
    writeFiles(source, policies);
    await runOpa(["check", "--strict", "--capabilities", capabilities, source], {
      opa: options.opa,
    });
    const bundle = join(work, "bundle.tar.gz");
    await runOpa(
      [
        "build",
        "-t",
        "wasm",
        // print() is kept so that a policy's output can be captured and shown with --debug.
        "--wasm-include-print",
        "-e",
        REPORT_ENTRYPOINT,
        ...(declaresPartitioning(policies) ? ["-e", PARTITIONING_ENTRYPOINT] : []),
        "--capabilities",
        capabilities,
        "-o",
        bundle,
        source,
      ],
      { opa: options.opa },
    );
    await extract({
      file: bundle,
      cwd: work,
      filter: (path) => path.replace(/^\//, "") === "policy.wasm",
    });
    const wasm = readFileSync(join(work, "policy.wasm"));
    mkdirSync(options.cacheDir, { recursive: true });
    writeFileAtomic(cached, wasm);
    return { wasm, cached: false, key };
  } catch (error) {
    if (error instanceof ThreatloopError) throw error;
    throw new ThreatloopError(
      "compile",
      `compiling the policies failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether the generated entrypoint module declares the partitioning rule a host splits by. */
function declaresPartitioning(policies: GeneratedFile[]): boolean {
  return policies.some(
    (file) =>
      /^package threatloop\.main$/m.test(file.content) && /^partitioning :=/m.test(file.content),
  );
}

/** Changes whenever the way modules are built changes, so older cached modules are not reused. */
const BUILD_RECIPE = "wasm build 3: report and partitioning entrypoints, print kept";

function cacheKey(policies: GeneratedFile[], opa: string, capabilities: string): string {
  const hash = createHash("sha256");
  const binary = statSync(opa);
  hash.update(`${BUILD_RECIPE}\nopa ${opa} ${binary.size} ${binary.mtimeMs}\n`);
  hash.update(readFileSync(capabilities));
  for (const file of [...policies].sort((a, b) => compareText(a.path, b.path))) {
    hash.update(`\0${file.path}\0${file.content}`);
  }
  return hash.digest("hex").slice(0, 32);
}
