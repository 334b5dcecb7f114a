package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.eventbridge
import data.threatloop.lib

_put_events := {"Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": "*"}

_bus_with_policy(statement) := _doc(
	[
		_rc("aws_cloudwatch_event_bus.b", {"name": "orders"}, {}),
		_rc("aws_cloudwatch_event_bus_policy.b", {"policy": _policy([statement])}, {}),
	],
	[_ref("aws_cloudwatch_event_bus_policy.b", "event_bus_name", "aws_cloudwatch_event_bus.b.name")],
)

test_deny_bus_policy_open_to_everyone if {
	doc := _bus_with_policy(_put_events)
	eventbridge.bus_policy_not_public(lib.resources["aws_cloudwatch_event_bus.b"], {}).status == "fail" with input as doc
}

test_allow_bus_policy_narrowed_to_the_organisation if {
	doc := _bus_with_policy(object.union(_put_events, {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}))
	eventbridge.bus_policy_not_public(lib.resources["aws_cloudwatch_event_bus.b"], {}).status == "pass" with input as doc
}

test_deny_orphan_bus_policy_open_to_everyone if {
	policy := _resource("aws_cloudwatch_event_bus_policy", {"policy": _policy([_put_events])}, {})
	eventbridge.bus_policy_not_public(policy, {}).status == "fail" with input as {}
}
