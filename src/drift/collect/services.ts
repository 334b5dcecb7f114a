/**
 * The AWS services `collect aws` reads, in the order it reads them; the values of --services.
 * Kept apart from the collectors so that the CLI can list them without loading the AWS SDK.
 */
export const AWS_SERVICES = [
  "s3",
  "iam",
  "ec2",
  "sqs",
  "sns",
  "kms",
  "rds",
  "lambda",
  "apigateway",
] as const;
