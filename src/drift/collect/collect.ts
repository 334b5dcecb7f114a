import { TOOL_VERSION } from "../../version.js";
import { apiGatewayCollector, lambdaCollector } from "./compute.js";
import { kmsCollector, rdsCollector } from "./data.js";
import { ec2Collector } from "./ec2.js";
import { iamCollector } from "./iam.js";
import { snsCollector, sqsCollector } from "./queues.js";
import { s3Collector } from "./s3.js";
import type { AwsContext, Collector, LiveResource } from "./types.js";

/** Every AWS collector, in the order they run; their names are the values of --services. */
export const AWS_COLLECTORS: readonly Collector[] = [
  s3Collector,
  iamCollector,
  ec2Collector,
  sqsCollector,
  snsCollector,
  kmsCollector,
  rdsCollector,
  lambdaCollector,
  apiGatewayCollector,
];

export { AWS_SERVICES } from "./services.js";

export interface CollectOptions extends AwsContext {
  services?: readonly string[];
  /** When the collection ran, as an ISO timestamp; passed in so runs can be reproduced. */
  now: string;
  /** Called as each service finishes, for progress on a TTY. */
  onService?: (service: string, resources: number, error?: string) => void;
}

/** A live export in the shape of `terraform show -json` state, plus what could not be collected. */
export interface LiveExport {
  format_version: "1.0";
  terraform_version: null;
  values: { root_module: { resources: StateResource[] } };
  threatloop_live: {
    collector: string;
    collected_at: string;
    region: string;
    services: string[];
    errors: { service: string; message: string }[];
  };
}

interface StateResource {
  address: string;
  mode: "managed";
  type: string;
  name: "live";
  index: string;
  provider_name: "registry.terraform.io/hashicorp/aws";
  schema_version: 0;
  values: Record<string, unknown>;
  sensitive_values: Record<string, never>;
}

/**
 * Collects the live configuration of the selected services. A service that fails is recorded in
 * `threatloop_live.errors` and the others are still collected.
 */
export async function collectAws(options: CollectOptions): Promise<LiveExport> {
  const selected = AWS_COLLECTORS.filter(
    (c) => !options.services || options.services.includes(c.service),
  );
  const resources: LiveResource[] = [];
  const errors: { service: string; message: string }[] = [];
  for (const collector of selected) {
    try {
      const found = await collector.collect(options);
      resources.push(...found);
      options.onService?.(collector.service, found.length);
    } catch (error) {
      const message = describe(error);
      errors.push({ service: collector.service, message });
      options.onService?.(collector.service, 0, message);
    }
  }
  return {
    format_version: "1.0",
    terraform_version: null,
    values: { root_module: { resources: resources.map(toStateResource).sort(byAddress) } },
    threatloop_live: {
      collector: `threatloop ${TOOL_VERSION}`,
      collected_at: options.now,
      region: options.region,
      services: selected.map((c) => c.service),
      errors,
    },
  };
}

/** Live resources are keyed by their identity, as if declared with for_each over their ids. */
function toStateResource(resource: LiveResource): StateResource {
  return {
    address: `${resource.type}.live[${JSON.stringify(resource.id)}]`,
    mode: "managed",
    type: resource.type,
    name: "live",
    index: resource.id,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values: resource.values,
    sensitive_values: {},
  };
}

function byAddress(a: StateResource, b: StateResource): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function describe(error: unknown): string {
  const name = (error as { name?: string }).name;
  const message = error instanceof Error ? error.message : String(error);
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}
