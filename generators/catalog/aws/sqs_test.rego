package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.sqs
import data.threatloop.lib

_send_all := {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}

_queue_with_policy(statement) := _doc(
	[_rc("aws_sqs_queue.q", {}, {"url": true}), _rc("aws_sqs_queue_policy.q", {"policy": _policy([statement])}, {})],
	[_ref("aws_sqs_queue_policy.q", "queue_url", "aws_sqs_queue.q.url")],
)

test_deny_queue_policy_open_to_everyone if {
	v := sqs.policy_not_public(lib.resources["aws_sqs_queue.q"], {}) with input as _queue_with_policy(_send_all)
	v.status == "fail"
	v.attribute == "aws_sqs_queue_policy.q"
}

test_allow_queue_policy_narrowed_to_a_topic if {
	condition := {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:events"}}
	doc := _queue_with_policy(object.union(_send_all, {"Condition": condition}))
	sqs.policy_not_public(lib.resources["aws_sqs_queue.q"], {}).status == "pass" with input as doc
}

test_queue_policy_of_a_queue_in_the_plan_gives_no_verdict_of_its_own if {
	doc := _queue_with_policy(_send_all)
	not sqs.policy_not_public(lib.resources["aws_sqs_queue_policy.q"], {}) with input as doc
}

test_deny_queue_with_managed_encryption_turned_off if {
	queue := _resource("aws_sqs_queue", {"sqs_managed_sse_enabled": false}, {})
	sqs.encrypted(queue, {}).status == "fail" with input as {}
}

test_allow_queue_with_kms_key if {
	queue := _resource("aws_sqs_queue", {"sqs_managed_sse_enabled": false, "kms_master_key_id": "alias/q"}, {})
	sqs.encrypted(queue, {}).status == "pass" with input as {}
}
