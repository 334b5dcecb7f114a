# METADATA
# title: SQS controls
# description: Checks on queues and the queue policies linked to them.
package threatloop.controls.aws.sqs

import rego.v1

import data.threatloop.lib

# METADATA
# title: No queue policy grants access to any principal
# description: |
#   Reads the queue's policy and every aws_sqs_queue_policy that refers to it through queue_url;
#   Principal "*" is judged with the statement's Condition. A queue policy whose queue is outside
#   the plan is judged on its own.
# scope: document
policy_not_public(resource, _) := lib.public_policy_verdict(documents) if {
	resource.type == "aws_sqs_queue"
	documents := lib.policy_documents(resource, "aws_sqs_queue_policy", "queue_url")
}

policy_not_public(resource, _) := lib.public_policy_verdict({"policy": lib.policy_document(resource, ["policy"])}) if {
	resource.type == "aws_sqs_queue_policy"
	not lib.attached(resource, "queue_url", "aws_sqs_queue")
}

# METADATA
# title: Messages are encrypted at rest
# description: |
#   SQS-managed encryption (the default for new queues) or a KMS key passes; a queue that turns
#   SQS-managed encryption off without a KMS key fails.
encrypted(resource, _) := lib.best([kms, managed]) if {
	why := "messages are stored unencrypted"
	kms := lib.expect_set(resource, ["kms_master_key_id"], why)
	managed := lib.expect(resource, ["sqs_managed_sse_enabled"], [true], true, why)
}
