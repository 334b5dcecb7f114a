import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  paginateListPolicies,
  paginateListRolePolicies,
  paginateListRoles,
} from "@aws-sdk/client-iam";
import {
  type AwsContext,
  type Collector,
  clientConfig,
  decodePolicy,
  type LiveResource,
} from "./types.js";

/** Roles with their trust and inline policies, and the account's own managed policies. */
export const iamCollector: Collector = {
  service: "iam",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new IAMClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateListRoles({ client }, {})) {
      for (const role of page.Roles ?? []) {
        if (!role.RoleName) continue;
        const inline = await inlinePolicies(client, role.RoleName);
        out.push({
          type: "aws_iam_role",
          id: role.RoleName,
          values: {
            id: role.RoleName,
            name: role.RoleName,
            arn: role.Arn ?? null,
            path: role.Path ?? "/",
            assume_role_policy: decodePolicy(role.AssumeRolePolicyDocument),
            inline_policy: inline.map((p) => ({ name: p.name, policy: p.policy })),
          },
        });
        for (const policy of inline) {
          out.push({
            type: "aws_iam_role_policy",
            id: `${role.RoleName}:${policy.name}`,
            values: { id: `${role.RoleName}:${policy.name}`, role: role.RoleName, ...policy },
          });
        }
      }
    }
    for await (const page of paginateListPolicies({ client }, { Scope: "Local" })) {
      for (const policy of page.Policies ?? []) {
        if (!policy.Arn) continue;
        out.push(await managedPolicy(client, policy.Arn));
      }
    }
    return out;
  },
};

async function inlinePolicies(client: IAMClient, role: string) {
  const policies: { name: string; policy: string | null }[] = [];
  for await (const page of paginateListRolePolicies({ client }, { RoleName: role })) {
    for (const name of page.PolicyNames ?? []) {
      const got = await client.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }));
      policies.push({ name, policy: decodePolicy(got.PolicyDocument) });
    }
  }
  return policies;
}

async function managedPolicy(client: IAMClient, arn: string): Promise<LiveResource> {
  const { Policy } = await client.send(new GetPolicyCommand({ PolicyArn: arn }));
  const version = await client.send(
    new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId }),
  );
  return {
    type: "aws_iam_policy",
    id: arn,
    values: {
      id: arn,
      arn,
      name: Policy?.PolicyName ?? null,
      path: Policy?.Path ?? "/",
      policy: decodePolicy(version.PolicyVersion?.Document),
    },
  };
}
