import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Catalog, CatalogControl } from "../catalog/types.js";
import { compareText } from "../compare.js";
import { controlIdOf } from "../model/control-id.js";
import type { LoadedModel } from "../model/load.js";
import type { ControlUse, TerraformBinding, Threat, ThreatModel } from "../model/types.js";
import { bundledPaths } from "../paths.js";
import { TOOL_VERSION } from "../version.js";
import {
  type AssertionSpec,
  assertionRemediation,
  assertionSpec,
  assertionTitle,
} from "./assertion.js";
import { metadataValue, regoIdentifier, regoString, regoTerm, yamlString } from "./escape.js";
import { type Manifest, type ManifestThreat, REPORT_ENTRYPOINT } from "./manifest.js";
import { renderTemplate } from "./render.js";

/** A file to write, relative to the output folder. */
export interface GeneratedFile {
  path: string;
  content: string;
}

export interface GenerateOptions {
  /** Files generated elsewhere (the example tests) to list in the manifest with the rest. */
  extraFiles?: GeneratedFile[];
  catalogDir?: string;
  libraryDir?: string;
  templatesDir?: string;
}

export interface GenerateResult {
  files: GeneratedFile[];
  manifest: Manifest;
}

/**
 * Turns a validated model into Rego: the library, the catalog packages its controls use, one
 * module per threat and the aggregate entrypoint, plus manifest.json. Output is deterministic.
 */
export function generatePolicies(
  loaded: LoadedModel,
  catalog: Catalog,
  options: GenerateOptions = {},
): GenerateResult {
  const paths = bundledPaths();
  const catalogDir = options.catalogDir ?? paths.catalog;
  const templates = options.templatesDir ?? paths.templates;
  const { model } = loaded;
  const files: GeneratedFile[] = [...libraryFiles(options.libraryDir ?? paths.library)];

  const usedControls = new Map<string, CatalogControl>();
  const threats: ManifestThreat[] = [];
  /** Packages of threats with an inline assertion: they are evaluated on the whole plan. */
  const whole: string[] = [];
  const packageNames = threatPackageNames(model);
  for (const threat of model.threats) {
    const packageName = packageNames.get(threat.id) ?? "";
    const controls = compiledControls(threat, catalog);
    for (const { control } of controls) if (control) usedControls.set(control.id, control);
    const file = `policies/threatloop/threats/${packageName}.rego`;
    if (controls.some(({ spec }) => spec !== undefined)) whole.push(packageName);
    files.push({
      path: file,
      content: renderTemplate(
        templates,
        "threat.rego.hbs",
        threatView(model, threat, loaded.hash, packageName, controls),
      ),
    });
    threats.push({
      id: threat.id,
      title: threat.title,
      severity: threat.severity,
      layer: threat.layer,
      stride: threat.stride,
      likelihood: threat.likelihood ?? null,
      owner: threat.owner ?? null,
      components: threat.components,
      package: `threatloop.threats.${packageName}`,
      file,
      controls: controls.map(({ use, id, title, types, control, spec, ruleName }) => ({
        id,
        title,
        rule: `data.threatloop.threats.${packageName}.${ruleName}`,
        severity: threat.severity,
        declared: use.status ?? null,
        resource_types: types,
        params: control ? effectiveParams(control, use.params) : {},
        remediation: remediationOf(control, spec),
        ...(use.enforcement ? { enforcement: use.enforcement } : {}),
      })),
      ...(threat.enforcement ? { enforcement: threat.enforcement } : {}),
    });
  }

  const regoFiles = new Set([...usedControls.values()].map((c) => c.rego.file));
  for (const file of [...regoFiles].sort()) {
    files.push({
      path: `policies/threatloop/controls/${file}`,
      content: readFileSync(join(catalogDir, file), "utf8"),
    });
  }
  files.push({
    path: "policies/threatloop/main.rego",
    content: renderTemplate(templates, "main.rego.hbs", {
      modelHashString: regoString(loaded.hash),
      // opa fmt sorts imports, so the entrypoint lists threats by package name.
      threats: threats
        .map((t) => ({ packageName: t.package.split(".").at(-1) ?? "" }))
        .sort((a, b) => compareText(a.packageName, b.packageName)),
      wholeTerm:
        whole.length === 0 ? "set()" : `{${whole.sort(compareText).map(regoString).join(", ")}}`,
    }),
  });

  files.push(...(options.extraFiles ?? []));
  files.sort((a, b) => compareText(a.path, b.path));
  const manifest: Manifest = {
    version: 1,
    tool: { name: "threatloop", version: TOOL_VERSION },
    model: { file: basename(loaded.file), hash: loaded.hash, system: model.system.name },
    entrypoint: REPORT_ENTRYPOINT,
    threats,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])),
  };
  files.push({ path: "manifest.json", content: `${JSON.stringify(manifest, null, 2)}\n` });
  return { files, manifest };
}

/** The Rego package name (last segment) of each threat, by threat id. */
export function threatPackageNames(model: ThreatModel): Map<string, string> {
  return uniqueIdentifiers(
    "t",
    model.threats.map((t) => t.id),
  );
}

/**
 * A threat's control entries ready to render: a catalog control, or an inline assertion with its
 * spec. Both get a rule named after the control id their findings carry.
 */
export interface CompiledControl {
  use: ControlUse;
  id: string;
  title: string;
  types: string[];
  ruleName: string;
  control?: CatalogControl;
  spec?: AssertionSpec;
}

/** The controls of a threat in model order, each with its rule name. */
export function compiledControls(threat: Threat, catalog: Catalog): CompiledControl[] {
  return threat.controls.map((use, i) => {
    const id = controlIdOf(use, i);
    const ruleName = controlRuleName(id, i);
    if (use.assert !== undefined) {
      const spec = assertionSpec(use.assert);
      return { use, id, title: assertionTitle(use), types: [spec.type], ruleName, spec };
    }
    const control = catalog.controls.get(id);
    if (!control) throw new Error(`control ${id} is not in the catalog`);
    return { use, id, title: control.title, types: control.resource_types, ruleName, control };
  });
}

/** The rule of a threat's module that holds the verdicts of its i-th control. */
export function controlRuleName(controlId: string, i: number): string {
  return `${regoIdentifier("c", controlId)}_${i}`;
}

/** Identifiers for ids; the hash suffix is added only to ids whose plain form collides. */
function uniqueIdentifiers(prefix: string, ids: string[]): Map<string, string> {
  const plain = ids.map((id) => regoIdentifier(prefix, id));
  const counts = new Map<string, number>();
  for (const name of plain) counts.set(name, (counts.get(name) ?? 0) + 1);
  return new Map(
    ids.map((id, i) => {
      const name = plain[i] ?? "";
      return [id, (counts.get(name) ?? 0) > 1 ? regoIdentifier(prefix, id, true) : name];
    }),
  );
}

function libraryFiles(dir: string): GeneratedFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".rego") && !name.endsWith("_test.rego"))
    .sort()
    .map((name) => ({
      path: `policies/threatloop/lib/${name}`,
      content: readFileSync(join(dir, name), "utf8"),
    }));
}

function threatView(
  model: ThreatModel,
  threat: Threat,
  modelHash: string,
  packageName: string,
  controls: CompiledControl[],
) {
  const bindings: TerraformBinding[] = threat.components
    .map((id) => model.components.find((c) => c.id === id)?.terraform)
    .filter((b): b is TerraformBinding => b !== undefined);
  const imports = [...new Set(controls.flatMap((c) => (c.control ? [c.control.rego.package] : [])))]
    .sort()
    .map((pkg) => `${pkg} as ${importAlias(pkg)}`)
    .concat("threatloop.lib")
    .sort();
  return {
    titleLines: metadataValue(threat.title, 100).join("\n#   "),
    idYaml: yamlString(threat.id),
    severityString: regoString(threat.severity),
    layerString: regoString(threat.layer),
    strideTerm: regoTerm(threat.stride),
    modelHashString: regoString(modelHash),
    packageName,
    imports,
    bindingsTerm: regoTerm(bindings, 0, 120 - "bindings := ".length),
    controls: controls.map(({ use, id, title, types, control, spec, ruleName }) => ({
      titleLines: metadataValue(title, 100).join("\n#   "),
      idYaml: yamlString(id),
      idComment: control ? control.id : "",
      severityString: regoString(threat.severity),
      // Continuation lines sit deeper than the custom key's indentation, and no line passes 116.
      remediationLines: metadataValue(
        remediationOf(control, spec),
        116 - "#   remediation: ".length,
        114,
      ).join("\n#     "),
      ruleName,
      typesTerm: regoTerm(types, 1, 60),
      assertion: spec !== undefined,
      specTerm: spec ? regoTerm(spec, 0, 120 - `_${ruleName}_spec := `.length) : "",
      functionRef: control ? `${importAlias(control.rego.package)}.${control.rego.function}` : "",
      paramsTerm: control
        ? regoTerm(effectiveParams(control, use.params), 0, 120 - `_${ruleName}_params := `.length)
        : "",
      tagsTerm: regoTerm(
        { threat: threat.id, control: id, severity: threat.severity },
        0,
        120 - `_${ruleName}_tags := `.length,
      ),
    })),
  };
}

/** The fix a control's findings suggest: the catalog's text, or one derived from the assertion. */
function remediationOf(control: CatalogControl | undefined, spec: AssertionSpec | undefined) {
  return control ? control.remediation : assertionRemediation(spec as AssertionSpec);
}

/** `threatloop.controls.aws.s3` is imported as `aws_s3`: two providers' services never clash. */
function importAlias(pkg: string): string {
  return pkg.replace(/^threatloop\.controls\./, "").replaceAll(".", "_");
}

/** The catalog's defaults overlaid with the parameters the model gives. */
function effectiveParams(control: CatalogControl, given: Record<string, unknown> | undefined) {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(control.params)) params[name] = spec.default;
  return { ...params, ...given };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
