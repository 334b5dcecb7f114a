package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.mq

test_deny_public_broker if {
	mq.not_public(_resource("aws_mq_broker", {"publicly_accessible": true}, {}), {}).status == "fail" with input as {}
}

test_allow_private_broker if {
	mq.not_public(_resource("aws_mq_broker", {}, {}), {}).status == "pass" with input as {}
}

test_deny_activemq_without_audit_logs if {
	broker := _resource("aws_mq_broker", {"engine_type": "ActiveMQ", "logs": [{"general": true}]}, {})
	mq.logging_enabled(broker, {}).status == "fail" with input as {}
}

test_allow_rabbitmq_with_general_logs if {
	broker := _resource("aws_mq_broker", {"engine_type": "RabbitMQ", "logs": [{"general": true}]}, {})
	mq.logging_enabled(broker, {}).status == "pass" with input as {}
}
