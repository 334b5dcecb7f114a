package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.sns
import data.threatloop.lib

_publish_all := {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": "*"}

_topic_with_policy(statement) := _doc(
	[_rc("aws_sns_topic.t", {}, {"arn": true}), _rc("aws_sns_topic_policy.t", {"policy": _policy([statement])}, {})],
	[_ref("aws_sns_topic_policy.t", "arn", "aws_sns_topic.t.arn")],
)

test_deny_topic_policy_open_to_everyone if {
	doc := _topic_with_policy(_publish_all)
	sns.policy_not_public(lib.resources["aws_sns_topic.t"], {}).status == "fail" with input as doc
}

test_allow_topic_policy_narrowed_to_the_account if {
	condition := {"StringEquals": {"AWS:SourceOwner": "111122223333"}}
	doc := _topic_with_policy(object.union(_publish_all, {"Condition": condition}))
	sns.policy_not_public(lib.resources["aws_sns_topic.t"], {}).status == "pass" with input as doc
}

test_deny_topic_without_kms_key if {
	sns.encrypted(_resource("aws_sns_topic", {}, {}), {}).status == "fail" with input as {}
}

test_allow_topic_with_kms_key if {
	topic := _resource("aws_sns_topic", {"kms_master_key_id": "alias/aws/sns"}, {})
	sns.encrypted(topic, {}).status == "pass" with input as {}
}
