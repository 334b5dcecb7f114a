import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import test from "ava";
import { loadCatalog } from "../../src/catalog/load.js";
import { compileWasm } from "../../src/compile/compile.js";
import { Evaluator } from "../../src/evaluate/evaluate.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { enforcementLevels } from "../../src/export/targets/enforcement.js";
import { TARGETS } from "../../src/export/targets/index.js";
import {
  EXPORT_MARKER,
  EXPORT_TARGETS,
  type ExportTargetName,
} from "../../src/export/targets/types.js";
import { type GenerateResult, generatePolicies } from "../../src/generate/generate.js";
import { readInputDocument } from "../../src/inputs/read.js";
import { writeFiles } from "../../src/io/write.js";
import { loadModel } from "../../src/model/load.js";
import {
  EXAMPLE_MODEL,
  EXAMPLE_PLAN,
  opaPath,
  ROOT,
  runCli,
  TEST_CACHE,
  temporaryDir,
} from "../helpers.js";

const CORPUS = process.env.THREATLOOP_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");
const ANY_AWS_MODEL = join(ROOT, "fixtures", "any-aws", "threatloop.yaml");
const CASES: [string, string][] = [
  [EXAMPLE_MODEL, EXAMPLE_PLAN],
  [ANY_AWS_MODEL, join(CORPUS, "checkov/tests/terraform/runner/resources/plan/tfplan.json")],
  [ANY_AWS_MODEL, join(CORPUS, "checkov/tests/terraform/parser/resources/plan_tags/tfplan.json")],
];

interface Verdicts {
  blocking: string[];
  advisory: string[];
}

function generated(model: string): GenerateResult {
  const catalog = loadCatalog();
  return generatePolicies(loadModel(model, catalog).loaded, catalog);
}

function opaEval(dir: string, input: unknown, query: string): unknown {
  const file = join(temporaryDir(), "input.json");
  writeFileSync(file, JSON.stringify(input));
  const output = execFileSync(opaPath(), ["eval", "-d", dir, "-i", file, query, "-f", "json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output).result?.[0]?.expressions?.[0]?.value;
}

/** Each platform's way of reading the export: its input shape, its queries, its conventions. */
const ENGINES: Record<ExportTargetName, (dir: string, plan: unknown) => Verdicts> = {
  hcp(dir, plan) {
    const hcl = readFileSync(join(dir, "policies.hcl"), "utf8");
    const policies = [
      ...hcl.matchAll(
        /policy "([^"]+)" \{\n\s+query\s+= "([^"]+)"\n\s+enforcement_level = "(\w+)"/g,
      ),
    ];
    const verdicts: Verdicts = { blocking: [], advisory: [] };
    for (const [, name, query, level] of policies) {
      const lines = opaEval(dir, { plan, run: { id: "run-1" } }, query ?? "");
      if (!Array.isArray(lines)) throw new Error(`policy ${name} does not return an array`);
      const prefix = name === "threatloop-unknown" ? "unknown at plan time: " : "";
      verdicts[level === "mandatory" ? "blocking" : "advisory"].push(
        ...lines.map((l) => prefix + l),
      );
    }
    return verdicts;
  },
  spacelift(dir, plan) {
    const result = opaEval(dir, { terraform: plan }, "data.spacelift") as {
      deny: string[];
      warn: string[];
    };
    return { blocking: result.deny, advisory: result.warn };
  },
  conftest(dir, plan) {
    const result = opaEval(join(dir, "policy"), plan, "data.threatloop.conftest") as Record<
      string,
      { deny: string[]; warn: string[] }
    >;
    const namespaces = Object.values(result);
    return {
      blocking: namespaces.flatMap((n) => n.deny),
      advisory: namespaces.flatMap((n) => n.warn),
    };
  },
};

/** What the WASM evaluation says the platform must report, derived independently of the Rego. */
async function expectedVerdicts(exported: GenerateResult, plan: string): Promise<Verdicts> {
  const { wasm } = await compileWasm(exported.files, { opa: opaPath(), cacheDir: TEST_CACHE });
  const findings = (await Evaluator.load(wasm)).evaluate(readInputDocument(plan)).findings;
  const levels = enforcementLevels(exported.manifest);
  const line = (f: Finding) => `[${f.threat}] ${f.control} ${f.address}: ${f.message ?? ""}`;
  const mandatory = (f: Finding) => levels[f.threat]?.[f.control] === "mandatory";
  return {
    blocking: findings.filter((f) => f.status === "fail" && mandatory(f)).map(line),
    advisory: [
      ...findings.filter((f) => f.status === "fail" && !mandatory(f)).map(line),
      ...findings
        .filter((f) => f.status === "unknown")
        .map((f) => `unknown at plan time: ${line(f)}`),
    ],
  };
}

const sorted = (v: Verdicts) => ({
  blocking: [...v.blocking].sort(),
  advisory: [...v.advisory].sort(),
});

for (const name of EXPORT_TARGETS) {
  const target = TARGETS[name];

  test(`${name}: the export carries a README of what the target loses and a marker`, (t) => {
    const files = target.render(generated(EXAMPLE_MODEL));
    const readme = files.find((f) => f.path === "README.md")?.content ?? "";
    t.regex(readme, /## What this target loses compared with `threatloop eval`\n\n- /);
    t.regex(
      readme,
      /\| TL-001 \| aws\.s3\.public-access-blocked \| high \| implemented \| mandatory \|/,
    );
    const marker = JSON.parse(files.find((f) => f.path === EXPORT_MARKER)?.content ?? "{}");
    t.is(marker.target, name);
  });

  test(`${name}: every module passes opa fmt, opa check --strict and regal lint`, (t) => {
    const dir = temporaryDir();
    writeFiles(dir, target.render(generated(EXAMPLE_MODEL)));
    const fmt = spawnSync(opaPath(), ["fmt", "--fail", "-l", dir], { encoding: "utf8" });
    t.is(fmt.status, 0, fmt.stdout + fmt.stderr);
    const check = spawnSync(opaPath(), ["check", "--strict", dir], { encoding: "utf8" });
    t.is(check.status, 0, check.stderr);
    const regal = spawnSync(
      join(ROOT, ".tools", "bin", "regal"),
      ["lint", "--config-file", join(ROOT, ".regal", "config.yaml"), dir],
      { encoding: "utf8" },
    );
    t.is(regal.status, 0, regal.stdout);
  });

  for (const [model, plan] of CASES) {
    const where = plan.split("/").slice(-2).join("/");
    test(`${name}: blocks and warns on exactly the WASM findings of ${where}`, async (t) => {
      const exported = generated(model);
      const dir = temporaryDir();
      writeFiles(dir, target.render(exported));
      const document = JSON.parse(readFileSync(plan, "utf8"));
      const expected = await expectedVerdicts(exported, plan);
      t.true(
        expected.blocking.length + expected.advisory.length > 0,
        "the case has findings to report",
      );
      t.deepEqual(sorted(ENGINES[name](dir, document)), sorted(expected));
    });
  }
}

test("hcp: one policy per control, planned ones advisory, plus the unknown policy", (t) => {
  const files = TARGETS.hcp.render(generated(EXAMPLE_MODEL));
  const hcl = files.find((f) => f.path === "policies.hcl")?.content ?? "";
  const levels = [...hcl.matchAll(/policy "([^"]+)"[^}]+enforcement_level = "(\w+)"/g)].map(
    ([, policy, level]) => `${policy} ${level}`,
  );
  t.deepEqual(levels, [
    "t_tl_001-c_aws_s3_public_access_blocked_0 mandatory",
    "t_tl_002-c_aws_s3_public_access_blocked_0 advisory",
    "t_tl_003-c_aws_iam_no_wildcard_admin_0 mandatory",
    "t_tl_004-c_aws_ec2_no_internet_admin_ports_0 mandatory",
    "t_tl_005-c_aws_iam_no_wildcard_admin_0 mandatory",
    "t_tl_005-c_aws_ec2_no_internet_admin_ports_1 advisory",
    "threatloop-unknown advisory",
  ]);
});

test("export writes the directory and refuses to replace one it did not write", (t) => {
  const out = join(temporaryDir(), "hcp");
  const run = runCli(["export", "hcp", "-m", EXAMPLE_MODEL, "--out", out]);
  t.is(run.code, 0, run.stderr);
  t.regex(readFileSync(join(out, "policies.hcl"), "utf8"), /^# Generated by threatloop/);

  const foreign = temporaryDir();
  writeFileSync(join(foreign, "main.tf"), "");
  const refused = runCli(["export", "conftest", "-m", EXAMPLE_MODEL, "--out", foreign]);
  t.is(refused.code, 2);
  t.is(
    refused.stderr,
    `threatloop: ${foreign}: refusing to replace a folder threatloop did not write` +
      " (hint: choose an empty or new folder for the output)\n",
  );
});

test("export names the targets it knows", (t) => {
  const run = runCli(["export", "sentinel", "-m", EXAMPLE_MODEL]);
  t.is(run.code, 2);
  t.is(
    run.stderr.split("\n")[0],
    "error: command-argument value 'sentinel' is invalid for argument 'target'." +
      " Allowed choices are hcp, spacelift, conftest, otm.",
  );
});
