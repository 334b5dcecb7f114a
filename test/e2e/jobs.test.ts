import test from "ava";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, runCli } from "../helpers.js";

const evalArgs = (jobs: string) => [
  "eval",
  EXAMPLE_PLAN,
  "--model",
  EXAMPLE_MODEL,
  "--no-history",
  "--format",
  "json",
  "--jobs",
  jobs,
];

test("eval --jobs 3 reports exactly what one thread reports", (t) => {
  const one = runCli(evalArgs("1"));
  const three = runCli(evalArgs("3"));
  t.is(one.code, 1, one.stderr);
  t.is(three.code, one.code, three.stderr);
  const findings = (run: typeof one) => JSON.parse(run.stdout).findings;
  t.deepEqual(findings(three), findings(one));
});

for (const bad of ["0", "-1", "two", "100", "1.5"]) {
  test(`eval --jobs ${bad} is a usage error`, (t) => {
    const run = runCli(evalArgs(bad));
    t.is(run.code, 2);
    t.is(run.stderr, `threatloop: --jobs "${bad}" is not auto or a number from 1 to 99\n`);
    t.is(run.stdout, "");
  });
}
