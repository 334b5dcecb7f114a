import { execFileSync } from "node:child_process";
import { join } from "node:path";
import test from "ava";
import fc from "fast-check";
import { loadCatalog } from "../../src/catalog/load.js";
import { generatePolicies } from "../../src/generate/generate.js";
import { writeFiles } from "../../src/io/write.js";
import { type LoadedModel, loadModel } from "../../src/model/load.js";
import type { Threat } from "../../src/model/types.js";
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
  return pairs.map((p) => JSON.stringify(p)).sort();
}
