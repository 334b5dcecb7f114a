import { GetTopicAttributesCommand, paginateListTopics, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, paginateListQueues, SQSClient } from "@aws-sdk/client-sqs";
import { type AwsContext, type Collector, clientConfig, type LiveResource } from "./types.js";

/** SQS queues with their policy and encryption settings. */
export const sqsCollector: Collector = {
  service: "sqs",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new SQSClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateListQueues({ client }, {})) {
      for (const url of page.QueueUrls ?? []) {
        const { Attributes: a = {} } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }),
        );
        out.push({
          type: "aws_sqs_queue",
          id: url,
          values: {
            id: url,
            url,
            arn: a.QueueArn ?? null,
            name: url.split("/").at(-1) ?? null,
            policy: a.Policy ?? null,
            kms_master_key_id: a.KmsMasterKeyId ?? null,
            sqs_managed_sse_enabled: a.SqsManagedSseEnabled === "true",
          },
        });
      }
    }
    return out;
  },
};

/** SNS topics with their policy and encryption key. */
export const snsCollector: Collector = {
  service: "sns",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new SNSClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateListTopics({ client }, {})) {
      for (const topic of page.Topics ?? []) {
        if (!topic.TopicArn) continue;
        const { Attributes: a = {} } = await client.send(
          new GetTopicAttributesCommand({ TopicArn: topic.TopicArn }),
        );
        out.push({
          type: "aws_sns_topic",
          id: topic.TopicArn,
          values: {
            id: topic.TopicArn,
            arn: topic.TopicArn,
            name: topic.TopicArn.split(":").at(-1) ?? null,
            policy: a.Policy ?? null,
            kms_master_key_id: a.KmsMasterKeyId ?? null,
          },
        });
      }
    }
    return out;
  },
};
