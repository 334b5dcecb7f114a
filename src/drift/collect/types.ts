/** Where and how the collectors reach AWS. Credentials come from the SDK's default chain. */
export interface AwsContext {
  region: string;
  /** A custom endpoint, such as a local AWS API for tests; S3 then uses path-style addressing. */
  endpoint?: string;
  /** Attempts per call, throttling retries included (adaptive retry mode). */
  maxAttempts?: number;
}

/** One live resource, named by its Terraform type and keyed by Terraform attribute names. */
export interface LiveResource {
  type: string;
  /** The identity Terraform would give it: a bucket name, a group id, a queue URL, an ARN. */
  id: string;
  values: Record<string, unknown>;
}

/** A collector for one AWS service. */
export interface Collector {
  service: string;
  collect(context: AwsContext): Promise<LiveResource[]>;
}

/** Client settings shared by every service: region, endpoint, retries. */
export function clientConfig(context: AwsContext) {
  return {
    region: context.region,
    maxAttempts: context.maxAttempts ?? 6,
    retryMode: "adaptive",
    ...(context.endpoint ? { endpoint: context.endpoint } : {}),
  };
}

/** Decodes the URL-encoded policy documents IAM returns. */
export function decodePolicy(text: string | undefined): string | null {
  if (!text) return null;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Runs a call that answers "not found" for an absent optional configuration, giving undefined. */
export async function optional<T>(
  call: () => Promise<T>,
  absent: readonly string[],
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (absent.includes(name) || status === 404) return undefined;
    throw error;
  }
}
