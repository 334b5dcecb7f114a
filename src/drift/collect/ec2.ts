import { EC2Client, type IpPermission, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { type AwsContext, type Collector, clientConfig, type LiveResource } from "./types.js";

/** Security groups with their rules in the shape of the inline ingress and egress blocks. */
export const ec2Collector: Collector = {
  service: "ec2",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new EC2Client(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client }, {})) {
      for (const group of page.SecurityGroups ?? []) {
        if (!group.GroupId) continue;
        out.push({
          type: "aws_security_group",
          id: group.GroupId,
          values: {
            id: group.GroupId,
            name: group.GroupName ?? null,
            description: group.Description ?? null,
            vpc_id: group.VpcId ?? null,
            owner_id: group.OwnerId ?? null,
            ingress: (group.IpPermissions ?? []).map((p) => rule(p, group.GroupId ?? "")),
            egress: (group.IpPermissionsEgress ?? []).map((p) => rule(p, group.GroupId ?? "")),
            tags: Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
          },
        });
      }
    }
    return out;
  },
};

/** One permission as the provider writes an inline rule; "-1" ports become 0 as it does. */
function rule(permission: IpPermission, groupId: string) {
  const all = permission.IpProtocol === "-1";
  const groups = (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId ?? "");
  return {
    protocol: permission.IpProtocol ?? null,
    from_port: all ? 0 : (permission.FromPort ?? 0),
    to_port: all ? 0 : (permission.ToPort ?? 0),
    cidr_blocks: (permission.IpRanges ?? []).map((r) => r.CidrIp ?? ""),
    ipv6_cidr_blocks: (permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ""),
    prefix_list_ids: (permission.PrefixListIds ?? []).map((p) => p.PrefixListId ?? ""),
    security_groups: groups.filter((id) => id !== groupId),
    self: groups.includes(groupId),
    description: permission.IpRanges?.[0]?.Description ?? "",
  };
}
