import { existsSync, statSync } from "node:fs";
import { readTerraformFiles, readTerraformFolder } from "./hcl.js";
import { readTerraformResources, type TerraformResource } from "./plan.js";

/**
 * Resources of whatever Terraform the user points at: a folder of `.tf` files, one `.tf` file,
 * or the JSON of `terraform show -json` for a plan or state.
 */
export async function readTerraformInput(path: string): Promise<TerraformResource[]> {
  if (existsSync(path) && statSync(path).isDirectory()) return readTerraformFolder(path);
  if (path.endsWith(".tf")) return readTerraformFiles([path]);
  return readTerraformResources(path).resources;
}
