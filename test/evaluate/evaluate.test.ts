import test from "ava";
import { compileWasm } from "../../src/compile/compile.js";
import { ThreatloopError } from "../../src/errors.js";
import { Evaluator, initialPages } from "../../src/evaluate/evaluate.js";
import { opaPath, TEST_CACHE } from "../helpers.js";

const MAIN = `package threatloop.main

import rego.v1

report := {"kind": "plan", "errors": [], "resources": 0, "findings": findings} if {
	print("seen", input.format_version)
}

findings contains {"threat": "T", "control": "c", "status": "pass"} if input.format_version
`;

async function evaluator(): Promise<Evaluator> {
  const { wasm } = await compileWasm([{ path: "main.rego", content: MAIN }], {
    opa: opaPath(),
    cacheDir: TEST_CACHE,
  });
  return Evaluator.load(wasm);
}

const doc = (text: string) => ({ file: "in.json", bytes: new TextEncoder().encode(text) });

test("captures print() output instead of writing it to stdout", async (t) => {
  const policy = await evaluator();
  const writes: unknown[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => writes.push(args);
  try {
    const result = policy.evaluate(doc('{"format_version": "1.2"}'));
    t.deepEqual(result.prints, ["seen 1.2"]);
    t.is(result.findings.length, 1);
  } finally {
    console.log = original;
  }
  t.deepEqual(writes, []);
});

test("evaluates many documents with one loaded module", async (t) => {
  const policy = await evaluator();
  for (const version of ["1.0", "1.1", "1.2"]) {
    t.deepEqual(policy.evaluate(doc(`{"format_version": "${version}"}`)).prints, [
      `seen ${version}`,
    ]);
  }
});

test("turns a broken module into a ThreatloopError", async (t) => {
  const error = await t.throwsAsync(Evaluator.load(new Uint8Array([0, 97, 115, 109, 9])), {
    instanceOf: ThreatloopError,
  });
  t.regex(error?.message ?? "", /^cannot load the compiled policy: /);
});

test("a policy that does not compile gives opa's error under one line", async (t) => {
  const error = await t.throwsAsync(
    compileWasm(
      [{ path: "main.rego", content: "package threatloop.main\n\nreport := time.now_ns()\n" }],
      {
        opa: opaPath(),
        cacheDir: TEST_CACHE,
      },
    ),
    { instanceOf: ThreatloopError },
  );
  t.is(error?.message, "opa check exited with 1");
  t.regex(error?.details ?? "", /time\.now_ns/);
});

test("an instance's memory is reserved up front in proportion to its input, within wasm32", (t) => {
  const mib = 1024 * 1024;
  t.is(initialPages(0), 1024);
  t.is(initialPages(mib), 3072);
  t.true(initialPages(7 * mib) > initialPages(6 * mib));
  t.is(initialPages(4096 * mib), 49152);
});
