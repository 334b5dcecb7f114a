import test from "ava";
import { junitReporter } from "../../src/report/junit.js";
import { sampleReport } from "./sample.js";
import { junitErrors } from "./validators.js";

const xmlOf = () => junitReporter.render(sampleReport(), { color: false });

test("the JUnit schema rejects a document that breaks it", async (t) => {
  const broken = xmlOf().replace("<testcase ", '<testcase bogus="1" ');
  t.not((await junitErrors(broken)).length, 0);
});

test("has one test case per control and resource, grouped in a suite per threat", (t) => {
  const xml = xmlOf();
  t.is(xml.match(/<testcase /g)?.length, 4);
  t.is(xml.match(/<testsuite /g)?.length, 2);
  t.true(xml.includes('name="aws.iam.no-wildcard-admin aws_iam_policy.p"'));
});

test("a failure carries the message, and unknown and waived verdicts are skipped with why", (t) => {
  const xml = xmlOf();
  t.is(xml.match(/<failure /g)?.length, 1);
  t.true(xml.includes("<skipped>unknown until apply: known after apply</skipped>"));
  t.true(xml.includes("<skipped>waived by W-1: waived one</skipped>"));
  t.true(xml.includes('failure message="&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;'));
});

test("characters XML cannot carry become replacement characters", (t) => {
  t.true(xmlOf().includes("\ufffdbell"));
});

test("expired waivers fail in a suite of their own, and unused ones are skipped", async (t) => {
  const xml = junitReporter.render(
    sampleReport([], {
      waivers: {
        today: "2026-06-01",
        list: ["2026-05-01", "2027-01-01"].map((expires, i) => ({
          id: `W-${i}`,
          match: { threat: "TL-009" },
          owner: "o",
          reason: "r",
          ticket: "T",
          expires,
          location: { file: "w.yaml", line: 1 },
        })),
      },
    }),
    { color: false },
  );
  t.deepEqual(await junitErrors(xml), []);
  t.true(
    xml.includes(
      '<testsuite name="waivers" tests="2" failures="1" errors="0" skipped="1">\n' +
        '    <testcase classname="waivers" name="waiver W-0">\n' +
        '      <failure message="waiver W-0 expired on 2026-05-01 (owner o, ticket T)" ' +
        'type="expired-waiver">',
    ),
    xml,
  );
});
