import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ThreatloopError } from "../errors.js";
import { readHclDirectory } from "../inputs/hcl.js";

/**
 * Turns a catalog example (a few resource blocks of HCL) into the JSON `terraform show -json`
 * writes for a plan that creates them, through the same reader `eval` uses on configuration
 * folders (src/inputs/hcl.ts): the example is written alone to a scratch folder and read there,
 * so examples and users' configurations are converted by one converter.
 */
export async function examplePlan(hcl: string, name = "example.tf"): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), "threatloop-example-"));
  const file = basename(name).endsWith(".tf") ? basename(name) : `${basename(name)}.tf`;
  try {
    writeFileSync(join(dir, file), hcl);
    return (await readHclDirectory(dir)).document;
  } catch (error) {
    // The scratch folder means nothing to the reader of the error; the example's name does.
    if (error instanceof ThreatloopError && error.location) {
      throw new ThreatloopError(error.code, error.message, {
        location: { ...error.location, file: name },
        hint: error.hint,
        cause: error,
      });
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
