import test from "ava";
import { escapeWorkflowData, escapeWorkflowProperty } from "../../src/report/escape.js";
import { githubReporter } from "../../src/report/github.js";
import { sampleReport } from "./sample.js";

const cases: [string, string, string, string][] = [
  ["percent", "100%", "100%25", "100%25"],
  ["line breaks", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"],
  ["colon and comma", "file=x:1,line=2", "file=x:1,line=2", "file=x%3A1%2Cline=2"],
  ["an encoded sequence", "%0A", "%250A", "%250A"],
  ["other control characters", "a\u0007\u001bb", "a??b", "a??b"],
];
for (const [name, input, data, property] of cases) {
  test(`workflow commands escape ${name}`, (t) => {
    t.is(escapeWorkflowData(input), data);
    t.is(escapeWorkflowProperty(input), property);
  });
}

test("annotates each finding by what the gate made of it, and the gate last", (t) => {
  const lines = githubReporter.render(sampleReport(), { color: false }).trimEnd().split("\n");
  t.is(lines.length, 4);
  t.true(lines[0]?.startsWith("::error file=plans/plan.json,title=TL-001 "));
  t.true(lines[1]?.startsWith("::notice file=plans/plan.json,title=TL-002 "));
  t.true(lines[2]?.startsWith("::warning file=infra/iam.tf,line=12,title=TL-002 "));
  t.true(lines[0]?.includes("%0D%0A::error::injected,file=x:1"));
  t.is(
    lines[3],
    "::error title=threatloop::threatloop gate FAILED: 1 blocking finding(s), 0 expired waiver(s)",
  );
});
