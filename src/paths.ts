import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder that holds threatloop's package.json, policies/ and generators/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "generators"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("threatloop's package folder was not found");
    dir = parent;
  }
}

/** Default locations of the bundled Rego library, catalog and templates. */
export function bundledPaths(root = packageRoot()) {
  return {
    library: join(root, "policies", "lib"),
    capabilities: join(root, "policies", "capabilities.json"),
    catalog: join(root, "generators", "catalog"),
    templates: join(root, "generators", "templates"),
    schema: join(root, "schema", "threat-model.schema.json"),
  };
}
