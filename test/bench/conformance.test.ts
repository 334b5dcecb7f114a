import test from "ava";
import { type ConformanceCase, relatedRules, selectCases } from "../../bench/conformance/corpus.js";
import { staleExceptions } from "../../bench/conformance/exceptions.js";
import { judgeCase, type Outcome, oneRoot } from "../../bench/conformance/judge.js";
import { runConformance } from "../../bench/conformance/run.js";
import { renderDetails, renderRelated } from "../../bench/conformance/table.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Finding } from "../../src/evaluate/findings.js";
import { CORPUS, opaPath, TEST_CACHE } from "../helpers.js";

const SQS_CASE = "kics/assets/queries/terraform/aws/sqs_with_sse_disabled/test/positive1.tf";

const catalog = loadCatalog();
const control = catalog.controls.get("aws.s3.versioning-enabled");

function caseOf(expect: "pass" | "fail", addresses: string[]): ConformanceCase {
  if (!control) throw new Error("aws.s3.versioning-enabled is missing from the catalog");
  return {
    control,
    params: {},
    peer: "kics",
    rule: "r",
    file: "f.tf",
    format: "hcl",
    expect,
    addresses,
    opposite: [],
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
    t.is(judgeCase(item, oneRoot(findings)).outcome, outcome);
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
        file: SQS_CASE,
        control: "aws.sqs.encrypted",
        peer_verdict: "fail",
        ours: "pass",
        reason: "listed by this test",
      },
      {
        file: "checkov TestMSKClusterEncryption.test_failure",
        control: "aws.msk.tls-in-transit",
        peer_verdict: "fail",
        ours: "pass",
        reason: "a dict case listed by its label",
      },
    ],
    filter: (item) =>
      [
        "checkov TestIAMStarActionPolicyDocument.test_failure",
        "checkov TestMSKClusterEncryption.test_failure",
        SQS_CASE,
      ].includes(item.label),
  });
  const outcomes = Object.fromEntries(results.map((r) => [r.item.label, [r.outcome, r.reason]]));
  t.deepEqual(outcomes, {
    "checkov TestIAMStarActionPolicyDocument.test_failure": [
      "unreadable",
      "the rule judges 5 resource types and the dict names none",
    ],
    "checkov TestMSKClusterEncryption.test_failure": [
      "explained",
      "a dict case listed by its label",
    ],
    [SQS_CASE]: ["explained", "listed by this test"],
  });
});

test("the harness judges checkov's dict cases as one-resource plans", async (t) => {
  const results = await runConformance({
    corpus: CORPUS,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [],
    filter: (item) => item.rule === "CKV_AWS_10" || item.rule === "CKV_AWS_53",
  });
  const outcomes = results.map((r) => [r.item.label, r.item.expect, r.outcome, r.ours]);
  t.deepEqual(outcomes, [
    [
      "checkov TestPasswordPolicyLength.test_success",
      "pass",
      "agree",
      "aws_iam_account_password_policy.case=pass",
    ],
    [
      "checkov TestPasswordPolicyLength.test_failure",
      "fail",
      "agree",
      "aws_iam_account_password_policy.case=fail",
    ],
    [
      "checkov TestPasswordPolicyLength.test_failure_on_missing_property",
      "fail",
      "agree",
      "aws_iam_account_password_policy.case=fail",
    ],
    // The rule judges the public access block alone; the control judges buckets.
    ["checkov TestS3BlockPublicACLs.test_failure", "fail", "out-of-scope", ""],
    ["checkov TestS3BlockPublicACLs.test_success", "pass", "out-of-scope", ""],
  ]);
});

test("the harness gives an unknown case its listed reason, and says when none is", async (t) => {
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

test("a related rule's cases are not run; the report lists the rule with its case count", (t) => {
  const selected = selectCases(CORPUS, catalog).filter((c) => c.rule === "CKV_AWS_57");
  t.deepEqual(selected, []);
  const related = relatedRules(CORPUS, catalog).filter((r) => r.rule === "CKV_AWS_57");
  t.deepEqual(related, [
    {
      control: "aws.s3.no-public-acl",
      peer: "checkov",
      rule: "CKV_AWS_57",
      name: "S3 Bucket has an ACL defined which allows public WRITE access.",
      cases: 2,
    },
  ]);
  t.regex(
    renderRelated(related),
    new RegExp(
      String.raw`^### Related peer rules, not counted \(1 rules, 2 cases\)\n\n` +
        String.raw`- \`aws\.s3\.no-public-acl\` checkov \`CKV_AWS_57\` ` +
        String.raw`"S3 Bucket has an ACL defined which allows public WRITE access\.": 2 cases\n$`,
    ),
  );
});

test("a case whose HCL writes True is unreadable, with Terraform's reason", async (t) => {
  const file = "checkov/tests/terraform/checks/resource/aws/example_EBSEncryption";
  const results = await runConformance({
    corpus: CORPUS,
    opa: opaPath(),
    cacheDir: TEST_CACHE,
    exceptions: [],
    filter: (item) => item.file === file,
  });
  t.deepEqual(
    results.map((r) => [r.item.expect, r.outcome, r.reason]),
    (["fail", "pass"] as const).map((expect) => [
      expect,
      "unreadable",
      "True is not a boolean but a reference to an undeclared name (HCL booleans are lower case)",
    ]),
  );
});
