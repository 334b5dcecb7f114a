import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ThreatloopError } from "../errors.js";
import { parseYaml } from "../model/yaml-source.js";
import { bundledPaths } from "../paths.js";
import { readEquivalents } from "./equivalents.js";
import { readTerraformTests } from "./tftest-spec.js";
import type { Catalog, CatalogControl } from "./types.js";

type ServiceControl = Omit<
  CatalogControl,
  "provider" | "service" | "rego" | "examples" | "equivalents" | "tftest"
> & {
  rule: string;
  equivalents?: unknown;
  tftest?: unknown;
  examples?: { good?: string[]; bad?: string[] };
};

interface ServiceFile {
  provider: string;
  service: string;
  rego_package: string;
  controls: ServiceControl[];
}

/**
 * Loads every `<provider>/<service>.yaml` under the catalog folder. Each file names the Rego
 * package, in the `.rego` file beside it, that implements its controls.
 */
export function loadCatalog(dir = bundledPaths().catalog): Catalog {
  const controls = new Map<string, CatalogControl>();
  for (const provider of readdirSync(dir, { withFileTypes: true })) {
    if (!provider.isDirectory()) continue;
    for (const name of readdirSync(join(dir, provider.name)).sort()) {
      if (!name.endsWith(".yaml")) continue;
      const file = join(dir, provider.name, name);
      for (const control of readServiceFile(file, dir)) {
        if (controls.has(control.id)) {
          throw new ThreatloopError("catalog", `control id "${control.id}" is defined twice`, {
            location: { file },
          });
        }
        controls.set(control.id, control);
      }
    }
  }
  return { controls };
}

function readServiceFile(file: string, root: string): CatalogControl[] {
  const source = parseYaml(relative(process.cwd(), file), readFileSync(file, "utf8"), "catalog");
  const data = source.value as ServiceFile;
  const regoFile = file.replace(/\.yaml$/, ".rego");
  return data.controls.map((entry, i) => {
    for (const field of ["id", "title", "rule", "severity", "layer"] as const) {
      if (typeof entry[field] !== "string") {
        throw new ThreatloopError("catalog", `control is missing "${field}"`, {
          location: source.locate(["controls", i]),
        });
      }
    }
    if (!/^[a-z0-9]+(\.[a-z0-9-]+)+$/.test(entry.id) || !/^[a-z_][a-z0-9_]*$/.test(entry.rule)) {
      throw new ThreatloopError(
        "catalog",
        `control id "${entry.id}" or rule "${entry.rule}" is malformed`,
        {
          location: source.locate(["controls", i, "id"]),
          hint: "ids look like aws.s3.public-access-blocked; rules are Rego function names",
        },
      );
    }
    const { rule, ...rest } = entry;
    const equivalentsAt = ["controls", i, "equivalents"];
    const owner = { resource_types: entry.resource_types ?? [], params: entry.params ?? {} };
    if (entry.rego_only !== undefined && typeof entry.rego_only !== "string") {
      throw new ThreatloopError("catalog", "rego_only must be a sentence", {
        location: source.locate(["controls", i, "rego_only"]),
      });
    }
    return {
      ...rest,
      tftest: readTerraformTests(entry.tftest, owner, source, ["controls", i, "tftest"]),
      provider: data.provider,
      service: data.service,
      params: entry.params ?? {},
      references: entry.references ?? {},
      equivalents: readEquivalents(entry.equivalents, entry.params ?? {}, source, equivalentsAt),
      related: entry.related ?? {},
      examples: { good: entry.examples?.good ?? [], bad: entry.examples?.bad ?? [] },
      rego: { package: data.rego_package, function: rule, file: relative(root, regoFile) },
    };
  });
}
