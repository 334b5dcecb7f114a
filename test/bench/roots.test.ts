import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import type { ConformanceCase } from "../../bench/conformance/corpus.js";
import { judgeCase, type Root, splitRoots } from "../../bench/conformance/judge.js";
import { caseRoots } from "../../bench/conformance/roots.js";
import { runConformance } from "../../bench/conformance/run.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { opaPath, TEST_CACHE, temporaryDir } from "../helpers.js";

/** Writes files (relative path → text) under a new folder and returns it. */
function folder(files: Record<string, string>): string {
  const dir = temporaryDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const bucket = (name: string, acl?: string) => {
  const aclLine = acl ? `  acl    = "${acl}"\n` : "";
  return `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}"\n${aclLine}}\n`;
};

test("each folder with Terraform files is a root but hidden ones and called modules", async (t) => {
  const dir = folder({
    "main.tf": 'module "m" {\n  source = "./modules/m"\n}\n',
    "modules/m/main.tf": 'module "n" {\n  source = "../n"\n}\n',
    "modules/n/main.tf": bucket("n"),
    "other/main.tf": bucket("a"),
    "other/deeper/main.tf.json": '{"resource": {"aws_s3_bucket": {"b": {"bucket": "b"}}}}',
    "notes/README.md": "no configuration here",
    ".terraform/modules/x/main.tf": bucket("x"),
  });
  t.deepEqual(await caseRoots(dir), ["", "other", "other/deeper"]);
});

test("a case folder without files of its own has its sub-folders as roots", async (t) => {
  const dir = folder({ "a/main.tf": bucket("a"), "b/main.tf": bucket("b") });
  t.deepEqual(await caseRoots(dir), ["a", "b"]);
});

test("the peer's two verdicts on one address share the roots that define it", (t) => {
  t.deepEqual(splitRoots(["fail", "pass"]), { pass: [1], fail: [0] });
  t.deepEqual(splitRoots(["pass", "fail"]), { pass: [0], fail: [1] });
  t.deepEqual(splitRoots(["none", "pass", "fail"]), { pass: [0, 1], fail: [2] });
  // Both roots fail: the pass still gets a root of its own, which fails it.
  t.deepEqual(splitRoots(["fail", "fail"]), { pass: [1], fail: [0] });
  t.deepEqual(splitRoots(["unknown", "fail", "pass"]), { pass: [0, 2], fail: [1] });
  t.throws(() => splitRoots(["fail"]));
});

const catalog = loadCatalog();
const control = catalog.controls.get("aws.s3.no-public-acl");

function caseOf(expect: "pass" | "fail", addresses: string[], opposite: string[] = []) {
  if (!control) throw new Error("aws.s3.no-public-acl is missing from the catalog");
  const item: ConformanceCase = {
    ...{ control, params: {}, peer: "checkov", rule: "r", file: "d", format: "hcl-dir" },
    ...{ expect, addresses, opposite, label: "d" },
  };
  return item;
}

function root(path: string, verdicts: Record<string, Finding["status"]>): Root {
  const findings = Object.entries(verdicts).map(([address, status]) => ({
    ...{ threat: "T0", control: control?.id ?? "", severity: "high" as const },
    ...{ status, address, attribute: "acl", message: "" },
  }));
  return { path, addresses: Object.keys(verdicts), findings };
}

test("an address the peer judges once must get its verdict in every root defining it", (t) => {
  const roots = [
    root("", { "aws_s3_bucket.a": "fail" }),
    root("sub", { "aws_s3_bucket.a": "pass" }),
  ];
  t.deepEqual(judgeCase(caseOf("fail", ["aws_s3_bucket.a"]), roots), {
    outcome: "disagree",
    ours: "aws_s3_bucket.a=fail sub/aws_s3_bucket.a=pass",
  });
  t.is(judgeCase(caseOf("pass", ["aws_s3_bucket.a"]), roots).outcome, "disagree");
  // A root that does not define the address does not count.
  const other = [
    root("", { "aws_s3_bucket.a": "fail" }),
    root("sub", { "aws_s3_bucket.b": "pass" }),
  ];
  t.deepEqual(judgeCase(caseOf("fail", ["aws_s3_bucket.a"]), other), {
    outcome: "agree",
    ours: "aws_s3_bucket.a=fail",
  });
});

test("an address the peer both passes and fails is matched one verdict per root", (t) => {
  const a = ["aws_s3_bucket.a"];
  const roots = [
    root("", { "aws_s3_bucket.a": "fail" }),
    root("sub", { "aws_s3_bucket.a": "pass" }),
  ];
  t.deepEqual(judgeCase(caseOf("pass", a, a), roots), {
    outcome: "agree",
    ours: "sub/aws_s3_bucket.a=pass",
  });
  t.deepEqual(judgeCase(caseOf("fail", a, a), roots), {
    outcome: "agree",
    ours: "aws_s3_bucket.a=fail",
  });
  const bothFail = [
    root("", { "aws_s3_bucket.a": "fail" }),
    root("sub", { "aws_s3_bucket.a": "fail" }),
  ];
  t.is(judgeCase(caseOf("pass", a, a), bothFail).outcome, "disagree");
  t.is(judgeCase(caseOf("fail", a, a), bothFail).outcome, "agree");
  // One root: nothing to share, so its verdict is judged against both of the peer's.
  const single = [root("", { "aws_s3_bucket.a": "fail" })];
  t.is(judgeCase(caseOf("pass", a, a), single).outcome, "disagree");
  t.is(judgeCase(caseOf("fail", a, a), single).outcome, "agree");
});

test("the harness reads a checkov case folder's sub-folders as roots of their own", async (t) => {
  const corpus = folder({
    "case/main.tf": bucket("public_read", "public-read") + bucket("private", "private"),
    "case/same_name/main.tf": bucket("public_read"),
    "flat/main.tf": bucket("public_read", "public-read"),
  });
  const entry = (file: string, expect: string, addresses: string[]) => ({
    ...{ source: "checkov", rule_id: "CKV_AWS_20", file, expect, format: "hcl-dir" },
    expected_lines_or_addresses: addresses,
  });
  const index = [
    entry("case", "pass", ["aws_s3_bucket.private", "aws_s3_bucket.public_read"]),
    entry("case", "fail", ["aws_s3_bucket.public_read"]),
    // Without a second root, the peer's pass on the failing bucket stays a disagreement.
    entry("flat", "pass", ["aws_s3_bucket.public_read"]),
    entry("flat", "fail", ["aws_s3_bucket.public_read"]),
  ];
  writeFileSync(join(corpus, "INDEX.json"), JSON.stringify(index));
  const results = await runConformance({
    corpus,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [],
    filter: (item) => item.control.id === "aws.s3.no-public-acl",
  });
  t.deepEqual(
    results.map((r) => [r.item.file, r.item.expect, r.outcome, r.ours]),
    [
      [
        "case",
        "pass",
        "agree",
        "aws_s3_bucket.private=pass same_name/aws_s3_bucket.public_read=pass",
      ],
      ["case", "fail", "agree", "aws_s3_bucket.public_read=fail"],
      ["flat", "pass", "disagree", "aws_s3_bucket.public_read=fail"],
      ["flat", "fail", "agree", "aws_s3_bucket.public_read=fail"],
    ],
  );
});
