import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  type AwsContext,
  type Collector,
  clientConfig,
  type LiveResource,
  optional,
} from "./types.js";

/** Buckets with their ACL, policy, public access block and default encryption. */
export const s3Collector: Collector = {
  service: "s3",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new S3Client({
      ...clientConfig(context),
      forcePathStyle: Boolean(context.endpoint),
    });
    const out: LiveResource[] = [];
    for await (const page of paginateListBuckets({ client }, {})) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        out.push(...(await describeBucket(client, bucket.Name)));
      }
    }
    return out;
  },
};

async function describeBucket(client: S3Client, name: string): Promise<LiveResource[]> {
  const out: LiveResource[] = [
    {
      type: "aws_s3_bucket",
      id: name,
      values: { id: name, bucket: name, arn: `arn:aws:s3:::${name}` },
    },
  ];
  const block = await optional(
    () => client.send(new GetPublicAccessBlockCommand({ Bucket: name })),
    ["NoSuchPublicAccessBlockConfiguration"],
  );
  if (block?.PublicAccessBlockConfiguration) {
    const c = block.PublicAccessBlockConfiguration;
    out.push({
      type: "aws_s3_bucket_public_access_block",
      id: name,
      values: {
        id: name,
        bucket: name,
        block_public_acls: c.BlockPublicAcls ?? false,
        block_public_policy: c.BlockPublicPolicy ?? false,
        ignore_public_acls: c.IgnorePublicAcls ?? false,
        restrict_public_buckets: c.RestrictPublicBuckets ?? false,
      },
    });
  }
  const policy = await optional(
    () => client.send(new GetBucketPolicyCommand({ Bucket: name })),
    ["NoSuchBucketPolicy"],
  );
  if (policy?.Policy) {
    out.push({
      type: "aws_s3_bucket_policy",
      id: name,
      values: { id: name, bucket: name, policy: policy.Policy },
    });
  }
  const acl = await client.send(new GetBucketAclCommand({ Bucket: name }));
  out.push({
    type: "aws_s3_bucket_acl",
    id: name,
    values: {
      id: name,
      bucket: name,
      access_control_policy: [
        {
          owner: [{ id: acl.Owner?.ID ?? null, display_name: acl.Owner?.DisplayName ?? null }],
          grant: (acl.Grants ?? []).map((g) => ({
            permission: g.Permission ?? null,
            grantee: [
              {
                type: g.Grantee?.Type ?? null,
                id: g.Grantee?.ID ?? null,
                uri: g.Grantee?.URI ?? null,
                email_address: g.Grantee?.EmailAddress ?? null,
              },
            ],
          })),
        },
      ],
    },
  });
  const encryption = await optional(
    () => client.send(new GetBucketEncryptionCommand({ Bucket: name })),
    ["ServerSideEncryptionConfigurationNotFoundError"],
  );
  const rules = encryption?.ServerSideEncryptionConfiguration?.Rules ?? [];
  if (rules.length > 0) {
    out.push({
      type: "aws_s3_bucket_server_side_encryption_configuration",
      id: name,
      values: {
        id: name,
        bucket: name,
        rule: rules.map((r) => ({
          bucket_key_enabled: r.BucketKeyEnabled ?? false,
          apply_server_side_encryption_by_default: [
            {
              sse_algorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
              kms_master_key_id: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? "",
            },
          ],
        })),
      },
    });
  }
  return out;
}
