import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./paths.js";

/** threatloop's own version, from its package.json. */
export const TOOL_VERSION: string = JSON.parse(
  readFileSync(join(packageRoot(), "package.json"), "utf8"),
).version;
