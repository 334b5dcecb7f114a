import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { parse } from "yaml";
import { CLI, EXAMPLE_MODEL, EXAMPLE_PLAN, ROOT, runCli, temporaryDir } from "../helpers.js";

interface ActionStep {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { steps: ActionStep[] };
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const action = parse(read("action.yml")) as Action;
const evalHelp = runCli(["eval", "--help"]).stdout;

test("the action only refers to inputs it declares", (t) => {
  const used = [...read("action.yml").matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]);
  t.true(used.length > 10);
  for (const name of used) t.truthy(action.inputs[name as string], name);
});

test("the CI files use only options eval has", (t) => {
  const text = read("action.yml") + read("ci/gitlab/threatloop.gitlab-ci.yml");
  const options = new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((m) => m[1]));
  for (const npmOption of ["no-audit", "no-fund", "global"]) options.delete(npmOption);
  t.true(options.size > 5);
  for (const option of options) t.true(evalHelp.includes(`--${option}`), option);
});

test("the action's evaluation step gates the example plan and fills the job summary", (t) => {
  const step = action.runs.steps.find((s) => s.id === "eval") as ActionStep;
  const dir = temporaryDir();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TL_CLI: CLI,
    TL_PLAN: EXAMPLE_PLAN,
    TL_MODEL: EXAMPLE_MODEL,
    TL_POLICY: "",
    TL_CONFIG: "",
    TL_FAIL_ON: "critical",
    TL_UNKNOWN: "",
    TL_WAIVERS: "",
    TL_BASELINE: "",
    TL_SOURCE_DIR: join(ROOT, "fixtures", "example", "terraform"),
    TL_SARIF: join(dir, "threatloop.sarif"),
    TL_SUMMARY: join(dir, "summary.md"),
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "step-summary.md"),
    THREATLOOP_CACHE_DIR: join(ROOT, ".threatloop", "test-cache"),
  };
  const run = spawnSync("bash", ["-e", "-c", step.run as string], { env, encoding: "utf8" });
  t.is(run.status, 0, run.stderr);
  t.is(readFileSync(env.GITHUB_OUTPUT as string, "utf8"), "exit-code=1\n");
  t.regex(run.stdout, /^::error file=.*main\.tf,line=117,/m);
  t.true(readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8").startsWith("## threatloop"));
  t.is(JSON.parse(readFileSync(env.TL_SARIF as string, "utf8")).version, "2.1.0");
});

test("the pre-commit hooks run commands the CLI has", (t) => {
  const hooks = parse(read(".pre-commit-hooks.yaml")) as { id: string; entry: string }[];
  t.deepEqual(
    hooks.map((h) => h.id),
    ["threatloop-validate", "threatloop-eval"],
  );
  for (const hook of hooks) {
    const [bin, command] = hook.entry.split(" ");
    t.is(bin, "threatloop");
    t.is(runCli([command as string, "--help"]).code, 0, hook.entry);
  }
});

test("the GitLab template writes JUnit for merge requests and keeps SARIF", (t) => {
  const template = parse(read("ci/gitlab/threatloop.gitlab-ci.yml"))[".threatloop"];
  t.is(template.artifacts.reports.junit, "$THREATLOOP_JUNIT");
  t.true(template.artifacts.paths.includes("$THREATLOOP_SARIF"));
  t.regex(template.script.join("\n"), /--report "sarif=\$THREATLOOP_SARIF"/);
});
