import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogControl } from "../../src/catalog/types.js";
import { bundledPaths } from "../../src/paths.js";
import { ROOT } from "../helpers.js";

const catalog = loadCatalog();
const controls = [...catalog.controls.values()];
const catalogDir = bundledPaths().catalog;
const corpusDir = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");

const STRIDE = [
  "spoofing",
  "tampering",
  "repudiation",
  "information-disclosure",
  "denial-of-service",
  "elevation-of-privilege",
] as const;

/**
 * Benchmarks a control of a provider must cite at least one of, besides a CWE. CIS AWS
 * Foundations does not cover every service, so AWS controls may cite FSBP alone.
 */
const BENCHMARKS: Record<string, readonly string[]> = {
  aws: ["cis_aws", "aws_fsbp"],
  azure: ["cis_azure"],
  gcp: ["cis_gcp"],
};

function countBy(provider: string): number {
  return controls.filter((c) => c.provider === provider).length;
}

const minimums = [
  { provider: "aws", minimum: 60 },
  { provider: "azure", minimum: 10 },
  { provider: "gcp", minimum: 10 },
] as const;

for (const { provider, minimum } of minimums) {
  test(`the catalog holds at least ${minimum} ${provider} controls`, (t) => {
    t.true(countBy(provider) >= minimum, `${countBy(provider)} ${provider} controls`);
  });
}

function missingFields(control: CatalogControl): string[] {
  const problems: string[] = [];
  for (const field of ["title", "description", "remediation"] as const) {
    if (control[field].trim().length < 10) problems.push(field);
  }
  if (!["iaas", "paas", "saas"].includes(control.layer)) problems.push("layer");
  if (!["critical", "high", "medium", "low", "info"].includes(control.severity)) {
    problems.push("severity");
  }
  if (control.stride.length === 0 || control.stride.some((s) => !STRIDE.includes(s))) {
    problems.push("stride");
  }
  if (control.resource_types.length === 0) problems.push("resource_types");
  for (const [name, param] of Object.entries(control.params)) {
    if (!param.description || param.default === undefined) problems.push(`params.${name}`);
  }
  const cited = (key: string) => (control.references[key] ?? []).length > 0;
  if (!cited("cwe")) problems.push("references.cwe");
  const benchmarks = BENCHMARKS[control.provider] ?? [];
  if (!benchmarks.some(cited)) problems.push(`references (one of ${benchmarks.join(", ")})`);
  for (const tool of ["checkov", "kics", "trivy"] as const) {
    if (!Array.isArray(control.equivalents[tool])) problems.push(`equivalents.${tool}`);
  }
  const covered = new Set(control.tftest.flatMap((spec) => spec.types));
  const uncovered = control.resource_types.some((type) => !covered.has(type));
  if (uncovered && (control.rego_only ?? "").trim().length < 10) {
    problems.push("rego_only (why the types without a tftest spec are judged by Rego only)");
  }
  if (!uncovered && control.rego_only !== undefined) problems.push("rego_only (tftest covers all)");
  if (control.examples.good.length === 0) problems.push("examples.good");
  if (control.examples.bad.length === 0) problems.push("examples.bad");
  return problems;
}

test("every control carries every field a threat model and a report rely on", (t) => {
  const incomplete = controls
    .map((c) => ({ id: c.id, missing: missingFields(c) }))
    .filter((c) => c.missing.length > 0);
  t.deepEqual(incomplete, []);
});

/** Controls for which none of checkov, KICS and Trivy ships a check. */
const WITHOUT_PEERS = ["aws.eventbridge.bus-policy-not-public"];

/** Controls whose peers' rules all judge a nearby property only, so they name related rules. */
const ONLY_RELATED = ["aws.apigateway.throttling", "aws.apigateway.waf"];

const none = (rules: Record<string, unknown[]>) =>
  Object.values(rules).every((ids) => ids.length === 0);

/** The ids a control names per tool as equivalents, whatever params narrow them. */
const equivalentIds = (control: CatalogControl, tool: string) =>
  (control.equivalents[tool] ?? []).map((rule) => rule.id);

test("only the controls no peer covers name neither an equivalent nor a related rule", (t) => {
  const without = controls.filter((c) => none(c.equivalents) && none(c.related)).map((c) => c.id);
  t.deepEqual(without.sort(), WITHOUT_PEERS);
});

test("only the listed controls name related rules and no equivalent", (t) => {
  const only = controls.filter((c) => none(c.equivalents) && !none(c.related)).map((c) => c.id);
  t.deepEqual(only.sort(), ONLY_RELATED);
});

test("every control names a Rego function that its service file defines", (t) => {
  const missing = controls.filter((c) => {
    const source = readFileSync(join(catalogDir, c.rego.file), "utf8");
    const definesPackage = source.includes(`\npackage ${c.rego.package}\n`);
    const definesFunction = new RegExp(`^${c.rego.function}\\(\\w+, \\w+\\)`, "m");
    return !definesPackage || !definesFunction.test(source);
  });
  t.deepEqual(
    missing.map((c) => `${c.id} → ${c.rego.package}.${c.rego.function}`),
    [],
  );
});

test("every control id starts with its provider and service", (t) => {
  const misnamed = controls.filter((c) => !c.id.startsWith(`${c.provider}.${c.service}.`));
  t.deepEqual(
    misnamed.map((c) => c.id),
    [],
  );
});

test("every service file has Rego unit tests that deny and allow", (t) => {
  const services = new Set(controls.map((c) => c.rego.file));
  const untested = [...services].filter((file) => {
    const testFile = join(catalogDir, file.replace(/\.rego$/, "_test.rego"));
    if (!existsSync(testFile)) return true;
    const source = readFileSync(testFile, "utf8");
    return !/^test_deny_/m.test(source) || !/^test_allow_/m.test(source);
  });
  t.deepEqual(untested, []);
});

interface CorpusRule {
  source: string;
  rule_id: string;
}

const corpusIndex = join(corpusDir, "INDEX.json");

test("checkov and KICS equivalents and related rules are rule ids the peer tools ship", (t) => {
  if (!existsSync(corpusIndex)) {
    t.log(`skipped: the peer corpus is not at ${corpusDir} (set THREATLOOP_CORPUS)`);
    t.pass();
    return;
  }
  const rules = JSON.parse(readFileSync(corpusIndex, "utf8")) as CorpusRule[];
  const known = new Set(rules.map((r) => `${r.source}:${r.rule_id}`));
  const unknown = controls.flatMap((c) =>
    (["checkov", "kics"] as const).flatMap((tool) =>
      [...equivalentIds(c, tool), ...(c.related[tool] ?? [])]
        .filter((id) => !known.has(`${tool}:${id}`))
        .map((id) => `${c.id} ${tool}:${id}`),
    ),
  );
  t.deepEqual(unknown, []);
});

test("no control names a peer rule both as an equivalent and as related", (t) => {
  const both = controls.flatMap((c) =>
    Object.entries(c.related).flatMap(([tool, ids]) =>
      ids.filter((id) => equivalentIds(c, tool).includes(id)).map((id) => `${c.id} ${id}`),
    ),
  );
  t.deepEqual(both, []);
});

test("related rules are lists of ids per tool", (t) => {
  const malformed = controls.filter(
    (c) =>
      typeof c.related !== "object" ||
      Object.values(c.related).some(
        (ids) => !Array.isArray(ids) || ids.some((id) => typeof id !== "string"),
      ),
  );
  t.deepEqual(
    malformed.map((c) => c.id),
    [],
  );
});

test("trivy equivalents are AVD ids", (t) => {
  const malformed = controls.flatMap((c) =>
    equivalentIds(c, "trivy").filter((id) => !/^AVD-(AWS|AZU|GCP)-\d{4}$/.test(id)),
  );
  t.deepEqual(malformed, []);
});

test("the README's catalog table lists every control", (t) => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const listed = new Set([...readme.matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map((m) => m[1]));
  t.deepEqual(
    controls.map((c) => c.id).filter((id) => !listed.has(id)),
    [],
  );
});

test("the README's catalog table names the attributes terraform test asserts per control", (t) => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| `([a-z0-9.-]+)` \|.* \| ([^|]+) \|$/gm)];
  const listed = new Map(
    rows.map((m) => {
      const cell = (m[2] ?? "").trim();
      const parts = cell === "—" ? [] : cell.split("; ").map((p) => /^`([^`]+)`/.exec(p)?.[1]);
      return [m[1], parts];
    }),
  );
  const wrong = controls.filter(
    (c) => JSON.stringify(listed.get(c.id)) !== JSON.stringify(c.tftest.map((s) => s.attribute)),
  );
  t.deepEqual(
    wrong.map((c) => c.id),
    [],
  );
});
