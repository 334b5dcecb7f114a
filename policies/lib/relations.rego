# Relations between resource types
#
# Attributes that name another resource, used to join resources by a known literal value (a
# bucket's name written out in full) besides the configuration's references. One entry per
# "<referring type>.<attribute>"; keys are the target's attributes to compare with.
package threatloop.lib

import rego.v1

# METADATA
# title: Attributes that name another resource by a literal value
# scope: document
relations["aws_s3_bucket_public_access_block.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_security_group_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}

relations["aws_vpc_security_group_ingress_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}

relations["aws_vpc_security_group_egress_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}

relations["aws_s3_bucket_policy.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_s3_bucket_acl.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_s3_bucket_versioning.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_s3_bucket_logging.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_s3_bucket_server_side_encryption_configuration.bucket"] := {
	"to": "aws_s3_bucket",
	"keys": ["id", "bucket"],
}

relations["aws_sqs_queue_policy.queue_url"] := {"to": "aws_sqs_queue", "keys": ["id", "url"]}

relations["aws_sns_topic_policy.arn"] := {"to": "aws_sns_topic", "keys": ["arn", "id"]}

relations["aws_lambda_permission.function_name"] := {"to": "aws_lambda_function", "keys": ["function_name", "arn"]}

relations["aws_network_acl_rule.network_acl_id"] := {"to": "aws_network_acl", "keys": ["id"]}

relations["aws_flow_log.vpc_id"] := {"to": "aws_vpc", "keys": ["id"]}

relations["aws_secretsmanager_secret_rotation.secret_id"] := {
	"to": "aws_secretsmanager_secret",
	"keys": ["id", "arn"],
}

relations["aws_ecr_repository_policy.repository"] := {"to": "aws_ecr_repository", "keys": ["name"]}

relations["aws_wafv2_web_acl_association.resource_arn"] := {"to": "aws_api_gateway_stage", "keys": ["arn"]}

relations["aws_cloudwatch_event_bus_policy.event_bus_name"] := {
	"to": "aws_cloudwatch_event_bus",
	"keys": ["name", "arn"],
}

relations["aws_kms_key_policy.key_id"] := {"to": "aws_kms_key", "keys": ["id", "key_id", "arn"]}

relations["aws_api_gateway_method_settings.stage_name"] := {"to": "aws_api_gateway_stage", "keys": ["stage_name"]}

relations["google_compute_firewall.network"] := {"to": "google_compute_network", "keys": ["name", "self_link", "id"]}

relations["azurerm_storage_account_network_rules.storage_account_id"] := {
	"to": "azurerm_storage_account",
	"keys": ["id"],
}

relations["azurerm_storage_account_network_rules.storage_account_name"] := {
	"to": "azurerm_storage_account",
	"keys": ["name"],
}

# METADATA
# title: Account-wide resource types
# description: |
#   Types whose one resource settles a control for every resource of the account (the account's
#   S3 public access block, EBS encryption by default); controls look them up by type rather
#   than by a link. A host that evaluates a plan in parts gives each part all of them.
# scope: document
account_wide := {"aws_s3_account_public_access_block", "aws_ebs_encryption_by_default"}

# METADATA
# title: What a host needs to evaluate a plan in parts
# description: |
#   The attributes that link resources by a literal value and the account-wide types; links by
#   the configuration's references the host reads from the plan itself.
# scope: document
partitioning := {"relations": relations, "account_wide": account_wide}
