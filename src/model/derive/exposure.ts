/** A resource as exposure checks see it: its type, address and known values. */
export interface ExposureInput {
  type: string;
  config: string;
  values: Record<string, unknown>;
}

const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

/**
 * Why a resource makes its component reachable from the internet, or nothing when it does not
 * or when the deciding value is unknown at plan time (unknown is never taken as exposed).
 */
export function internetExposure(resource: ExposureInput): string | undefined {
  const { type, values, config } = resource;
  if (type === "aws_security_group") {
    const open = list(values.ingress).some((rule) =>
      opensToAll(rule, "cidr_blocks", "ipv6_cidr_blocks"),
    );
    return open ? `${config} admits ingress from anywhere` : undefined;
  }
  if (type === "aws_security_group_rule") {
    const open = values.type === "ingress" && opensToAll(values, "cidr_blocks", "ipv6_cidr_blocks");
    return open ? `${config} admits ingress from anywhere` : undefined;
  }
  if (type === "aws_vpc_security_group_ingress_rule") {
    const open =
      OPEN_CIDRS.has(String(values.cidr_ipv4)) || OPEN_CIDRS.has(String(values.cidr_ipv6));
    return open ? `${config} admits ingress from anywhere` : undefined;
  }
  if (type === "aws_lb" || type === "aws_alb" || type === "aws_elb") {
    return values.internal === false ? `${config} is an internet-facing load balancer` : undefined;
  }
  if (type === "aws_s3_bucket" || type === "aws_s3_bucket_acl") {
    const acl = String(values.acl ?? "");
    return acl.startsWith("public-") ? `${config} has the ${acl} ACL` : undefined;
  }
  if (type === "aws_s3_bucket_policy") {
    return allowsEveryone(values.policy) ? `${config} allows every principal` : undefined;
  }
  if (type === "aws_subnet") {
    return values.map_public_ip_on_launch === true ? `${config} gives public addresses` : undefined;
  }
  if (type === "aws_api_gateway_rest_api") {
    const configuration = list(values.endpoint_configuration)[0] as
      | Record<string, unknown>
      | undefined;
    const types = list(configuration?.types);
    return types.includes("PRIVATE") ? undefined : `${config} is a public API endpoint`;
  }
  if (type === "aws_cloudfront_distribution") return `${config} is a CDN distribution`;
  return undefined;
}

function opensToAll(rule: unknown, v4: string, v6: string): boolean {
  if (typeof rule !== "object" || rule === null) return false;
  const record = rule as Record<string, unknown>;
  return [...list(record[v4]), ...list(record[v6])].some((cidr) => OPEN_CIDRS.has(String(cidr)));
}

function allowsEveryone(policy: unknown): boolean {
  if (typeof policy !== "string") return false;
  try {
    const document = JSON.parse(policy) as { Statement?: unknown };
    const statements = Array.isArray(document.Statement)
      ? document.Statement
      : [document.Statement];
    return statements.some((s) => {
      const statement = (s ?? {}) as { Effect?: unknown; Principal?: unknown };
      const principal = statement.Principal;
      const everyone =
        principal === "*" ||
        (typeof principal === "object" &&
          principal !== null &&
          (principal as { AWS?: unknown }).AWS === "*");
      return statement.Effect === "Allow" && everyone;
    });
  } catch {
    return false;
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
