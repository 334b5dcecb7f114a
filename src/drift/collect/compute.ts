import {
  APIGatewayClient,
  GetStagesCommand,
  paginateGetRestApis,
} from "@aws-sdk/client-api-gateway";
import {
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  LambdaClient,
  paginateListFunctions,
} from "@aws-sdk/client-lambda";
import {
  type AwsContext,
  type Collector,
  clientConfig,
  type LiveResource,
  optional,
} from "./types.js";

/** Lambda functions with their function URL and resource policy. */
export const lambdaCollector: Collector = {
  service: "lambda",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new LambdaClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateListFunctions({ client }, {})) {
      for (const fn of page.Functions ?? []) {
        if (!fn.FunctionName) continue;
        const name = fn.FunctionName;
        out.push({
          type: "aws_lambda_function",
          id: name,
          values: {
            id: name,
            function_name: name,
            arn: fn.FunctionArn ?? null,
            role: fn.Role ?? null,
          },
        });
        const url = await optional(
          () => client.send(new GetFunctionUrlConfigCommand({ FunctionName: name })),
          ["ResourceNotFoundException"],
        );
        if (url) {
          out.push({
            type: "aws_lambda_function_url",
            id: name,
            values: {
              id: name,
              function_name: name,
              function_url: url.FunctionUrl ?? null,
              authorization_type: url.AuthType ?? null,
            },
          });
        }
        const policy = await optional(
          () => client.send(new GetPolicyCommand({ FunctionName: name })),
          ["ResourceNotFoundException"],
        );
        if (policy?.Policy) {
          out.push({
            type: "aws_lambda_function_policy",
            id: name,
            values: { id: name, function_name: name, policy: policy.Policy },
          });
        }
      }
    }
    return out;
  },
};

/** API Gateway REST API stages: logging, tracing, WAF association. */
export const apiGatewayCollector: Collector = {
  service: "apigateway",
  async collect(context: AwsContext): Promise<LiveResource[]> {
    const client = new APIGatewayClient(clientConfig(context));
    const out: LiveResource[] = [];
    for await (const page of paginateGetRestApis({ client }, {})) {
      for (const api of page.items ?? []) {
        if (!api.id) continue;
        const { item: stages = [] } = await client.send(
          new GetStagesCommand({ restApiId: api.id }),
        );
        for (const stage of stages) {
          const id = `ags-${api.id}-${stage.stageName ?? ""}`;
          out.push({
            type: "aws_api_gateway_stage",
            id,
            values: {
              id,
              rest_api_id: api.id,
              stage_name: stage.stageName ?? null,
              xray_tracing_enabled: stage.tracingEnabled ?? false,
              web_acl_arn: stage.webAclArn ?? "",
              access_log_settings: stage.accessLogSettings?.destinationArn
                ? [
                    {
                      destination_arn: stage.accessLogSettings.destinationArn,
                      format: stage.accessLogSettings.format ?? "",
                    },
                  ]
                : [],
            },
          });
        }
      }
    }
    return out;
  },
};
