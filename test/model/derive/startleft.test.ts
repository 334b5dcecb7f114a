import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { type DerivedComponent, deriveModel } from "../../../src/model/derive/derive.js";
import { readTerraformResources } from "../../../src/model/derive/plan.js";
import { CORPUS } from "../../helpers.js";

interface OtmComponent {
  id: string;
  name: string;
  tags?: string[];
}

/** What startleft maps a component from: one resource, or every resource of some types. */
function startleftUnits(components: OtmComponent[], configs: Map<string, string>): Set<string>[] {
  const units = new Map<string, Set<string>>();
  for (const component of components) {
    if (component.name.endsWith("(grouped)")) {
      const types = new Set(component.tags ?? []);
      const members = [...configs].filter(([, type]) => types.has(type)).map(([c]) => c);
      units.set(component.id, new Set(members));
      continue;
    }
    // startleft numbers a resource's copies per parent subnet: aws_alb.qux_0, aws_alb.qux_1.
    const address = configs.has(component.id) ? component.id : component.id.replace(/_\d+$/, "");
    units.set(address, new Set([address]));
  }
  return [...units.values()];
}

/** The resources a derived component stands for: its primary, or its group's own type. */
function threatloopUnit(d: DerivedComponent, configs: Map<string, string>): Set<string> {
  if (d.component.terraform?.addresses) return new Set([d.primary]);
  const type = configs.get(d.primary);
  return new Set(d.members.filter((m) => configs.get(m) === type));
}

function agreement(id: string) {
  const cases = JSON.parse(readFileSync(join(CORPUS, "startleft", "expected.json"), "utf8"))
    .cases as { id: string; tfplan: string; expected_otm: string }[];
  const entry = cases.find((c) => c.id === id);
  if (!entry) throw new Error(`no startleft case ${id}`);
  const { resources } = readTerraformResources(join(CORPUS, "startleft", entry.tfplan));
  const configs = new Map(resources.map((r) => [r.config, r.type]));
  const otm = JSON.parse(readFileSync(join(CORPUS, "startleft", entry.expected_otm), "utf8"));
  const theirs = startleftUnits(otm.components, configs);
  const derived = deriveModel(resources).components;
  const ours = derived.map((d) => threatloopUnit(d, configs));
  const oursFlat = new Set(ours.flatMap((u) => [...u]));
  const theirsFlat = new Set(theirs.flatMap((u) => [...u]));
  const covered = new Set(derived.flatMap((d) => d.members));
  return {
    startleft: theirs.length,
    threatloop: ours.length,
    theirsFound: theirs.filter((u) => [...u].some((r) => oursFlat.has(r))).length,
    oursExpected: ours.filter((u) => [...u].some((r) => theirsFlat.has(r))).length,
    coveredByBinding: theirs.filter((u) => [...u].every((r) => covered.has(r))).length,
  };
}

// startleft's tfplan integration cases (expected.json). Every component startleft expects is a
// threatloop component or inside one's binding; threatloop adds IAM roles and unmapped types
// (WAF, Glue) as components of their own, which startleft's mapping file leaves out.
const EXPECTED: [string, ReturnType<typeof agreement>][] = [
  ["elb", { startleft: 4, threatloop: 7, theirsFound: 4, oursExpected: 4, coveredByBinding: 4 }],
  [
    "sgs",
    { startleft: 12, threatloop: 12, theirsFound: 12, oursExpected: 12, coveredByBinding: 12 },
  ],
  [
    "official",
    { startleft: 8, threatloop: 14, theirsFound: 8, oursExpected: 8, coveredByBinding: 8 },
  ],
];

for (const [id, expected] of EXPECTED) {
  test(`init's components agree with startleft's expected OTM for ${id}`, (t) => {
    t.deepEqual(agreement(id), expected);
  });
}
