import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { EXAMPLE_MODEL, runCli, temporaryDir } from "../helpers.js";

const BLOCKED = "c_aws_s3_public_access_blocked_0";

function generated(): string {
  const out = join(temporaryDir(), "generated");
  const run = runCli(["generate", "-m", EXAMPLE_MODEL, "--out", out]);
  if (run.code !== 0) throw new Error(run.stderr);
  return out;
}

test("generate --check exits 0 on a folder generation just wrote", (t) => {
  const out = generated();
  const run = runCli(["generate", "-m", EXAMPLE_MODEL, "--out", out, "--check"]);
  t.is(run.code, 0);
  t.is(run.stdout, "");
  t.is(run.stderr, `${out} is up to date\n`);
});

test("generate --check exits 1 and lists changed, missing and extra files", (t) => {
  const out = generated();
  appendFileSync(join(out, "policies", "threatloop", "main.rego"), "# edited by hand\n");
  rmSync(join(out, "tests", "threatloop", "threats", "t_tl_001", `${BLOCKED}_test.rego`));
  writeFileSync(join(out, "notes.txt"), "mine\n");
  const run = runCli(["generate", "-m", EXAMPLE_MODEL, "--out", out, "--check"]);
  t.is(run.code, 1);
  t.is(
    run.stdout,
    [
      "stale: notes.txt (extra)",
      "stale: policies/threatloop/main.rego (changed)",
      `stale: tests/threatloop/threats/t_tl_001/${BLOCKED}_test.rego (missing)`,
      "",
    ].join("\n"),
  );
  t.is(run.stderr, `3 stale file(s) in ${out}; run threatloop generate\n`);
});

test("generate --check on a folder that does not exist lists every file as missing", (t) => {
  const out = join(temporaryDir(), "absent");
  const run = runCli([
    "generate",
    "-m",
    EXAMPLE_MODEL,
    "--out",
    out,
    "--check",
    "--format",
    "json",
  ]);
  t.is(run.code, 1);
  const report = JSON.parse(run.stdout) as { stale: { path: string; reason: string }[] };
  t.true(report.stale.length > 0);
  t.true(report.stale.every((f) => f.reason === "missing"));
  t.true(report.stale.some((f) => f.path === "manifest.json"));
});
