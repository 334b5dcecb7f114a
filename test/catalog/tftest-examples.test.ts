import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CatalogControl, TerraformTestSpec } from "../../src/catalog/types.js";
import { readResource } from "../../src/generate/tftest-check.js";
import { parse } from "../../src/inputs/hcl-parser.js";

/**
 * Bad examples whose failure a control's tftest spec cannot see, by control id and the example's
 * index, with what the Rego sees instead. Every other bad example must fail the spec.
 */
const UNSEEN: Record<string, Record<number, string>> = {
  "aws.ec2.no-public-ip": {
    0:
      "an aws_instance, which no spec covers: " +
      "its subnet decides an unset associate_public_ip_address",
  },
};

type Outcome = "pass" | "fail" | "unknown" | "out of scope";

const catalog = loadCatalog();
const specified = [...catalog.controls.values()].filter((c) => c.tftest.length > 0);

for (const control of specified) {
  test(`${control.id}: the tftest spec passes good examples and fails bad ones`, async (t) => {
    const problems: string[] = [];
    for (const [i, example] of control.examples.good.entries()) {
      const outcomes = await judgeExample(control, example);
      for (const [address, outcome] of outcomes) {
        if (outcome !== "pass" && outcome !== "out of scope") {
          problems.push(`good[${i}] ${address}: ${outcome}`);
        }
      }
    }
    for (const [i, example] of control.examples.bad.entries()) {
      const judged = (await judgeExample(control, example)).filter(([, o]) => o !== "out of scope");
      const seen = judged.length > 0 && judged.every(([, outcome]) => outcome === "fail");
      const listed = UNSEEN[control.id]?.[i] !== undefined;
      if (!seen && !listed) {
        const found = judged.map(([a, o]) => `${a} ${o}`).join(", ") || "no resource judged";
        problems.push(`bad[${i}] is not failed by the spec (${found}) and not listed as unseen`);
      }
      if (seen && listed) problems.push(`bad[${i}] is listed as unseen but the spec fails it`);
    }
    t.deepEqual(problems, []);
  });
}

test("every control listed with unseen bad examples has a tftest spec", (t) => {
  const stray = Object.keys(UNSEEN).filter((id) => !specified.some((c) => c.id === id));
  t.deepEqual(stray, []);
});

/** The spec's outcome on every resource of the example that a spec of the control covers. */
async function judgeExample(control: CatalogControl, example: string) {
  const parsed = (await parse("example.tf", example)) as {
    resource?: Record<string, Record<string, Record<string, unknown>[]>>;
  };
  const outcomes: [string, Outcome][] = [];
  for (const [type, named] of Object.entries(parsed.resource ?? {})) {
    const spec = control.tftest.find((s) => s.types.includes(type));
    if (!spec) continue;
    for (const [name, bodies] of Object.entries(named)) {
      outcomes.push([`${type}.${name}`, judge(spec, bodies[0] ?? {})]);
    }
  }
  return outcomes;
}

/** What the spec says of one resource body, read as the generator reads it. */
function judge(spec: TerraformTestSpec, body: Record<string, unknown>): Outcome {
  const reading = readResource(spec, spec.operand, body);
  if (reading.state === "out of scope") return "out of scope";
  if (reading.state === "expression") return "unknown";
  return reading.holds ? "pass" : "fail";
}
