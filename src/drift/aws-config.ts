import { resource, type SideDocument, type SideResource } from "./documents.js";

/**
 * AWS Config configuration items for the types threatloop's controls read: S3 buckets (with the
 * public access block and bucket policy of their supplementary configuration), security groups
 * and IAM roles. Other resource types are left out.
 * https://docs.aws.amazon.com/config/latest/developerguide/config-item-table.html
 */
export function fromAwsConfig(file: string, document: Record<string, unknown>): SideDocument {
  const resources: SideResource[] = [];
  for (const item of document.configurationItems as Item[]) {
    resources.push(...convert(item));
  }
  return { file, kind: "aws-config", resources };
}

interface Item {
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  configuration?: Record<string, unknown> | string;
  supplementaryConfiguration?: Record<string, unknown>;
}

function convert(item: Item): SideResource[] {
  const configuration = parse(item.configuration);
  const extra = item.supplementaryConfiguration ?? {};
  const name = item.resourceName ?? item.resourceId ?? "";
  const live = (type: string, id: string, values: Record<string, unknown>) =>
    resource({
      address: `${type}.live[${JSON.stringify(id)}]`,
      module: "",
      type,
      name: "live",
      index: id,
      values,
      unknown: {},
      sensitive: {},
    });
  switch (item.resourceType) {
    case "AWS::S3::Bucket": {
      const out = [live("aws_s3_bucket", name, { id: name, bucket: name })];
      const block = parse(extra.PublicAccessBlockConfiguration);
      if (Object.keys(block).length > 0) {
        out.push(
          live("aws_s3_bucket_public_access_block", name, {
            id: name,
            bucket: name,
            block_public_acls: block.blockPublicAcls ?? false,
            block_public_policy: block.blockPublicPolicy ?? false,
            ignore_public_acls: block.ignorePublicAcls ?? false,
            restrict_public_buckets: block.restrictPublicBuckets ?? false,
          }),
        );
      }
      const policy = parse(extra.BucketPolicy).policyText;
      if (typeof policy === "string") {
        out.push(live("aws_s3_bucket_policy", name, { id: name, bucket: name, policy }));
      }
      return out;
    }
    case "AWS::EC2::SecurityGroup": {
      const id = String(configuration.groupId ?? item.resourceId ?? "");
      const rules = (configuration.ipPermissions ?? []) as Record<string, unknown>[];
      return [
        live("aws_security_group", id, {
          id,
          name: configuration.groupName ?? name,
          vpc_id: configuration.vpcId ?? null,
          ingress: rules.map(rule),
        }),
      ];
    }
    case "AWS::IAM::Role": {
      const roleName = String(configuration.roleName ?? name);
      const inline = (configuration.rolePolicyList ?? []) as Record<string, unknown>[];
      return [
        live("aws_iam_role", roleName, {
          id: roleName,
          name: roleName,
          arn: configuration.arn ?? null,
          assume_role_policy: decode(configuration.assumeRolePolicyDocument),
          inline_policy: inline.map((p) => ({
            name: p.policyName,
            policy: decode(p.policyDocument),
          })),
        }),
      ];
    }
    default:
      return [];
  }
}

function rule(permission: Record<string, unknown>) {
  const ranges = (permission.ipv4Ranges ?? []) as { cidrIp?: string }[];
  const v6 = (permission.ipv6Ranges ?? []) as { cidrIpv6?: string }[];
  const all = permission.ipProtocol === "-1";
  return {
    protocol: permission.ipProtocol ?? null,
    from_port: all ? 0 : (permission.fromPort ?? 0),
    to_port: all ? 0 : (permission.toPort ?? 0),
    cidr_blocks: ranges.map((r) => r.cidrIp ?? ""),
    ipv6_cidr_blocks: v6.map((r) => r.cidrIpv6 ?? ""),
  };
}

function parse(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      return parse(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function decode(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
