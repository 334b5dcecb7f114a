import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { readModuleFiles } from "../../src/inputs/hcl-files.js";

/**
 * The root configurations of a peer's case folder, as paths relative to it ("" for the folder
 * itself), in path order.
 *
 * checkov scans a case folder and its sub-folders in one run, while Terraform reads one folder as
 * one configuration and never looks into sub-folders. So every folder of the case that holds
 * `.tf` or `.tf.json` files is a root of its own, evaluated apart from the others, except a folder
 * that a folder of the case calls as a local module (`source = "./module"`): that one is part of
 * its caller's configuration, where Terraform reads it. Hidden folders (`.terraform`) are left
 * out, as they hold Terraform's own downloads.
 */
export async function caseRoots(dir: string): Promise<string[]> {
  const folders = configFolders(dir, "");
  const called = new Set<string>();
  for (const folder of folders) {
    const full = join(dir, folder);
    for (const call of (await readModuleFiles(full)).modules) {
      const source = call.body.source;
      if (typeof source !== "string" || !/^\.\.?\//.test(source)) continue;
      called.add(relative(resolve(dir), resolve(full, source)));
    }
  }
  return folders.filter((folder) => !called.has(folder));
}

/** The folder (relative to the case) and those under it that hold Terraform files. */
function configFolders(dir: string, folder: string): string[] {
  const entries = readdirSync(join(dir, folder), { withFileTypes: true });
  const own = entries.some((e) => e.isFile() && /\.tf(\.json)?$/.test(e.name)) ? [folder] : [];
  const below = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort()
    .flatMap((name) => configFolders(dir, folder === "" ? name : join(folder, name)));
  return [...own, ...below];
}
