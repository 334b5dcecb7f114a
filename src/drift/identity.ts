/**
 * The identity of a resource outside Terraform: the value AWS knows it by. Matching desired and
 * deployed resources by it works whatever address either side uses.
 */
const IDENTITY_ATTRIBUTES: Record<string, readonly string[]> = {
  aws_s3_bucket: ["bucket", "id"],
  aws_s3_bucket_public_access_block: ["bucket", "id"],
  aws_s3_bucket_policy: ["bucket", "id"],
  aws_s3_bucket_acl: ["bucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket", "id"],
  aws_iam_role: ["name", "id"],
  aws_iam_policy: ["arn", "id"],
  aws_security_group: ["id"],
  aws_sqs_queue: ["url", "id"],
  aws_sns_topic: ["arn", "id"],
  aws_kms_key: ["key_id", "id"],
  aws_db_instance: ["identifier", "id"],
  aws_lambda_function: ["function_name", "id"],
  aws_lambda_function_url: ["function_name"],
  aws_api_gateway_stage: ["id"],
};

/** `type:identity`, or undefined when the values do not carry it (unknown until apply). */
export function identityOf(type: string, values: Record<string, unknown>): string | undefined {
  if (type === "aws_iam_role_policy") {
    const role = values.role;
    const name = values.name;
    if (typeof role === "string" && typeof name === "string") return `${type}:${role}:${name}`;
  }
  for (const attribute of IDENTITY_ATTRIBUTES[type] ?? ["id"]) {
    const value = values[attribute];
    if (typeof value === "string" && value !== "") return `${type}:${value}`;
  }
  return undefined;
}

/**
 * Types that stand on their own in an account. A live resource of one of these types that no
 * desired resource matches is unmanaged; a live sub-resource (a bucket's ACL, a role's inline
 * policy) is part of its parent and is judged through the policies instead.
 */
export const TOP_LEVEL_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket",
  "aws_iam_role",
  "aws_iam_policy",
  "aws_security_group",
  "aws_sqs_queue",
  "aws_sns_topic",
  "aws_kms_key",
  "aws_db_instance",
  "aws_lambda_function",
]);

/** The collector service that reads each top-level type. */
export const SERVICE_OF_TYPE: Readonly<Record<string, string>> = {
  aws_s3_bucket: "s3",
  aws_iam_role: "iam",
  aws_iam_policy: "iam",
  aws_security_group: "ec2",
  aws_sqs_queue: "sqs",
  aws_sns_topic: "sns",
  aws_kms_key: "kms",
  aws_db_instance: "rds",
  aws_lambda_function: "lambda",
};
