import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { resourceConfPlan } from "../../bench/conformance/resource-conf.js";
import { CORPUS } from "../helpers.js";

/** A checkov inline case's dict, read from the corpus as the harness reads it. */
function confOf(file: string, testFunction: string): unknown {
  const path = join(CORPUS, "checkov", "expected", "resource", file);
  const data = JSON.parse(readFileSync(path, "utf8")) as {
    inline_cases: { test_function: string; resource_conf: unknown }[];
  };
  return data.inline_cases.find((c) => c.test_function === testFunction)?.resource_conf;
}

interface Converted {
  address: string;
  after: unknown;
  unknown: unknown;
  expressions: unknown;
}

function convert(conf: unknown, types: string[]): Converted | { error: string } {
  const plan = resourceConfPlan(conf, types);
  if ("error" in plan) return plan;
  const document = plan.document as {
    resource_changes: { change: { after: unknown; after_unknown: unknown } }[];
    configuration: { root_module: { resources: { expressions: unknown }[] } };
  };
  const change = document.resource_changes[0]?.change;
  return {
    address: plan.address,
    after: change?.after,
    unknown: change?.after_unknown,
    expressions: document.configuration.root_module.resources[0]?.expressions,
  };
}

const converted: [string, [string, string], string[], Partial<Converted>][] = [
  [
    "unwraps scalars and reads a list of dicts as nested blocks",
    ["aws/test_ALBListenerHTTPS.json", "TestALBListenerHTTPS.test_success_redirect"],
    ["aws_lb_listener", "aws_alb_listener"],
    {
      address: "aws_lb_listener.case",
      after: {
        port: 80,
        protocol: "HTTP",
        default_action: [
          {
            type: "redirect",
            redirect: [{ port: 443, protocol: "HTTPS", status_code: "HTTP_301" }],
          },
        ],
      },
      unknown: { load_balancer_arn: true, default_action: [{ redirect: [{}] }] },
    },
  ],
  [
    "keeps a wrapped list attribute as a list and an interpolation as unknown with its references",
    ["aws/test_EKSSecretsEncryption.json", "TestEKSSecretsEncryption.test_failure"],
    ["aws_eks_cluster"],
    {
      after: {
        name: "bad-eks",
        vpc_config: [{ subnet_ids: [], endpoint_public_access: true }],
        encryption_config: [{ provider: [{}], resources: [] }],
      },
      unknown: {
        role_arn: true,
        vpc_config: [{}],
        encryption_config: [{ provider: [{ key_arn: true }] }],
      },
    },
  ],
  [
    "turns the strings older python-hcl2 wrote for booleans into booleans",
    ["aws/test_MSKClusterEncryption.json", "TestMSKClusterEncryption.test_success"],
    ["aws_msk_cluster"],
    {
      after: {
        name: "test-project",
        encryption_info: [
          {
            encryption_at_rest_kms_key_arn: "aws_kms_key.kms.arn",
            encryption_in_transit: [{ client_broker: "TLS", in_cluster: true }],
          },
        ],
      },
    },
  ],
];

for (const [title, [file, fn], types, expected] of converted) {
  test(`resourceConfPlan ${title}`, (t) => {
    const result = convert(confOf(file, fn), types);
    if ("error" in result) return t.fail(result.error);
    for (const [key, value] of Object.entries(expected)) {
      t.deepEqual(result[key as keyof Converted], value, key);
    }
  });
}

test("resourceConfPlan declares each attribute and its references in the configuration", (t) => {
  const conf = confOf(
    "aws/test_EKSSecretsEncryption.json",
    "TestEKSSecretsEncryption.test_failure",
  );
  const result = convert(conf, ["aws_eks_cluster"]);
  if ("error" in result) return t.fail(result.error);
  const expressions = result.expressions as Record<string, unknown>;
  t.deepEqual(Object.keys(expressions).sort(), [
    "encryption_config",
    "name",
    "role_arn",
    "vpc_config",
  ]);
  t.deepEqual(expressions.role_arn, { references: ["var.role_arn"] });
});

const refused: [string, [string, string], string[], string][] = [
  [
    "a rule of several unrelated types",
    ["aws/test_IAMStarActionPolicyDocument.json", "TestIAMStarActionPolicyDocument.test_failure"],
    [
      "aws_iam_role_policy",
      "aws_iam_user_policy",
      "aws_iam_group_policy",
      "aws_iam_policy",
      "aws_ssoadmin_permission_set_inline_policy",
    ],
    "the rule judges 5 resource types and the dict names none",
  ],
];

for (const [title, [file, fn], types, error] of refused) {
  test(`resourceConfPlan refuses ${title}`, (t) => {
    t.deepEqual(convert(confOf(file, fn), types), { error });
  });
}

test("resourceConfPlan refuses a dict whose attribute mixes values and blocks", (t) => {
  const conf = { statement: [["a", { b: ["c"] }]] };
  t.deepEqual(convert(conf, ["aws_iam_policy"]), {
    error: "attribute statement mixes values and blocks",
  });
});
