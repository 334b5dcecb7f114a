# METADATA
# title: OpenSearch controls
# description: Checks on OpenSearch and Elasticsearch domains.
package threatloop.controls.aws.opensearch

import rego.v1

import data.threatloop.lib

# METADATA
# title: Search domains encrypt data at rest
encrypted_at_rest(resource, _) := lib.expect(resource, ["encrypt_at_rest", 0, "enabled"], [true], false, why) if {
	why := "indices, logs and automated snapshots are stored unencrypted"
}

_log_why := "errors, slow queries and access attempts leave no record"

# METADATA
# title: Search domains publish logs to CloudWatch Logs
# description: |
#   One enabled log_publishing_options block passes; each is enabled unless it says otherwise. A
#   block whose log group is only known after apply still counts.
log_publishing(resource, _) := {
	"status": "unknown",
	"attribute": "log_publishing_options",
	"message": "log_publishing_options is only known after apply",
} if {
	object.get(resource.unknown, "log_publishing_options", false) == true
	not lib.undeclared(resource, "log_publishing_options")
} else := {
	"status": "fail",
	"attribute": "log_publishing_options",
	"message": concat("", ["no log_publishing_options block: ", _log_why]),
} if {
	count(object.get(resource.values, "log_publishing_options", [])) == 0
} else := lib.best([lib.expect(resource, ["log_publishing_options", i, "enabled"], [true], true, _log_why) |
	some i, _ in resource.values.log_publishing_options
])
