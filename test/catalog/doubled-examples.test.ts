import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogControl } from "../../src/catalog/types.js";
import { examplePlan } from "../../src/generate/example-plan.js";
import { catalogModel } from "../compiled-model.js";

// Metamorphic tests on the catalog's examples. A control judges a resource by itself and the
// resources linked to it; doubling what is linked must not change any verdict's status, and
// above all must not make a control give two verdicts for one resource, which aborts the whole
// evaluation.

const catalog = loadCatalog();
const BLOCK = /^resource "([^"]+)" "([^"]+)" \{\n[\s\S]*?^\}\n?/gm;

function blocksOf(hcl: string): { text: string; type: string; name: string }[] {
  return [...hcl.matchAll(BLOCK)].map((m) => ({ text: m[0], type: m[1] ?? "", name: m[2] ?? "" }));
}

const rename = (text: string) => text.replace(/^(resource "[^"]+" ")([^"]+)"/, '$1$2_twin"');
const withTwins = (hcl: string, twins: string[]) =>
  [hcl.trimEnd(), ...twins.map((twin) => twin.trimEnd())].join("\n\n").concat("\n");

/** A twin of every block not of the judged types, referring to the same resources. */
function doubleLinked(hcl: string, judged: Set<string>): string | undefined {
  const twins = blocksOf(hcl)
    .filter((block) => !judged.has(block.type))
    .map((block) => rename(block.text));
  return twins.length > 0 ? withTwins(hcl, twins) : undefined;
}

/** A twin of every block, each referring to the twins of what its original refers to. */
function doubleAll(hcl: string): string | undefined {
  const blocks = blocksOf(hcl);
  const names = blocks.map((block) => `${block.type}.${block.name}`);
  const twins = blocks.map((block) =>
    names.reduce(
      (text, name) =>
        text.replaceAll(new RegExp(`\\b${name.replace(".", "\\.")}\\b`, "g"), `${name}_twin`),
      rename(block.text),
    ),
  );
  return twins.length > 0 ? withTwins(hcl, twins) : undefined;
}

async function judge(): Promise<(control: CatalogControl, hcl: string) => Promise<string[]>> {
  const { evaluator, threats } = await catalogModel([...catalog.controls.values()]);
  return async (control, hcl) => {
    const bytes = new TextEncoder().encode(JSON.stringify(await examplePlan(hcl)));
    try {
      return evaluator
        .evaluate({ file: "example.tf", bytes })
        .findings.filter((f) => f.threat === threats.get(control.id))
        .map((f) => `${f.address} ${f.status}`)
        .sort();
    } catch (error) {
      return [`error: ${(error as Error).message}`];
    }
  };
}

test("twins of linked resources leave every verdict's status as it was", async (t) => {
  const statuses = await judge();
  let doubled = 0;
  for (const control of catalog.controls.values()) {
    for (const hcl of [...control.examples.good, ...control.examples.bad]) {
      const twin = doubleLinked(hcl, new Set(control.resource_types));
      if (!twin) continue;
      doubled++;
      t.deepEqual(
        await statuses(control, twin),
        await statuses(control, hcl),
        `${control.id}:\n${twin}`,
      );
    }
  }
  t.true(doubled >= 10, `${doubled} examples have linked resources`);
});

test("a twin of the whole example gets the verdicts of the original", async (t) => {
  const statuses = await judge();
  let doubled = 0;
  for (const control of catalog.controls.values()) {
    for (const hcl of [...control.examples.good, ...control.examples.bad]) {
      const twin = doubleAll(hcl);
      if (!twin) continue;
      doubled++;
      const alone = await statuses(control, hcl);
      const expected = [
        ...alone,
        ...alone.map((line) => line.replace(/^(\S*?\.[^.[\s]+)/, "$1_twin")),
      ];
      t.deepEqual(await statuses(control, twin), expected.sort(), `${control.id}:\n${twin}`);
    }
  }
  t.true(doubled > 150, `${doubled} examples doubled`);
});
