import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import anyTest, { type TestFn } from "ava";
import {
  AWS_COLLECTORS,
  AWS_SERVICES,
  collectAws,
  type LiveExport,
} from "../../src/drift/collect/collect.js";
import { runCli, temporaryDir } from "../helpers.js";
import { type Moto, motoClient, useMoto } from "../moto.js";

const test = anyTest as TestFn<{ moto: Moto }>;
useMoto(test);

const NOW = "2026-12-03T12:00:00.000Z";
const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

async function createExample(endpoint: string) {
  const config = motoClient(endpoint);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  for (const bucket of ["acme-customer-exports", "acme-exports-access-logs"]) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
      }),
    );
  }
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: "acme-exports-access-logs",
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: "acme-customer-exports",
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::acme-customer-exports/*",
          },
        ],
      }),
    }),
  );
  const iam = new IAMClient(config);
  await iam.send(
    new CreateRoleCommand({ RoleName: "customer-exports-api", AssumeRolePolicyDocument: trust }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: "customer-exports-api",
      PolicyName: "debug",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      }),
    }),
  );
  const ec2 = new EC2Client(config);
  const group = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: "api", Description: "api" }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId,
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      ],
    }),
  );
  await new SQSClient(config).send(new CreateQueueCommand({ QueueName: "export-jobs" }));
  await new SNSClient(config).send(new CreateTopicCommand({ Name: "export-done" }));
  const kms = new KMSClient(config);
  const key = await kms.send(new CreateKeyCommand({ Description: "exports" }));
  await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata?.KeyId }));
  return { groupId: group.GroupId ?? "" };
}

function find(exported: LiveExport, type: string, id: string) {
  return exported.values.root_module.resources.find((r) => r.type === type && r.index === id)
    ?.values;
}

test.serial(
  "collects live resources into state-shaped records keyed by Terraform attribute names",
  async (t) => {
    const { groupId } = await createExample(t.context.moto.endpoint);
    const exported = await collectAws({
      region: "eu-west-1",
      endpoint: t.context.moto.endpoint,
      now: NOW,
    });
    t.deepEqual(exported.threatloop_live.errors, []);
    t.is(exported.threatloop_live.collected_at, NOW);
    t.like(find(exported, "aws_s3_bucket_public_access_block", "acme-exports-access-logs"), {
      bucket: "acme-exports-access-logs",
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    t.is(find(exported, "aws_s3_bucket_public_access_block", "acme-customer-exports"), undefined);
    t.regex(
      String(find(exported, "aws_s3_bucket_policy", "acme-customer-exports")?.policy),
      /"Principal":\s*"\*"/,
    );
    t.like(find(exported, "aws_iam_role_policy", "customer-exports-api:debug"), {
      role: "customer-exports-api",
    });
    t.deepEqual(
      JSON.parse(
        String(find(exported, "aws_iam_role", "customer-exports-api")?.assume_role_policy),
      ),
      JSON.parse(trust),
    );
    const group = find(exported, "aws_security_group", groupId);
    t.like((group?.ingress as unknown[] | undefined)?.[0], {
      protocol: "tcp",
      from_port: 22,
      to_port: 22,
      cidr_blocks: ["0.0.0.0/0"],
    });
    t.truthy(exported.values.root_module.resources.find((r) => r.type === "aws_sqs_queue"));
    t.truthy(exported.values.root_module.resources.find((r) => r.type === "aws_sns_topic"));
    const key = exported.values.root_module.resources.find((r) => r.type === "aws_kms_key");
    t.is(key?.values.enable_key_rotation, true);
    t.regex(key?.address ?? "", /^aws_kms_key\.live\[".+"\]$/);
  },
);

test.serial("a service that fails is reported and the others are still collected", async (t) => {
  await createExample(t.context.moto.endpoint);
  const exported = await collectAws({
    region: "eu-west-1",
    endpoint: t.context.moto.endpoint,
    now: NOW,
    services: ["s3", "ec2"],
    maxAttempts: 1,
  });
  t.true(exported.values.root_module.resources.some((r) => r.type === "aws_s3_bucket"));
  const broken = await collectAws({
    region: "eu-west-1",
    endpoint: "http://127.0.0.1:9",
    now: NOW,
    services: ["sqs"],
    maxAttempts: 1,
  });
  t.is(broken.threatloop_live.errors.length, 1);
  t.is(broken.threatloop_live.errors[0]?.service, "sqs");
});

test.serial("the export evaluates with the same policies as a plan", async (t) => {
  await createExample(t.context.moto.endpoint);
  const dir = temporaryDir();
  const env = {
    AWS_ENDPOINT_URL: t.context.moto.endpoint,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  };
  const exportFile = join(dir, "live.json");
  const collected = runCli(["collect", "aws", "--services", "s3,iam,ec2", "-o", exportFile], {
    env,
  });
  t.is(collected.code, 0, collected.stderr);
  t.is(collected.stderr, "");
  const model = join(dir, "model.yaml");
  writeFileSync(model, MODEL);
  const run = runCli(["eval", exportFile, "--model", model, "--format", "json"]);
  t.is(run.code, 1, run.stderr);
  const findings = (JSON.parse(run.stdout) as { findings: { address: string; status: string }[] })
    .findings;
  const statusOf = (address: string) => findings.find((f) => f.address === address)?.status;
  t.is(statusOf('aws_s3_bucket.live["acme-customer-exports"]'), "fail");
  t.is(statusOf('aws_s3_bucket.live["acme-exports-access-logs"]'), "pass");
  t.is(statusOf('aws_iam_role_policy.live["customer-exports-api:debug"]'), "fail");
  t.true(
    findings.some((f) => f.address.startsWith("aws_security_group.live[") && f.status === "fail"),
  );
});

test("collect refuses an unknown service with exit 2", (t) => {
  const run = runCli(["collect", "aws", "--services", "s3,dynamo", "--region", "eu-west-1"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /unknown service "dynamo" \(hint: choose from s3, iam/);
});

const MODEL = `version: 1
system:
  name: Live account
components:
  - id: buckets
    name: Buckets
    layer: paas
    kind: object-storage
    terraform: { types: [aws_s3_bucket] }
  - id: identity
    name: Roles
    layer: iaas
    kind: identity
    terraform: { types: [aws_iam_role_policy, aws_iam_role] }
  - id: network
    name: Groups
    layer: iaas
    kind: network
    terraform: { types: [aws_security_group] }
threats:
  - id: L-1
    title: Public data
    stride: [information-disclosure]
    layer: paas
    components: [buckets]
    severity: high
    controls: [{ control: aws.s3.public-access-blocked }]
  - id: L-2
    title: Admin grants
    stride: [elevation-of-privilege]
    layer: iaas
    components: [identity]
    severity: critical
    controls: [{ control: aws.iam.no-wildcard-admin }]
  - id: L-3
    title: Open SSH
    stride: [spoofing]
    layer: iaas
    components: [network]
    severity: high
    controls: [{ control: aws.ec2.no-internet-admin-ports }]
`;

test.serial("collects RDS instances, Lambda function URLs and API Gateway stages", async (t) => {
  const config = motoClient(t.context.moto.endpoint);
  const { RDSClient, CreateDBInstanceCommand } = await import("@aws-sdk/client-rds");
  const { LambdaClient, CreateFunctionCommand, CreateFunctionUrlConfigCommand } = await import(
    "@aws-sdk/client-lambda"
  );
  const apigw = await import("@aws-sdk/client-api-gateway");
  await new RDSClient(config).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: "exports-db",
      DBInstanceClass: "db.t3.micro",
      Engine: "postgres",
      MasterUsername: "admin",
      MasterUserPassword: "not-a-secret-1",
      AllocatedStorage: 20,
      PubliclyAccessible: true,
      StorageEncrypted: false,
    }),
  );
  const iam = new IAMClient(config);
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: "fn", AssumeRolePolicyDocument: trust }),
  );
  const lambda = new LambdaClient(config);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: "export-ready",
      Runtime: "nodejs20.x",
      Role: role.Role?.Arn,
      Handler: "index.handler",
      Code: { ZipFile: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]) },
    }),
  );
  await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: "export-ready", AuthType: "NONE" }),
  );
  const api = new apigw.APIGatewayClient(config);
  const rest = await api.send(new apigw.CreateRestApiCommand({ name: "exports" }));
  const resources = await api.send(new apigw.GetResourcesCommand({ restApiId: rest.id }));
  await api.send(
    new apigw.PutMethodCommand({
      restApiId: rest.id,
      resourceId: resources.items?.[0]?.id,
      httpMethod: "GET",
      authorizationType: "NONE",
    }),
  );
  await api.send(
    new apigw.PutIntegrationCommand({
      restApiId: rest.id,
      resourceId: resources.items?.[0]?.id,
      httpMethod: "GET",
      type: "MOCK",
    }),
  );
  await api.send(new apigw.CreateDeploymentCommand({ restApiId: rest.id, stageName: "prod" }));

  const exported = await collectAws({
    region: "eu-west-1",
    endpoint: t.context.moto.endpoint,
    now: NOW,
    services: ["rds", "lambda", "apigateway"],
  });
  t.deepEqual(exported.threatloop_live.errors, []);
  t.like(find(exported, "aws_db_instance", "exports-db"), {
    publicly_accessible: true,
    storage_encrypted: false,
  });
  t.like(find(exported, "aws_lambda_function_url", "export-ready"), { authorization_type: "NONE" });
  t.like(find(exported, "aws_api_gateway_stage", `ags-${rest.id}-prod`), { stage_name: "prod" });
  t.false(JSON.stringify(exported).includes("not-a-secret-1"), "no password in the export");
});

test("the services the CLI lists are the collectors, in the order they run", (t) => {
  t.deepEqual(
    AWS_COLLECTORS.map((collector) => collector.service),
    [...AWS_SERVICES],
  );
});
