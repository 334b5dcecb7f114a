import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ThreatloopError, toError } from "../errors.js";
import { parse } from "./hcl-parser.js";

/** A block body as hcl2json gives it: attributes, and nested blocks as lists of bodies. */
export type Body = Record<string, unknown>;

/** One labelled block of a module (a resource, a module call or a variable). */
export interface LabelledBlock {
  labels: string[];
  body: Body;
  file: string;
  line: number;
}

/** The blocks of one module folder that the converter uses. */
export interface ModuleFiles {
  resources: LabelledBlock[];
  /** `data` blocks; only those the reader can work out without a provider are used. */
  data: LabelledBlock[];
  modules: LabelledBlock[];
  variables: LabelledBlock[];
  /** Every `locals` block's attributes, merged. */
  locals: Body;
  /** Values of terraform.tfvars and *.auto.tfvars, in Terraform's order of precedence. */
  tfvars: Record<string, unknown>;
}

/**
 * Parses the `.tf` and `.tf.json` files of one folder, as Terraform reads a module: every file
 * directly in it, in name order, sub-folders left out.
 * https://developer.hashicorp.com/terraform/language/files
 */
export async function readModuleFiles(dir: string): Promise<ModuleFiles> {
  const names = listNames(dir);
  const files = names.filter((name) => name.endsWith(".tf") || name.endsWith(".tf.json"));
  if (files.length === 0) {
    throw new ThreatloopError("input", "the folder holds no .tf or .tf.json files", {
      location: { file: dir },
      hint: "pass a Terraform configuration folder, a plan JSON or a state file",
    });
  }
  const module: ModuleFiles = {
    resources: [],
    data: [],
    modules: [],
    variables: [],
    locals: {},
    tfvars: {},
  };
  for (const name of files) {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    const parsed = await parseFile(file, text, name.endsWith(".tf.json"));
    module.resources.push(...labelled(parsed.resource, 2, file, text, "resource"));
    module.data.push(...labelled(parsed.data, 2, file, text, "data"));
    module.modules.push(...labelled(parsed.module, 1, file, text, "module"));
    module.variables.push(...labelled(parsed.variable, 1, file, text, "variable"));
    const locals = Array.isArray(parsed.locals) ? parsed.locals : [parsed.locals ?? {}];
    for (const block of locals) Object.assign(module.locals, asBody(block));
  }
  const tfvars = names.filter((name) => name === "terraform.tfvars" || isAutoTfvars(name));
  tfvars.sort((a, b) => Number(a !== "terraform.tfvars") - Number(b !== "terraform.tfvars"));
  for (const name of tfvars) {
    const file = join(dir, name);
    const text = readFileSync(file, "utf8");
    Object.assign(module.tfvars, await parseFile(file, text, name.endsWith(".json")));
  }
  return module;
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ThreatloopError("input", `cannot read the folder (${code})`, {
      location: { file: dir },
      cause: error,
    });
  }
}

function isAutoTfvars(name: string): boolean {
  return name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json");
}

async function parseFile(file: string, text: string, json: boolean): Promise<Body> {
  if (json) {
    try {
      return JSON.parse(text) as Body;
    } catch (error) {
      throw new ThreatloopError("input", `invalid JSON: ${toError(error).message}`, {
        location: { file },
      });
    }
  }
  let parsed: Body;
  try {
    parsed = await parse(file, text);
  } catch (error) {
    throw hclError(file, toError(error).message);
  }
  refuseCapitalBooleans(file, text, parsed);
  return parsed;
}

/** A whole value written `True` or `False`, as hcl2json gives it: an interpolated name. */
const CAPITAL_BOOLEAN = /^\$\{(True|False|TRUE|FALSE)\}$/;

/**
 * Refuses `True` and `False` written as values. HCL's booleans are lower case, so Terraform reads
 * these as references to an undeclared name and refuses the folder ("Invalid reference"); taking
 * them as values unknown until apply would hide a configuration that never plans.
 */
function refuseCapitalBooleans(file: string, text: string, parsed: Body): void {
  const parsedWord = capitalBooleanIn(parsed);
  if (parsedWord === undefined) return;
  // The first one written in the file is the one reported, with its position.
  const at = /=[ \t]*(True|False|TRUE|FALSE)\b/.exec(text);
  const word = at?.[1] ?? parsedWord;
  const before = at ? text.slice(0, at.index + at[0].length - word.length).split("\n") : [];
  throw new ThreatloopError(
    "input",
    `${word} is not a boolean but a reference to an undeclared name (HCL booleans are lower case)`,
    {
      location: at
        ? { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 }
        : { file },
      hint: `write ${word.toLowerCase()}; Terraform refuses this folder too (Invalid reference)`,
    },
  );
}

function capitalBooleanIn(value: unknown): string | undefined {
  if (typeof value === "string") return CAPITAL_BOOLEAN.exec(value)?.[1];
  if (typeof value !== "object" || value === null) return undefined;
  for (const inner of Object.values(value)) {
    const found = capitalBooleanIn(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** hcl2json reports `parse config: [file:3,12-13: Summary; Detail]`; keep the position. */
function hclError(file: string, message: string): ThreatloopError {
  const match = /:(\d+),(\d+)(?:-\d+)?: ([^;\]]+)/.exec(message);
  return new ThreatloopError("input", `invalid HCL: ${match?.[3] ?? message}`, {
    location: { file, line: Number(match?.[1] ?? 1), column: Number(match?.[2] ?? 1) },
  });
}

/**
 * Flattens `{type: {name: [body]}}` (or `{name: [body]}` for one label) into blocks. JSON
 * configuration may give a body as an object instead of a list of them.
 */
function labelled(
  tree: unknown,
  depth: 1 | 2,
  file: string,
  text: string,
  keyword: string,
): LabelledBlock[] {
  const blocks: LabelledBlock[] = [];
  for (const [first, inner] of Object.entries(asBody(tree))) {
    const entries = depth === 2 ? Object.entries(asBody(inner)) : [["", inner] as const];
    for (const [second, bodies] of entries) {
      const labels = depth === 2 ? [first, second] : [first];
      const line = blockLine(text, keyword, labels, file.endsWith(".json"));
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        blocks.push({ labels, body: asBody(body), file, line });
      }
    }
  }
  return blocks;
}

function asBody(value: unknown): Body {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Body)
    : {};
}

/**
 * The line of a block's header. hcl2json gives no positions, so the header is found in the text:
 * `resource "type" "name" {` at the start of a line, labels quoted or bare; in JSON files, the
 * line of the innermost label as a key.
 */
export function blockLine(text: string, keyword: string, labels: string[], json: boolean): number {
  const label = (name: string) => `(?:"${escapeRegex(name)}"|${escapeRegex(name)})`;
  const pattern = json
    ? new RegExp(`"${escapeRegex(labels[labels.length - 1] ?? "")}"\\s*:`, "g")
    : new RegExp(`^[ \\t]*${keyword}[ \\t]+${labels.map(label).join("[ \\t]+")}[ \\t]*\\{`, "m");
  if (json) {
    const start = text.indexOf(`"${labels[0]}"`);
    pattern.lastIndex = Math.max(0, start);
  }
  const match = pattern.exec(text);
  if (!match) return 1;
  return text.slice(0, match.index + match[0].search(/\S/)).split("\n").length;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
