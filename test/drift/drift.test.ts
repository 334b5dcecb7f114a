import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import anyTest, { type TestFn } from "ava";
import { collectAws, type LiveExport } from "../../src/drift/collect/collect.js";
import { EXAMPLE_MODEL, EXAMPLE_PLAN, runCli, temporaryDir } from "../helpers.js";
import { type Moto, motoClient, useMoto } from "../moto.js";

const test = anyTest as TestFn<{ moto: Moto }>;
useMoto(test);

interface PlanChange {
  address: string;
  module_address?: string;
  type: string;
  name: string;
  change: { after: Record<string, unknown> };
}
const plan = JSON.parse(readFileSync(EXAMPLE_PLAN, "utf8")) as { resource_changes: PlanChange[] };
const after = (address: string) => {
  const found = plan.resource_changes.find((rc) => rc.address === address);
  if (!found) throw new Error(`${address} is not in the example plan`);
  return found.change.after;
};

/** Creates the example's resources as its Terraform declares them. */
async function applyExample(endpoint: string) {
  const config = motoClient(endpoint);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  for (const name of ["exports", "access_logs"]) {
    const bucket = String(after(`aws_s3_bucket.${name}`).bucket);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
    const block = after(`aws_s3_bucket_public_access_block.${name}`);
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: block.block_public_acls as boolean,
          BlockPublicPolicy: block.block_public_policy as boolean,
          IgnorePublicAcls: block.ignore_public_acls as boolean,
          RestrictPublicBuckets: block.restrict_public_buckets as boolean,
        },
      }),
    );
  }
  const iam = new IAMClient(config);
  for (const address of ["aws_iam_role.api", "module.worker.aws_iam_role.worker"]) {
    const role = after(address);
    await iam.send(
      new CreateRoleCommand({
        RoleName: String(role.name),
        AssumeRolePolicyDocument: String(role.assume_role_policy),
      }),
    );
  }
  for (const address of [
    "aws_iam_role_policy.api_debug",
    "module.worker.aws_iam_role_policy.worker",
  ]) {
    const policy = after(address);
    const role = address.startsWith("module.") ? "export-worker" : "customer-exports-api";
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: role,
        PolicyName: String(policy.name),
        PolicyDocument: String(policy.policy),
      }),
    );
  }
  const ec2 = new EC2Client(config);
  const api = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: "customer-exports-api",
      Description: "Customer exports API host",
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: api.GroupId,
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: "0.0.0.0/0" }],
          Ipv6Ranges: [{ CidrIpv6: "::/0" }],
        },
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      ],
    }),
  );
  const worker = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: "export-worker",
      Description: "Export worker tasks",
    }),
  );
  await new SQSClient(config).send(new CreateQueueCommand({ QueueName: "export-jobs" }));
  return { ec2, s3, apiGroup: api.GroupId ?? "", workerGroup: worker.GroupId ?? "" };
}

/** Where each live resource stands in the example's configuration. */
const ADDRESSES: Record<string, string> = {
  "aws_s3_bucket:acme-customer-exports": "aws_s3_bucket.exports",
  "aws_s3_bucket:acme-exports-access-logs": "aws_s3_bucket.access_logs",
  "aws_s3_bucket_public_access_block:acme-customer-exports":
    "aws_s3_bucket_public_access_block.exports",
  "aws_s3_bucket_public_access_block:acme-exports-access-logs":
    "aws_s3_bucket_public_access_block.access_logs",
  "aws_iam_role:customer-exports-api": "aws_iam_role.api",
  "aws_iam_role:export-worker": "module.worker.aws_iam_role.worker",
  "aws_iam_role_policy:customer-exports-api:temporary-debugging": "aws_iam_role_policy.api_debug",
  "aws_iam_role_policy:export-worker:export-jobs-consumer":
    "module.worker.aws_iam_role_policy.worker",
  "aws_security_group:customer-exports-api": "aws_security_group.api",
  "aws_security_group:export-worker": "module.worker.aws_security_group.worker",
  "aws_sqs_queue:export-jobs": "module.worker.aws_sqs_queue.jobs",
};

/** The state Terraform would hold after apply: the created resources at their addresses. */
function matchingState(
  live: LiveExport,
  edit: (address: string, values: Record<string, unknown>) => void = () => {},
) {
  const modules = new Map<string, object[]>();
  for (const r of live.values.root_module.resources) {
    const name =
      r.type === "aws_security_group"
        ? r.values.name
        : r.type === "aws_sqs_queue"
          ? r.values.name
          : r.index;
    const address = ADDRESSES[`${r.type}:${name}`];
    if (!address) continue;
    const module = address.startsWith("module.worker.") ? "module.worker" : "";
    const values = structuredClone(r.values);
    edit(address, values);
    const list = modules.get(module) ?? [];
    list.push({
      address,
      mode: "managed",
      type: r.type,
      name: address.split(".").at(-1),
      provider_name: r.provider_name,
      schema_version: 0,
      values,
      sensitive_values: {},
    });
    modules.set(module, list);
  }
  return {
    format_version: "1.0",
    terraform_version: "1.11.4",
    values: {
      root_module: {
        resources: modules.get("") ?? [],
        child_modules: [
          { address: "module.worker", resources: modules.get("module.worker") ?? [] },
        ],
      },
    },
  };
}

function driftRun(state: object, live: LiveExport) {
  const dir = temporaryDir();
  const desired = join(dir, "state.json");
  const deployed = join(dir, "live.json");
  writeFileSync(desired, JSON.stringify(state));
  writeFileSync(deployed, JSON.stringify(live));
  const run = runCli([
    "drift",
    "--desired",
    desired,
    "--deployed",
    deployed,
    "--model",
    EXAMPLE_MODEL,
    "--format",
    "json",
  ]);
  return { run, report: JSON.parse(run.stdout || "{}") };
}

const collect = (endpoint: string) =>
  collectAws({
    region: "eu-west-1",
    endpoint,
    now: "2026-12-03T12:00:00.000Z",
    services: ["s3", "iam", "ec2", "sqs"],
  });

test.serial(
  "drift names exactly the two regressions made out of band, each with its threat",
  async (t) => {
    const { ec2, s3, workerGroup } = await applyExample(t.context.moto.endpoint);
    const state = matchingState(await collect(t.context.moto.endpoint));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: "acme-exports-access-logs",
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          BlockPublicPolicy: false,
          IgnorePublicAcls: false,
          RestrictPublicBuckets: false,
        },
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: workerGroup,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        ],
      }),
    );
    const { run, report } = driftRun(state, await collect(t.context.moto.endpoint));
    t.is(run.code, 1, run.stderr);
    t.deepEqual(
      report.regressions.map(
        (r: { threat: string; address: string; desired: string; deployed: string }) =>
          `${r.threat} ${r.address} ${r.desired}->${r.deployed}`,
      ),
      [
        "TL-002 aws_s3_bucket.access_logs pass->fail",
        "TL-005 module.worker.aws_security_group.worker pass->fail",
      ],
    );
    t.deepEqual(report.fixed, []);
    t.deepEqual(report.unmanaged, []);
    t.deepEqual(report.missing, []);
    t.deepEqual(
      report.drift.map((d: { address: string; security: boolean }) => `${d.address} ${d.security}`),
      [
        "module.worker.aws_security_group.worker true",
        "aws_s3_bucket_public_access_block.access_logs false",
      ],
    );
  },
);

test.serial(
  "tags, computed attributes and reordered policy JSON are not security drift",
  async (t) => {
    const { ec2 } = await applyExample(t.context.moto.endpoint);
    const state = matchingState(await collect(t.context.moto.endpoint), (address, values) => {
      if (address === "module.worker.aws_iam_role_policy.worker") {
        const policy = JSON.parse(String(values.policy));
        const statement = {
          ...policy.Statement[0],
          Action: [...policy.Statement[0].Action].reverse(),
        };
        const reordered = Object.fromEntries(Object.entries(statement).reverse());
        values.policy = JSON.stringify(
          { Statement: [reordered], Version: policy.Version },
          null,
          2,
        );
      }
      if (address === "aws_iam_role.api") values.arn = "arn:aws:iam::000000000000:role/old";
    });
    const groups = await collect(t.context.moto.endpoint);
    const api = groups.values.root_module.resources.find(
      (r) => r.type === "aws_security_group" && r.values.name === "customer-exports-api",
    );
    await ec2.send(
      new CreateTagsCommand({
        Resources: [String(api?.index)],
        Tags: [{ Key: "CostCentre", Value: "42" }],
      }),
    );
    const { run, report } = driftRun(state, await collect(t.context.moto.endpoint));
    t.is(run.code, 0, run.stderr);
    t.deepEqual(report.regressions, []);
    t.deepEqual(
      report.drift.map(
        (d: { address: string; security: boolean; attributes: { attribute: string }[] }) =>
          `${d.address} ${d.security} ${d.attributes.map((a) => a.attribute).join(",")}`,
      ),
      ["aws_security_group.api false tags"],
    );
  },
);
