# METADATA
# title: SNS controls
# description: Checks on topics and the topic policies linked to them.
package threatloop.controls.aws.sns

import rego.v1

import data.threatloop.lib

# METADATA
# title: No topic policy grants access to any principal
# description: |
#   Reads the topic's policy and every aws_sns_topic_policy that refers to it through arn;
#   Principal "*" is judged with the statement's Condition.
# scope: document
policy_not_public(resource, _) := lib.public_policy_verdict(documents) if {
	resource.type == "aws_sns_topic"
	documents := lib.policy_documents(resource, "aws_sns_topic_policy", "arn")
}

policy_not_public(resource, _) := lib.public_policy_verdict({"policy": lib.policy_document(resource, ["policy"])}) if {
	resource.type == "aws_sns_topic_policy"
	not lib.attached(resource, "arn", "aws_sns_topic")
}

# METADATA
# title: Messages are encrypted at rest with KMS
encrypted(resource, _) := lib.expect_set(resource, ["kms_master_key_id"], why) if {
	why := "messages are stored without a KMS key"
}
