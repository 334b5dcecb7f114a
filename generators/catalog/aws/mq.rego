# METADATA
# title: Amazon MQ controls
# description: Checks on message brokers.
package threatloop.controls.aws.mq

import rego.v1

import data.threatloop.lib

# METADATA
# title: Brokers are not publicly accessible
not_public(resource, _) := lib.expect_not(resource, ["publicly_accessible"], [true], false, why) if {
	why := "the broker console and endpoints are reachable from the internet"
}

# METADATA
# title: Brokers send their logs to CloudWatch
# description: ActiveMQ brokers must send audit logs; RabbitMQ brokers, which have none, general logs.
logging_enabled(resource, _) := lib.expect(resource, ["logs", 0, kind], [true], false, why) if {
	engine := lib.setting(resource, ["engine_type"], "ActiveMQ")
	kind := {"ActiveMQ": "audit", "RabbitMQ": "general"}[engine.value]
	why := "management actions on the broker leave no record"
}
