import test from "ava";
import { sarifReporter } from "../../src/report/sarif.js";
import { sampleReport } from "./sample.js";
import { sarifErrors } from "./validators.js";

// biome-ignore lint/suspicious/noExplicitAny: the test walks the SARIF log as plain JSON.
const sarifOf = (): any => JSON.parse(sarifReporter.render(sampleReport(), { color: false }));

test("the official schema rejects a log that breaks it", (t) => {
  const log = sarifOf();
  log.runs[0].results[0].level = "fatal";
  t.not(sarifErrors(log).length, 0);
});

test("has one rule per control, with its own id, help, security-severity and tags", (t) => {
  const rules = sarifOf().runs[0].tool.driver.rules;
  t.deepEqual(
    rules.map((r: { id: string }) => r.id),
    ["aws.iam.no-wildcard-admin", "aws.s3.public-access-blocked"],
  );
  const s3 = rules[1];
  t.is(s3.help.text, "Fix aws.s3.public-access-blocked <now> & | well");
  // The control serves a high and a medium threat: the rule takes the higher severity.
  t.is(s3.properties["security-severity"], "8.0");
  t.deepEqual(s3.properties.tags, ["security", "threatloop", "terraform", "aws"]);
  t.is(rules[0].properties["security-severity"], "9.5");
});

test("results carry threat and control ids, fingerprints and their rule's index", (t) => {
  const log = sarifOf();
  const [first] = log.runs[0].results;
  t.is(first.properties.threat, "TL-001");
  t.is(first.properties.control, "aws.s3.public-access-blocked");
  t.is(first.ruleIndex, 1);
  t.regex(first.partialFingerprints["threatloop/v1"], /^[0-9a-f]{32}$/);
});

test("a result sits on its resource block when the finding has a source", (t) => {
  const results = sarifOf().runs[0].results;
  const unknown = results.find((r: { kind: string }) => r.kind === "review");
  t.deepEqual(unknown.locations[0].physicalLocation, {
    artifactLocation: { uri: "infra/iam.tf", uriBaseId: "SRCROOT" },
    region: { startLine: 12 },
  });
  t.is(unknown.level, "none");
  t.deepEqual(results[0].locations[0].physicalLocation.artifactLocation, {
    uri: "plans/plan.json",
    uriBaseId: "SRCROOT",
  });
});

test("a waived finding is a result with an accepted suppression naming the waiver", (t) => {
  const waived = sarifOf().runs[0].results.find(
    (r: { properties: { disposition: string } }) => r.properties.disposition === "waived",
  );
  t.deepEqual(waived.suppressions, [
    { kind: "external", status: "accepted", justification: "waiver W-1" },
  ]);
});

test("passing findings give no result", (t) => {
  const addresses = sarifOf().runs[0].results.map(
    (r: { properties: { address: string } }) => r.properties.address,
  );
  t.false(addresses.includes("aws_s3_bucket.logs"));
});
