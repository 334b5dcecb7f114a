import type { Catalog, CatalogControl } from "../catalog/types.js";
import type { ThreatModel } from "../model/types.js";
import { bundledPaths } from "../paths.js";
import type { AssertionSpec } from "./assertion.js";
import { regoString, regoTerm, yamlString } from "./escape.js";
import { examplePlan } from "./example-plan.js";
import type { GeneratedFile } from "./generate.js";
import { compiledControls, threatPackageNames } from "./generate.js";
import { renderTemplate } from "./render.js";

interface TestCase {
  n: number;
  name: string;
  comment: string;
  ruleName: string;
  planTerm: string;
  typesTerm: string;
  expected: string;
}

const KINDS = [
  { kind: "good", expected: "pass" },
  { kind: "bad", expected: "fail" },
] as const;

/**
 * One `_test.rego` per control of each threat, under `tests/`, that runs the threat's rule on
 * the control's catalog examples: each example becomes a plan (see example-plan.ts), every
 * resource of the control's types is bound, and the verdicts must all pass (good) or all fail
 * (bad). An inline assertion gets one test of its verdict on a plan without resources.
 */
export async function generateExampleTests(
  model: ThreatModel,
  catalog: Catalog,
  templates = bundledPaths().templates,
): Promise<GeneratedFile[]> {
  const packageNames = threatPackageNames(model);
  const files: GeneratedFile[] = [];
  for (const threat of model.threats) {
    const packageName = packageNames.get(threat.id) ?? "";
    for (const { id, control, spec, ruleName } of compiledControls(threat, catalog)) {
      if (spec) {
        files.push(assertionTest(templates, threat.id, id, packageName, ruleName, spec));
        continue;
      }
      if (!control) continue;
      const cases = await controlCases(control, ruleName);
      if (cases.length === 0) continue;
      files.push({
        path: `tests/threatloop/threats/${packageName}/${ruleName}_test.rego`,
        content: renderTemplate(templates, "threat_test.rego.hbs", {
          idYaml: yamlString(threat.id),
          controlYaml: yamlString(control.id),
          packageName,
          ruleName,
          cases,
        }),
      });
    }
  }
  return files;
}

/**
 * The test of an inline assertion: on a plan without resources its one verdict fails (require
 * all or any) or passes (require none). Judging real resources is the library's own tests' work.
 */
function assertionTest(
  templates: string,
  threatId: string,
  controlId: string,
  packageName: string,
  ruleName: string,
  spec: AssertionSpec,
): GeneratedFile {
  const expected = spec.require === "none" ? "pass" : "fail";
  return {
    path: `tests/threatloop/threats/${packageName}/${ruleName}_test.rego`,
    content: renderTemplate(templates, "assertion_test.rego.hbs", {
      idYaml: yamlString(threatId),
      controlYaml: yamlString(controlId),
      packageName,
      ruleName,
      expected,
      expectedString: regoString(expected),
      typeString: regoString(spec.type),
    }),
  };
}

/** The test cases of one control: each good and bad example as a plan and an expectation. */
async function controlCases(control: CatalogControl, ruleName: string): Promise<TestCase[]> {
  const cases: TestCase[] = [];
  for (const { kind, expected } of KINDS) {
    for (const [k, hcl] of control.examples[kind].entries()) {
      const n = cases.length + 1;
      cases.push({
        n,
        name: `${kind}_${k}`,
        comment: `${kind} example ${k} of ${control.id}`,
        ruleName,
        planTerm: regoTerm(await examplePlan(hcl, `${control.id}.${kind}.${k}.tf`), 0, 110),
        typesTerm: regoTerm([{ types: control.resource_types }], 0, 100),
        expected: regoString(expected),
      });
    }
  }
  return cases;
}
