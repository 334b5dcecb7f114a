import type { Layer } from "../types.js";

/** How a resource type takes part in a derived model. */
export const ROLES = ["component", "network", "attach"] as const;
export type Role = (typeof ROLES)[number];

/** What a DFD element a kind is, which decides the STRIDE categories suggested for it. */
export const ELEMENTS = ["process", "data-store", "external-entity", "none"] as const;
export type Element = (typeof ELEMENTS)[number];

export interface KindRule {
  role: Role;
  kind: string;
  layer: Layer;
  element: Element;
  /** Resources of the type become one component together, as logs of an account usually are. */
  grouped?: boolean;
}

const component = (kind: string, layer: Layer, element: Element): KindRule => ({
  role: "component",
  kind,
  layer,
  element,
});
const attach: KindRule = { role: "attach", kind: "", layer: "paas", element: "none" };
const network = (kind: string): KindRule => ({
  role: "network",
  kind,
  layer: "iaas",
  element: "none",
});

/**
 * Resource types by what they are. Types not listed join the component they refer to, or become
 * a component of kind `other` when they refer to none.
 */
const RULES: Record<string, KindRule> = {
  aws_instance: component("compute", "iaas", "process"),
  aws_launch_template: component("compute", "iaas", "process"),
  aws_autoscaling_group: component("compute", "iaas", "process"),
  aws_ecs_service: component("container-service", "paas", "process"),
  aws_ecs_task_definition: component("container", "paas", "process"),
  aws_eks_cluster: component("kubernetes-cluster", "paas", "process"),
  aws_lambda_function: component("function", "paas", "process"),
  aws_s3_bucket: component("object-storage", "paas", "data-store"),
  aws_dynamodb_table: component("database", "paas", "data-store"),
  aws_db_instance: component("database", "paas", "data-store"),
  aws_rds_cluster: component("database", "paas", "data-store"),
  aws_elasticache_cluster: component("cache", "paas", "data-store"),
  aws_efs_file_system: component("file-storage", "paas", "data-store"),
  aws_sqs_queue: component("queue", "paas", "data-store"),
  aws_sns_topic: component("topic", "paas", "data-store"),
  aws_kinesis_stream: component("stream", "paas", "data-store"),
  aws_kinesis_firehose_delivery_stream: component("stream", "paas", "process"),
  aws_lb: component("load-balancer", "paas", "process"),
  aws_alb: component("load-balancer", "paas", "process"),
  aws_elb: component("load-balancer", "paas", "process"),
  aws_api_gateway_rest_api: component("api-gateway", "paas", "process"),
  aws_apigatewayv2_api: component("api-gateway", "paas", "process"),
  aws_cloudfront_distribution: component("cdn", "paas", "process"),
  aws_cognito_user_pool: component("identity-provider", "saas", "process"),
  aws_iam_role: component("identity", "iaas", "process"),
  aws_iam_user: component("identity", "iaas", "external-entity"),
  aws_iam_policy: component("identity", "iaas", "process"),
  aws_kms_key: component("key-management", "paas", "data-store"),
  aws_secretsmanager_secret: component("secret-store", "paas", "data-store"),
  aws_synthetics_canary: component("monitoring", "paas", "process"),
  aws_glue_catalog_database: component("data-catalog", "paas", "data-store"),
  aws_cloudwatch_log_group: { ...component("logging", "paas", "data-store"), grouped: true },
  aws_vpc: network("vpc"),
  aws_subnet: network("subnet"),
  aws_vpc_endpoint: network("vpc-endpoint"),
  aws_internet_gateway: network("internet-gateway"),
  aws_nat_gateway: network("nat-gateway"),
  aws_route_table: network("route-table"),
  aws_security_group: attach,
  aws_security_group_rule: attach,
  aws_vpc_security_group_ingress_rule: attach,
  aws_vpc_security_group_egress_rule: attach,
};

/** The rule for a resource type; prefixes let API Gateway's many parts join their API. */
export function kindRule(type: string): KindRule | undefined {
  const rule = RULES[type];
  if (rule) return rule;
  if (type.startsWith("aws_api_gateway_") || type.startsWith("aws_apigatewayv2_")) return attach;
  if (type.startsWith("aws_s3_bucket_")) return attach;
  if (type.startsWith("aws_iam_")) return attach;
  return undefined;
}
