# METADATA
# title: ElastiCache controls
# description: Checks on Valkey and Redis OSS replication groups.
package threatloop.controls.aws.elasticache

import rego.v1

import data.threatloop.lib

# METADATA
# title: Replication groups encrypt data at rest
# description: Left out, at_rest_encryption_enabled is false for redis and true for valkey.
encrypted_at_rest(resource, _) := _at_rest(resource, lib.setting(resource, ["engine"], "redis"))

_at_rest_path := ["at_rest_encryption_enabled"]

_at_rest(resource, engine) := {
	"status": "unknown",
	"attribute": "engine",
	"message": "at_rest_encryption_enabled is left to its default, which depends on an engine only known after apply",
} if {
	engine.state == "unknown"
	lib.setting(resource, _at_rest_path, null).value == null
} else := lib.expect(resource, _at_rest_path, [true], absent, why) if {
	absent := object.get(engine, "value", "redis") == "valkey"
	why := "cached data, backups and snapshots are stored unencrypted"
}

# METADATA
# title: Replication groups require TLS in transit
# description: A transit_encryption_mode of preferred still accepts plain connections.
encrypted_in_transit(resource, _) := lib.worst([enabled, mode]) if {
	why := "clients and nodes may talk in plain text"
	enabled := lib.expect(resource, ["transit_encryption_enabled"], [true], false, why)
	mode := lib.expect_not(resource, ["transit_encryption_mode"], ["preferred"], "required", why)
}
