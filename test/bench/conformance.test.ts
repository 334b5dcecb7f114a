import test from "ava";
import type { ConformanceCase } from "../../bench/conformance/corpus.js";
import { staleExceptions } from "../../bench/conformance/exceptions.js";
import { judgeCase, type Outcome } from "../../bench/conformance/judge.js";
import { runConformance } from "../../bench/conformance/run.js";
import { renderDetails } from "../../bench/conformance/table.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { CORPUS, opaPath, TEST_CACHE } from "../helpers.js";

const LAMBDA_CASE =
  "kics/assets/queries/terraform/aws/lambda_permission_principal_is_wildcard/" + "test/positive.tf";

const catalog = loadCatalog();
const control = catalog.controls.get("aws.s3.versioning-enabled");

function caseOf(expect: "pass" | "fail", addresses: string[]): ConformanceCase {
  if (!control) throw new Error("aws.s3.versioning-enabled is missing from the catalog");
  return {
    control,
    peer: "kics",
    rule: "r",
    file: "f.tf",
    format: "hcl",
    expect,
    addresses,
    label: "f.tf",
  };
}

function finding(address: string, status: Finding["status"]): Finding {
  const id = control?.id ?? "";
  return {
    threat: "T0",
    control: id,
    severity: "low",
    status,
    address,
    attribute: "",
    message: "",
  };
}

const judged: [string, ConformanceCase, Finding[], Outcome][] = [
  [
    "a peer fail we fail agrees",
    caseOf("fail", ["aws_s3_bucket.a"]),
    [finding("aws_s3_bucket.a", "fail")],
    "agree",
  ],
  [
    "a peer fail we pass disagrees",
    caseOf("fail", ["aws_s3_bucket.a"]),
    [finding("aws_s3_bucket.a", "pass")],
    "disagree",
  ],
  [
    "a peer fail on a resource we never judged disagrees",
    caseOf("fail", ["aws_s3_bucket.a"]),
    [],
    "disagree",
  ],
  [
    "a peer fail we cannot decide is unknown",
    caseOf("fail", ["aws_s3_bucket.a"]),
    [finding("aws_s3_bucket.a", "unknown")],
    "unknown",
  ],
  [
    "one failing instance fails the block",
    caseOf("fail", ["aws_s3_bucket.a"]),
    [finding("aws_s3_bucket.a[0]", "pass"), finding("aws_s3_bucket.a[1]", "fail")],
    "agree",
  ],
  [
    "a peer pass with a fail elsewhere in the file agrees",
    caseOf("pass", ["aws_s3_bucket.a"]),
    [finding("aws_s3_bucket.a", "pass"), finding("aws_s3_bucket.b", "fail")],
    "agree",
  ],
  [
    "a peer pass naming no address needs no fail in the file",
    caseOf("pass", []),
    [finding("aws_s3_bucket.b", "fail")],
    "disagree",
  ],
  [
    "a peer fail on a linked resource that decided our fail agrees",
    caseOf("fail", ["aws_s3_bucket_versioning.v"]),
    [{ ...finding("aws_s3_bucket.a", "fail"), related: "aws_s3_bucket_versioning.v" }],
    "agree",
  ],
  [
    "a data source is out of scope",
    caseOf("fail", ["data.aws_iam_policy_document.a"]),
    [],
    "out-of-scope",
  ],
  [
    "a type the control does not judge is out of scope",
    caseOf("pass", ["aws_sqs_queue.a"]),
    [],
    "out-of-scope",
  ],
];

for (const [title, item, findings, outcome] of judged) {
  test(`judgeCase: ${title}`, (t) => {
    t.is(judgeCase(item, findings).outcome, outcome);
  });
}

test("the harness agrees with KICS on its ALB deletion protection cases", async (t) => {
  const results = await runConformance({
    corpus: CORPUS,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [],
    filter: (item) => item.control.id === "aws.elb.deletion-protection" && item.peer === "kics",
  });
  t.true(results.length >= 4);
  const decided = results.filter((r) => r.outcome !== "out-of-scope");
  t.deepEqual(
    decided.map((r) => [r.item.label, r.outcome]),
    decided.map((r) => [r.item.label, "agree"]),
  );
});

test("the harness lists unreadable inputs with why, and explains listed cases", async (t) => {
  const results = await runConformance({
    corpus: CORPUS,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [
      {
        file: LAMBDA_CASE,
        control: "aws.lambda.permission-not-public",
        peer_verdict: "fail",
        ours: "pass",
        reason: "listed by this test",
      },
    ],
    filter: (item) =>
      item.label === "checkov TestPasswordPolicyLength.test_success" || item.label === LAMBDA_CASE,
  });
  const outcomes = Object.fromEntries(results.map((r) => [r.item.label, [r.outcome, r.reason]]));
  t.deepEqual(outcomes, {
    "checkov TestPasswordPolicyLength.test_success": [
      "unreadable",
      "the peer's input is a resource dict in its own test code, not Terraform",
    ],
    "kics/assets/queries/terraform/aws/lambda_permission_principal_is_wildcard/test/positive.tf": [
      "explained",
      "listed by this test",
    ],
  });
});

test("the harness gives an unknown case the reason listed for it, and says when none is", async (t) => {
  const empty =
    "checkov/inline/resource/aws/test_IAMRoleAllowsPublicAssume/test_empty_iam_policy.tf";
  const results = await runConformance({
    corpus: CORPUS,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [],
    unknownReasons: [
      {
        file: empty,
        control: "aws.iam.trust-not-public",
        peer_verdict: "pass",
        reason: "listed by this test",
      },
    ],
    filter: (item) => item.file === empty,
  });
  t.deepEqual(
    results.map((r) => [r.outcome, r.reason]),
    [["unknown", "listed by this test"]],
  );
  t.regex(renderDetails(results), /ours aws_iam_role\.lambdaRole=unknown; listed by this test/);
  const unlisted = renderDetails(results.map((r) => ({ ...r, reason: undefined })));
  t.regex(unlisted, /=unknown; no reason listed/);
});

test("an exception that explains no case is reported as stale", (t) => {
  const entry = (file: string) => ({
    file,
    control: "aws.s3.versioning-enabled",
    peer_verdict: "fail" as const,
    ours: "pass",
    reason: "r",
  });
  const explained = [{ file: "a.tf", control: "aws.s3.versioning-enabled", expect: "fail" }];
  const stale = staleExceptions([entry("a.tf"), entry("b.tf")], explained);
  t.deepEqual(
    stale.map((e) => e.file),
    ["b.tf"],
  );
});
