import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { readHclDirectory } from "../../src/inputs/hcl.js";
import { temporaryDir } from "../helpers.js";

interface Change {
  address: string;
  change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
}

async function changes(main: string): Promise<Map<string, Change["change"]>> {
  const dir = join(temporaryDir(), "config");
  mkdirSync(dir);
  writeFileSync(join(dir, "main.tf"), main);
  const { document } = await readHclDirectory(dir);
  return new Map((document.resource_changes as Change[]).map((c) => [c.address, c.change]));
}

const DOCUMENT = `
data "aws_iam_policy_document" "tls" {
  statement {
    sid     = "DenyPlainHttp"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = ["arn:aws:s3:::a", "arn:aws:s3:::a/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    actions = ["s3:GetObject"]
    resources = ["arn:aws:s3:::a/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`;

test("works out the json of a policy document data source whose arguments are known", async (t) => {
  const all = await changes(
    `${DOCUMENT}
resource "aws_s3_bucket_policy" "p" {
  bucket = "a"
  policy = data.aws_iam_policy_document.tls.json
}`,
  );
  const policy = all.get("aws_s3_bucket_policy.p");
  t.deepEqual(policy?.after_unknown, {});
  t.deepEqual(JSON.parse(String(policy?.after.policy)), {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::a", "arn:aws:s3:::a/*"],
        Principal: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::a/*",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
      },
    ],
  });
});

const unknownDocuments: [string, string][] = [
  [
    "a resource ARN computed at apply",
    `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn]
  }
}`,
  ],
  [
    "a merged source document",
    `data "aws_iam_policy_document" "d" {
  source_policy_documents = ["{}"]
}`,
  ],
  [
    "a dynamic statement",
    `data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions = statement.value
    }
  }
}`,
  ],
];

for (const [title, data] of unknownDocuments) {
  test(`leaves a policy document unknown when it holds ${title}`, async (t) => {
    const all = await changes(`${data}
resource "aws_s3_bucket_policy" "p" {
  bucket = "a"
  policy = data.aws_iam_policy_document.d.json
}`);
    t.deepEqual(all.get("aws_s3_bucket_policy.p")?.after_unknown, { policy: true });
  });
}

test("knows another resource's literal attribute, not those its provider computes", async (t) => {
  const all = await changes(`
resource "aws_iam_user" "u" {
  name = "deploy"
}
resource "aws_iam_user_policy_attachment" "a" {
  user       = aws_iam_user.u.name
  policy_arn = aws_iam_user.u.arn
}
variable "settings" {
  default = { name = "ops", tags = { team = "core" } }
}
resource "aws_iam_user" "v" {
  name = var.settings.name
  tags = { Team = var.settings.tags.team, Missing = var.settings.none }
}`);
  const attachment = all.get("aws_iam_user_policy_attachment.a");
  t.deepEqual(attachment?.after, { user: "deploy" });
  t.deepEqual(attachment?.after_unknown, { policy_arn: true });
  const user = all.get("aws_iam_user.v");
  t.deepEqual(user?.after, { name: "ops", tags: { Team: "core" } });
  t.deepEqual(user?.after_unknown, { tags: { Missing: true } });
});
