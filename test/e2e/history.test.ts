import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import Database from "better-sqlite3";
import {
  CLI,
  EXAMPLE_MODEL,
  EXAMPLE_PLAN,
  ROOT,
  runCli,
  TEST_CACHE,
  temporaryDir,
} from "../helpers.js";

const evalArgs = (history: string, ...more: string[]) => [
  "eval",
  EXAMPLE_PLAN,
  "-m",
  EXAMPLE_MODEL,
  "--history",
  history,
  "-q",
  ...more,
];

function count(file: string, sql: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

test("eval records each run with its verdicts, and --no-history records nothing", (t) => {
  const dir = temporaryDir();
  const history = join(dir, "h.sqlite");
  t.is(runCli(evalArgs(history)).code, 1);
  t.is(runCli(evalArgs(history)).code, 1);
  t.is(count(history, "SELECT COUNT(*) FROM runs WHERE kind = 'eval'"), 2);
  t.is(count(history, "SELECT COUNT(*) FROM findings WHERE status = 'fail'"), 6);
  t.is(count(history, "SELECT COUNT(DISTINCT system) FROM runs"), 1);

  const other = join(dir, "other.sqlite");
  const off = runCli(["eval", EXAMPLE_PLAN, "-m", EXAMPLE_MODEL, "--no-history", "-q"], {
    env: { THREATLOOP_HISTORY: other },
  });
  t.is(off.code, 1);
  t.false(existsSync(other));
  t.is(
    runCli(["eval", EXAMPLE_PLAN, "-m", EXAMPLE_MODEL, "-q"], {
      env: { THREATLOOP_HISTORY: other },
    }).code,
    1,
  );
  t.is(count(other, "SELECT COUNT(*) FROM runs"), 1);
});

test("eval records waiver decisions with their owners and expiry dates", (t) => {
  const history = join(temporaryDir(), "h.sqlite");
  const waivers = join(ROOT, "fixtures", "example", "threatloop.waivers.yaml");
  runCli(evalArgs(history, "--waivers", waivers));
  const decisions = count(history, "SELECT COUNT(*) FROM waiver_decisions") as number;
  t.true(decisions > 0);
  t.is(count(history, "SELECT COUNT(*) FROM waiver_decisions WHERE owner = ''"), 0);
});

test("concurrent evaluations into one history each record their run", async (t) => {
  const history = join(temporaryDir(), "h.sqlite");
  const codes = await Promise.all(
    Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [CLI, ...evalArgs(history)], {
            cwd: ROOT,
            env: { ...process.env, THREATLOOP_CACHE_DIR: TEST_CACHE },
            stdio: "ignore",
          });
          child.on("close", resolve);
        }),
    ),
  );
  t.deepEqual(codes, [1, 1, 1, 1]);
  t.is(count(history, "SELECT COUNT(*) FROM runs"), 4);
});

test("a history that is not SQLite stops eval with exit 2, one line, and stays as it was", (t) => {
  const dir = temporaryDir();
  const history = join(dir, "h.sqlite");
  writeFileSync(history, "not a database\n");
  const junit = join(dir, "report.xml");
  const run = runCli(evalArgs(history, "--report", `junit=${junit}`));
  t.is(run.code, 2);
  t.is(
    run.stderr,
    `threatloop: ${history}: not a SQLite database; refusing to use it as run history ` +
      "(hint: pass --history with another file; this one is left as it is)\n",
  );
  t.is(readFileSync(history, "utf8"), "not a database\n");
  t.false(existsSync(junit));
});

test("drift takes first_seen from the earliest run that saw it; metrics time the fix", (t) => {
  const dir = temporaryDir();
  const history = join(dir, "h.sqlite");
  const deployed = join(dir, "deployed.json");
  const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8"));
  writeFileSync(deployed, JSON.stringify({ format_version: "1.0", values: plan.planned_values }));
  const drift = (desired: string) =>
    runCli([
      "drift",
      "--desired",
      desired,
      "--deployed",
      deployed,
      "-m",
      EXAMPLE_MODEL,
      "--history",
      history,
      "--format",
      "json",
    ]);
  const first = drift(EXAMPLE_PLAN);
  t.is(first.code, 1, first.stderr);
  const second = drift(EXAMPLE_PLAN);
  const seen = (run: { stdout: string }) =>
    (JSON.parse(run.stdout).regressions as { address: string; first_seen: string }[]).map(
      (r) => `${r.address} ${r.first_seen}`,
    );
  t.true(seen(first).length > 0);
  t.deepEqual(seen(second), seen(first));

  t.is(drift(deployed).code, 0);
  const metrics = runCli([
    "metrics",
    "-m",
    EXAMPLE_MODEL,
    "--history",
    history,
    "--format",
    "json",
  ]);
  t.is(metrics.code, 0, metrics.stderr);
  const m = JSON.parse(metrics.stdout);
  t.is(m.runs.drift, 3);
  t.is(m.drift.open_regressions, 0);
  t.is(m.drift.fixed_regressions, seen(first).length);
  t.is(typeof m.drift.mean_hours_to_fix, "number");
  t.is(m.drift.mean_hours_to_detect, null);
});

test("metrics reports coverage, validation rate and failing controls of evaluations", (t) => {
  const history = join(temporaryDir(), "h.sqlite");
  runCli(evalArgs(history));
  runCli(evalArgs(history));
  const text = runCli(["metrics", "-m", EXAMPLE_MODEL, "--history", history]);
  t.is(text.code, 0, text.stderr);
  t.true(text.stdout.includes("threat coverage: 5 of 5 (100%)"));
  t.true(text.stdout.includes("control validation rate: 50% (3 of 6 evaluated controls pass)"));
  t.true(
    text.stdout.includes(
      "TL-001 aws.s3.public-access-blocked: failing 2 run(s) in a row; trend ✗✗",
    ),
  );
});

test("metrics and feedback refuse a history that does not exist", (t) => {
  const history = join(temporaryDir(), "none.sqlite");
  for (const command of ["metrics", "feedback"]) {
    const run = runCli([command, "-m", EXAMPLE_MODEL, "--history", history]);
    t.is(run.code, 2);
    t.is(
      run.stderr,
      `threatloop: ${history}: no run history here ` +
        "(hint: run threatloop eval or drift first, or pass --history)\n",
    );
  }
  t.false(existsSync(history));
});

test("feedback writes observed status into a copy of the model, which stays valid", (t) => {
  const dir = temporaryDir();
  const history = join(dir, "h.sqlite");
  const model = join(dir, "threatloop.yaml");
  copyFileSync(EXAMPLE_MODEL, model);
  runCli(evalArgs(history));
  const dry = runCli(["feedback", "-m", model, "--history", history, "--dry-run"]);
  t.is(dry.code, 0, dry.stderr);
  t.is(readFileSync(model, "utf8"), readFileSync(EXAMPLE_MODEL, "utf8"));
  const run = runCli(["feedback", "-m", model, "--history", history]);
  t.is(run.code, 0, run.stderr);
  t.true(run.stdout.includes("contradictions: 3"));
  const written = readFileSync(model, "utf8");
  t.is(written.match(/^ {8}observed:$/gm)?.length, 6);
  t.is(runCli(["validate", "-m", model]).code, 0);
});

test("metrics refuses an expiry window that is not a number of days", (t) => {
  const run = runCli(["metrics", "-m", EXAMPLE_MODEL, "--expiring-within", "soon"]);
  t.is(run.code, 2);
  t.is(run.stderr, 'threatloop: --expiring-within takes a number of days, not "soon"\n');
});

test("feedback --format json lists observed status and contradictions, not the model", (t) => {
  const dir = temporaryDir();
  const history = join(dir, "h.sqlite");
  runCli(evalArgs(history));
  const run = runCli([
    "feedback",
    "-m",
    EXAMPLE_MODEL,
    "--history",
    history,
    "--dry-run",
    "--format",
    "json",
  ]);
  t.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  t.deepEqual(Object.keys(result).sort(), ["contradictions", "observed", "raised"]);
  t.deepEqual(
    result.observed.map((o: { threat: string; status: string }) => `${o.threat} ${o.status}`),
    ["TL-001 fail", "TL-002 pass", "TL-003 fail", "TL-004 fail", "TL-005 pass", "TL-005 pass"],
  );
});
