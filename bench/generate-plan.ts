import { writeFileSync } from "node:fs";

/**
 * Writes a plan JSON (terraform show -json, format 1.2) of about `size` managed resources: buckets
 * with public access blocks, versioning, encryption, logging and bucket policies linked by
 * references whose ids are unknown at plan time, security groups, IAM policies and queues, spread
 * over module calls with count instances. About one group in ten violates each control.
 */
export function generatePlan(size: number): object {
  const modules = 20;
  const perGroup = 9;
  const groups = Math.max(1, Math.floor(size / perGroup));
  const changes: object[] = [];
  const counts = new Map<number, number>();
  for (let g = 0; g < groups; g++) {
    const module = `module.svc_${g % modules}`;
    const index = counts.get(g % modules) ?? 0;
    counts.set(g % modules, index + 1);
    const bad = g % 10 === 0;
    const add = (type: string, name: string, after: object, unknown: object) =>
      changes.push(change(module, type, name, index, after, unknown));
    add(
      "aws_s3_bucket",
      "data",
      { bucket: `bench-${g}`, force_destroy: false, tags: { g: `${g}` } },
      {
        id: true,
        arn: true,
      },
    );
    add("aws_s3_bucket_public_access_block", "data", block(!bad), { id: true, bucket: true });
    add(
      "aws_s3_bucket_versioning",
      "data",
      { versioning_configuration: [{ status: bad ? "Suspended" : "Enabled" }] },
      { id: true, bucket: true, versioning_configuration: [{}] },
    );
    add(
      "aws_s3_bucket_server_side_encryption_configuration",
      "data",
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: sse(bad) }] }] },
      { id: true, bucket: true, rule: [{ apply_server_side_encryption_by_default: [{}] }] },
    );
    add(
      "aws_s3_bucket_logging",
      "data",
      { target_bucket: `bench-logs-${g % modules}`, target_prefix: `${g}/` },
      { id: true, bucket: true },
    );
    add(
      "aws_s3_bucket_policy",
      "data",
      { policy: tlsOnly(`bench-${g}`, bad) },
      { id: true, bucket: true },
    );
    add(
      "aws_security_group",
      "app",
      { name: `app-${g}`, ingress: [ingress(bad ? 22 : 443)] },
      {
        id: true,
        arn: true,
        ingress: [{ cidr_blocks: [false] }],
      },
    );
    add(
      "aws_iam_policy",
      "app",
      { name: `app-${g}`, policy: policy(bad) },
      { id: true, arn: true },
    );
    add(
      "aws_sqs_queue",
      "jobs",
      { name: `jobs-${g}`, sqs_managed_sse_enabled: true },
      {
        id: true,
        arn: true,
        url: true,
      },
    );
  }
  const moduleCalls = Object.fromEntries(
    Array.from({ length: modules }, (_, m) => [
      `svc_${m}`,
      {
        source: "./modules/svc",
        count_expression: { constant_value: counts.get(m) ?? 0 },
        module: moduleConfig(),
      },
    ]),
  );
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: { child_modules: plannedModules(changes) } },
    resource_changes: changes,
    configuration: { root_module: { module_calls: moduleCalls } },
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** planned_values as Terraform writes it: one child module per call, resources with values. */
function plannedModules(changes: object[]) {
  const modules = new Map<string, object[]>();
  for (const rc of changes as PlannedChange[]) {
    const list = modules.get(rc.module_address) ?? [];
    list.push({
      address: rc.address,
      mode: rc.mode,
      type: rc.type,
      name: rc.name,
      index: rc.index,
      provider_name: rc.provider_name,
      schema_version: 0,
      values: rc.change.after,
      sensitive_values: {},
    });
    modules.set(rc.module_address, list);
  }
  return [...modules].map(([address, resources]) => ({ address, resources }));
}

interface PlannedChange {
  address: string;
  module_address: string;
  mode: string;
  type: string;
  name: string;
  index: number;
  provider_name: string;
  change: { after: object };
}

function change(
  module: string,
  type: string,
  name: string,
  index: number,
  after: object,
  unknown: object,
) {
  const address = `${module}.${type}.${name}[${index}]`;
  return {
    address,
    module_address: module,
    mode: "managed",
    type,
    name,
    index,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions: ["create"],
      before: null,
      after,
      after_unknown: unknown,
      after_sensitive: {},
    },
  };
}

function block(on: boolean) {
  return {
    block_public_acls: true,
    block_public_policy: on,
    ignore_public_acls: true,
    restrict_public_buckets: on,
  };
}

function sse(bad: boolean): string {
  return bad ? "AES256" : "aws:kms";
}

/** A bucket policy that denies plain HTTP, or (bad) one that only grants reading. */
function tlsOnly(bucket: string, bad: boolean): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const read = {
    Sid: "Read",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "s3:GetObject",
    Resource: `${arn}/*`,
  };
  const deny = {
    Sid: "TlsOnly",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
  return JSON.stringify({ Version: "2012-10-17", Statement: bad ? [read] : [read, deny] });
}

function ingress(port: number) {
  return { protocol: "tcp", from_port: port, to_port: port, cidr_blocks: ["0.0.0.0/0"] };
}

function policy(admin: boolean): string {
  const statement = admin
    ? { Effect: "Allow", Action: "*", Resource: "*" }
    : {
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: "arn:aws:sqs:eu-west-1:111122223333:jobs",
      };
  return JSON.stringify({ Statement: [statement], Version: "2012-10-17" });
}

const bucketReference = {
  // What Terraform 1.11 lists for aws_s3_bucket.data[count.index].id: the key is not a literal.
  references: ["aws_s3_bucket.data", "count.index"],
};

function moduleConfig() {
  const resource = (type: string, name: string, expressions: object) => ({
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_config_key: "aws",
    expressions,
    schema_version: 0,
    count_expression: { references: ["var.instances"] },
  });
  return {
    resources: [
      resource("aws_s3_bucket", "data", {}),
      ...[
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_policy",
      ].map((type) => resource(type, "data", { bucket: bucketReference })),
      resource("aws_security_group", "app", { ingress: [{}] }),
      resource("aws_iam_policy", "app", { policy: {} }),
      resource("aws_sqs_queue", "jobs", {}),
    ],
  };
}

/** Writes the plan for `size` resources to `file`. */
export function writePlan(size: number, file: string): void {
  writeFileSync(file, JSON.stringify(generatePlan(size)));
}
