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

test("the JSON report is written in pieces exactly as one JSON.stringify would write it", (t) => {
  const one = sampleFindings();
  // More findings than one piece holds, with nested values and text outside ASCII.
  const many = Array.from({ length: 2500 }, (_, i) => ({
    ...(one[i % one.length] as (typeof one)[number]),
    address: `aws_s3_bucket.b["é😀${i}"]`,
    source: { file: "main.tf", line: i + 1 },
  }));
  for (const findings of [many, one, []]) {
    const report = sampleReport(findings);
    const pieces = [...(jsonReporter.chunks?.(report, { color: false }) ?? [])];
    const text = pieces.join("");
    t.is(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    t.is(text, jsonReporter.render(report, { color: false }));
    t.is((JSON.parse(text) as { findings: unknown[] }).findings.length, findings.length);
    if (findings.length > 2000) t.true(pieces.length > 3);
  }
});
