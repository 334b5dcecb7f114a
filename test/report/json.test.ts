import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import test from "ava";
import { jsonReporter } from "../../src/report/json.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, runCli } from "../helpers.js";
import { sampleFindings, sampleReport } from "./sample.js";

const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(
  JSON.parse(readFileSync(join(ROOT, "schema", "eval-report.schema.json"), "utf8")),
);

const cases: [string, () => string][] = [
  ["a report of every status", () => jsonReporter.render(sampleReport(), { color: false })],
  ["a report of zero findings", () => jsonReporter.render(sampleReport([]), { color: false })],
  [
    "a report with a baseline",
    () =>
      jsonReporter.render(
        sampleReport(sampleFindings(), {
          baseline: {
            schema: "threatloop.baseline/v1",
            findings: [
              {
                fingerprint: "a".repeat(32),
                threat: "T",
                control: "c",
                address: "x",
                status: "fail",
              },
            ],
          },
        }),
        { color: false },
      ),
  ],
  [
    "the example's report from the CLI",
    () => runCli(["eval", EXAMPLE_PLAN, "--model", EXAMPLE_MODEL, "--format", "json"]).stdout,
  ],
];
for (const [name, render] of cases) {
  test(`the JSON report follows its documented schema: ${name}`, (t) => {
    t.true(validate(JSON.parse(render())), JSON.stringify(validate.errors));
  });
}

test("the JSON report schema rejects a finding without a disposition", (t) => {
  const report = JSON.parse(jsonReporter.render(sampleReport(), { color: false }));
  delete report.findings[0].disposition;
  t.false(validate(report));
});
