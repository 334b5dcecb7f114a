import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { type DerivedComponent, deriveModel } from "../../../src/model/derive/derive.js";
import { readTerraformFiles } from "../../../src/model/derive/hcl.js";
import { readTerraformResources, type TerraformResource } from "../../../src/model/derive/plan.js";
import { CORPUS } from "../../helpers.js";

interface OtmComponent {
  id: string;
  name: string;
  tags?: string[];
}

interface Agreement {
  /** startleft's components that stand for Terraform resources (grouped ones count once). */
  startleft: number;
  /** startleft's components made up from values, not resources (CIDR clients, altsources). */
  synthetic: number;
  threatloop: number;
  /** startleft's resource components that are, or are grouped with, a derived component. */
  found: number;
  /** derived components whose resources startleft also maps. */
  alsoStartleft: number;
}

/** The resources a derived component stands for: its primary, or its group's own type. */
function threatloopUnit(d: DerivedComponent): string[] {
  if (d.component.terraform?.addresses) return [d.primary];
  const type = d.primary.split(".")[0];
  return d.members.filter((m) => m.split(".")[0] === type);
}

function compare(
  resources: TerraformResource[],
  components: OtmComponent[],
  resourcesOf: (component: OtmComponent, byLowerAddress: Map<string, string>) => string[],
): Agreement {
  const byLower = new Map(resources.map((r) => [r.config.toLowerCase(), r.config]));
  const theirs = new Map<string, string[]>();
  for (const component of components) {
    const members = resourcesOf(component, byLower);
    theirs.set(members.length > 0 ? members.join("+") : `synthetic:${component.id}`, members);
  }
  const ours = deriveModel(resources).components.map(threatloopUnit);
  const oursFlat = new Set(ours.flat());
  const theirsFlat = new Set([...theirs.values()].flat());
  const real = [...theirs.values()].filter((u) => u.length > 0);
  return {
    startleft: real.length,
    synthetic: theirs.size - real.length,
    threatloop: ours.length,
    found: real.filter((u) => u.some((r) => oursFlat.has(r))).length,
    alsoStartleft: ours.filter((u) => u.some((r) => theirsFlat.has(r))).length,
  };
}

/** Plan OTMs name components `type.name`, numbered `_0`, `_1` per parent subnet when repeated. */
function planResources(component: OtmComponent, byLower: Map<string, string>): string[] {
  if (component.name.endsWith("(grouped)")) {
    const types = new Set(component.tags ?? []);
    return [...byLower.values()].filter((address) => types.has(address.split(".")[0] ?? ""));
  }
  const address =
    byLower.get(component.id.toLowerCase()) ??
    byLower.get(component.id.replace(/_\d+$/, "").toLowerCase());
  return address ? [address] : [];
}

/** HCL OTMs name components by path ending in lowercased `type-name`; groups list `name (type)`. */
function hclResources(component: OtmComponent, byLower: Map<string, string>): string[] {
  if (component.name.endsWith("(grouped)")) {
    return (component.tags ?? []).flatMap((tag) => {
      const match = /^(.*) \((.*)\)$/.exec(tag);
      const address = match ? byLower.get(`${match[2]}.${match[1]}`.toLowerCase()) : undefined;
      return address ? [address] : [];
    });
  }
  const last = component.id.split(".").at(-1) ?? "";
  const dash = last.indexOf("-");
  const address = byLower.get(`${last.slice(0, dash)}.${last.slice(dash + 1)}`);
  return address ? [address] : [];
}

function otmComponents(file: string): OtmComponent[] {
  return JSON.parse(readFileSync(join(CORPUS, "startleft", file), "utf8")).components;
}

const agreement = (
  startleft: number,
  synthetic: number,
  threatloop: number,
  found: number,
  also: number,
) => ({ startleft, synthetic, threatloop, found, alsoStartleft: also }) satisfies Agreement;

// startleft's tfplan integration cases (expected.json). Extra derived components are IAM roles
// and policies, WAF parts and a Glue database, which startleft's mapping file leaves out.
const PLAN_CASES: [string, Agreement][] = [
  ["elb", agreement(4, 0, 7, 4, 4)],
  ["sgs", agreement(12, 0, 12, 12, 12)],
  ["official", agreement(8, 0, 14, 8, 8)],
];

for (const [id, expected] of PLAN_CASES) {
  test(`init from a plan agrees with startleft's expected OTM for ${id}`, (t) => {
    const cases = JSON.parse(readFileSync(join(CORPUS, "startleft", "expected.json"), "utf8"))
      .cases as { id: string; tfplan: string; expected_otm: string }[];
    const entry = cases.find((c) => c.id === id);
    if (!entry) throw new Error(`no startleft case ${id}`);
    const { resources } = readTerraformResources(join(CORPUS, "startleft", entry.tfplan));
    t.deepEqual(compare(resources, otmComponents(entry.expected_otm), planResources), expected);
  });
}

// startleft's HCL cases run with its default AWS mapping (slp_tf processor tests). Synthetic
// components are CIDR-range clients and VPC endpoint "altsources", which are not resources;
// threatloop's counterpart of the CIDR client is its internet entity. Extra derived components
// are WAF parts and an endpoint startleft drops for lacking a mapped parent.
const HCL: [string, string, Agreement][] = [
  [
    "terraform_orphan_component.tf",
    "expected_orphan_component_is_not_mapped.otm",
    agreement(2, 0, 3, 2, 2),
  ],
  ["terraform_for_mappings_tests.tf", "expected_run_valid_mappings.otm", agreement(5, 0, 8, 5, 5)],
  [
    "aws_parent_children_components.tf",
    "expected_aws_parent_children_components.otm",
    agreement(2, 0, 2, 2, 2),
  ],
  [
    "mapping_functions/aws_singleton_components_unix_line_breaks.tf",
    "mapping_functions/expected_aws_singleton_components.otm",
    agreement(20, 0, 40, 20, 40),
  ],
  [
    "mapping_functions/aws_altsource_components.tf",
    "mapping_functions/expected_aws_altsource_components.otm",
    agreement(6, 3, 5, 6, 5),
  ],
  [
    "calculate_security_groups/aws_security_groups_components.tf",
    "expected_aws_security_groups_components.otm",
    agreement(13, 2, 12, 13, 12),
  ],
  ["elb.tf", "expected_elb_example.otm", agreement(4, 0, 7, 4, 4)],
  ["single_tf_file.tf", "expected_separated_network_components.otm", agreement(13, 2, 12, 13, 12)],
  ["no_resources.tf", "expected_no_resources.otm", agreement(0, 0, 0, 0, 0)],
];

for (const [tf, otm, expected] of HCL) {
  test(`init from HCL agrees with startleft's expected OTM for ${tf}`, async (t) => {
    const base = join(CORPUS, "startleft", "slp_tf", "tests", "resources");
    const resources = await readTerraformFiles([join(base, "tf", tf)]);
    const components = otmComponents(join("slp_tf", "tests", "resources", "otm", otm));
    t.deepEqual(compare(resources, components, hclResources), expected);
  });
}
