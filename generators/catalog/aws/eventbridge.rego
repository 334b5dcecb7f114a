# METADATA
# title: EventBridge controls
# description: Checks on event buses and the bus policies linked to them.
package threatloop.controls.aws.eventbridge

import rego.v1

import data.threatloop.lib

# METADATA
# title: No event bus policy lets every principal put events
# description: |
#   Reads every aws_cloudwatch_event_bus_policy that refers to the bus through event_bus_name;
#   a bus policy whose bus is outside the plan is judged on its own.
# scope: document
bus_policy_not_public(resource, _) := lib.public_policy_verdict(documents) if {
	resource.type == "aws_cloudwatch_event_bus"
	documents := lib.policy_documents(resource, "aws_cloudwatch_event_bus_policy", "event_bus_name")
}

bus_policy_not_public(resource, _) := lib.public_policy_verdict({"policy": document}) if {
	resource.type == "aws_cloudwatch_event_bus_policy"
	not lib.attached(resource, "event_bus_name", "aws_cloudwatch_event_bus")
	document := lib.policy_document(resource, ["policy"])
}
