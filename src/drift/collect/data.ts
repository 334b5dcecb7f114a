import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
} from "@aws-sdk/client-kms";
import { paginateDescribeDBInstances, RDSClient } from "@aws-sdk/client-rds";
import { type AwsContext, type Collector, clientConfig, type LiveResource } from "./types.js";

/** Customer-managed KMS keys with rotation and key policy; AWS-managed keys are left out. */
export const kmsCollector: Collector = {
  service: "kms",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new KMSClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateListKeys({ client }, {})) {
      for (const key of page.Keys ?? []) {
        if (!key.KeyId) continue;
        const { KeyMetadata: meta } = await client.send(
          new DescribeKeyCommand({ KeyId: key.KeyId }),
        );
        if (!meta || meta.KeyManager === "AWS" || meta.KeyState === "PendingDeletion") continue;
        const rotation = await client.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
        const policy = await client.send(
          new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: "default" }),
        );
        out.push({
          type: "aws_kms_key",
          id: key.KeyId,
          values: {
            id: key.KeyId,
            key_id: key.KeyId,
            arn: meta.Arn ?? null,
            description: meta.Description ?? "",
            enable_key_rotation: rotation.KeyRotationEnabled ?? false,
            key_usage: meta.KeyUsage ?? null,
            policy: policy.Policy ?? null,
          },
        });
      }
    }
    return out;
  },
};

/** RDS instances: exposure, encryption, backups and deletion protection. */
export const rdsCollector: Collector = {
  service: "rds",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new RDSClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateDescribeDBInstances({ client }, {})) {
      for (const db of page.DBInstances ?? []) {
        if (!db.DBInstanceIdentifier) continue;
        out.push({
          type: "aws_db_instance",
          id: db.DBInstanceIdentifier,
          values: {
            id: db.DBInstanceIdentifier,
            identifier: db.DBInstanceIdentifier,
            arn: db.DBInstanceArn ?? null,
            engine: db.Engine ?? null,
            publicly_accessible: db.PubliclyAccessible ?? false,
            storage_encrypted: db.StorageEncrypted ?? false,
            kms_key_id: db.KmsKeyId ?? "",
            backup_retention_period: db.BackupRetentionPeriod ?? 0,
            deletion_protection: db.DeletionProtection ?? false,
            vpc_security_group_ids: (db.VpcSecurityGroups ?? []).map(
              (g) => g.VpcSecurityGroupId ?? "",
            ),
          },
        });
      }
    }
    return out;
  },
};
