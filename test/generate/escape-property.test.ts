import { execFileSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import fc from "fast-check";
import { loadCatalog } from "../../src/catalog/load.js";
import { assertionRemediation, assertionSpec } from "../../src/generate/assertion.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { writeFiles } from "../../src/io/write.js";
import { type LoadedModel, loadModel } from "../../src/model/load.js";
import {
  type Assertion,
  CONDITION_OPS,
  type ControlUse,
  type Threat,
} from "../../src/model/types.js";
import { EXAMPLE_MODEL, opaPath, ROOT, temporaryDir } from "../helpers.js";

const catalog = loadCatalog();
const example = loadModel(EXAMPLE_MODEL, catalog).loaded;
const capabilities = join(ROOT, "policies", "capabilities.json");

/** Fragments that end strings, open comments, start METADATA or templates in Rego and HCL. */
const hostile = fc.constantFrom(
  '"',
  "\\",
  "\\u0022",
  "\n# METADATA\n# title: forged",
  "\r\n",
  "}",
  "]\n}\n",
  "`",
  // An HCL interpolation, written out on purpose.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is the point
  "${x}",
  "%{if}",
  "# ",
  "\u2028",
  "\u0000",
  "\t",
  "  ",
  "é🔥",
  "package x",
  "import data.x",
  "default allow := true",
  "} else := true if {",
  "contains",
  "': \"",
  "---",
  " METADATA ",
);

const text = fc
  .array(fc.oneof(hostile, fc.string({ unit: "binary", maxLength: 12 })), { maxLength: 8 })
  .map((parts) => parts.join(""))
  // A model file is UTF-8, which cannot hold a lone surrogate.
  .filter((s) => !/\p{Cs}/u.test(s));

function withThreats(texts: { id: string; title: string; description: string }[]): LoadedModel {
  const base = example.model.threats[0] as Threat;
  const threats = texts.map((t) => ({ ...base, ...t }));
  return { ...example, model: { ...example.model, threats } };
}

interface Annotation {
  annotations: { scope: string; title?: string; custom?: { threat?: string } };
}

function opaJson(args: string[]): unknown {
  return JSON.parse(execFileSync(opaPath(), args, { encoding: "utf8", maxBuffer: 64 << 20 }));
}

const property = "hostile threat ids, titles and descriptions give Rego whose text means the input";

test(property, (t) => {
  fc.assert(
    fc.property(
      // Validation refuses duplicate threat ids, so each run's ids differ.
      fc.uniqueArray(fc.record({ id: text, title: text, description: text }), {
        minLength: 1,
        maxLength: 3,
        selector: (threat) => threat.id,
      }),
      (threats) => {
        const { files } = generatePolicies(withThreats(threats), catalog);
        const dir = temporaryDir();
        writeFiles(dir, files);
        const policies = join(dir, "policies");
        execFileSync(opaPath(), ["check", "--strict", "--capabilities", capabilities, policies]);

        const inspected = opaJson(["inspect", "-a", "--format", "json", policies]) as {
          annotations: Annotation[];
        };
        const packages = inspected.annotations
          .filter(
            (a) => a.annotations.scope === "package" && a.annotations.custom?.threat !== undefined,
          )
          .map((a) => [a.annotations.custom?.threat, a.annotations.title ?? ""]);
        const expected = threats.map((x) => [x.id, x.title]);
        t.deepEqual(sortPairs(packages), sortPairs(expected));

        const evaluated = opaJson(["eval", "--format", "json", "-d", policies, "data.threatloop"]);
        const value = (evaluated as { result: { expressions: { value: unknown }[] }[] }).result[0]
          ?.expressions[0]?.value as { threats: Record<string, Record<string, unknown>> };
        const tagged = Object.values(value.threats).flatMap((rules) =>
          Object.entries(rules)
            .filter(([name]) => name.endsWith("_tags"))
            .map(([, tags]) => (tags as { threat: string }).threat),
        );
        t.deepEqual(tagged.sort(), threats.map((x) => x.id).sort());
      },
    ),
    { numRuns: 15 },
  );
});

function sortPairs(pairs: unknown[][]): string[] {
  return pairs.map((p) => JSON.stringify(canonical(p))).sort();
}

/** A JSON value with object keys sorted, as OPA returns objects. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

/** Any JSON a model's condition value may hold, strings made of hostile text. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(text, tie("value"), { maxKeys: 3 }),
  ),
})).value;

const assertion = fc.record({
  id: text,
  title: text,
  assert: fc.record({
    resource_type: text,
    relation: fc.constantFrom("self", "references", "referenced-by"),
    via: text,
    require: fc.constantFrom("all", "any", "none"),
    conditions: fc.array(
      fc.record({
        path: fc.array(fc.oneof(text, fc.nat({ max: 9 }).map(String)), {
          minLength: 1,
          maxLength: 3,
        }),
        op: fc.constantFrom(...CONDITION_OPS),
        value: jsonValue,
      }),
      { maxLength: 2 },
    ),
  }),
});

test("hostile assertion ids, titles, paths and values reach Rego only as data", (t) => {
  fc.assert(
    fc.property(
      fc.uniqueArray(assertion, { minLength: 1, maxLength: 3, selector: (a) => a.id }),
      (assertions) => {
        const uses = assertions.map((a) => ({
          ...a,
          assert: {
            ...a.assert,
            conditions: a.assert.conditions.map((c) => ({ ...c, path: c.path.join(".") })),
          },
        })) as ControlUse[];
        const base = example.model.threats[0] as Threat;
        const model = { ...example.model, threats: [{ ...base, controls: uses }] };
        const { files } = generatePolicies({ ...example, model }, catalog);
        const dir = temporaryDir();
        writeFiles(dir, files);
        const policies = join(dir, "policies");
        execFileSync(opaPath(), ["check", "--strict", "--capabilities", capabilities, policies]);

        const inspected = opaJson(["inspect", "-a", "--format", "json", policies]) as {
          annotations: {
            annotations: { title?: string; custom?: { control?: string; remediation?: string } };
          }[];
        };
        const controlAnnotations = inspected.annotations.filter(
          (a) => a.annotations.custom?.control !== undefined,
        );
        const titled = controlAnnotations.map((a) => [
          a.annotations.custom?.control,
          a.annotations.title ?? "",
        ]);
        const expectedTitles = uses.map((u) => [`inline:${u.id}`, u.title]);
        t.deepEqual(sortPairs(titled), sortPairs(expectedTitles));
        const remediations = controlAnnotations.map((a) => [
          a.annotations.custom?.control,
          a.annotations.custom?.remediation ?? "",
        ]);
        const expectedRemediations = uses.map((u) => [
          `inline:${u.id}`,
          assertionRemediation(assertionSpec(u.assert as Assertion)),
        ]);
        t.deepEqual(sortPairs(remediations), sortPairs(expectedRemediations));

        const evaluated = opaJson(["eval", "--format", "json", "-d", policies, "data.threatloop"]);
        const value = (evaluated as { result: { expressions: { value: unknown }[] }[] }).result[0]
          ?.expressions[0]?.value as { threats: Record<string, Record<string, unknown>> };
        const rules = Object.values(value.threats).flatMap((r) => Object.entries(r));
        const specs = rules.filter(([name]) => name.endsWith("_spec")).map(([, spec]) => spec);
        t.deepEqual(
          sortPairs(specs.map((s) => [s])),
          sortPairs(uses.map((u) => [assertionSpec(u.assert as Assertion)])),
        );
        const controls = rules
          .filter(([name]) => name.endsWith("_tags"))
          .map(([, tags]) => [(tags as { control: string }).control]);
        t.deepEqual(sortPairs(controls), sortPairs(uses.map((u) => [`inline:${u.id}`])));
      },
    ),
    { numRuns: 15 },
  );
});
