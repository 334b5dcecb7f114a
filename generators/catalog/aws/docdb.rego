# METADATA
# title: DocumentDB controls
# description: Checks on DocumentDB clusters.
package threatloop.controls.aws.docdb

import rego.v1

import data.threatloop.lib

# METADATA
# title: DocumentDB clusters encrypt storage
storage_encrypted(resource, _) := lib.expect(resource, ["storage_encrypted"], [true], false, why) if {
	why := "data, backups and snapshots are stored unencrypted"
}

# METADATA
# title: DocumentDB clusters export their logs to CloudWatch Logs
log_exports(resource, params) := lib.expect_all(resource, ["enabled_cloudwatch_logs_exports"], required, why) if {
	required := object.get(params, "log_types", ["audit"])
	why := concat("", ["the cluster must export ", concat(", ", required)])
}

# METADATA
# title: DocumentDB clusters keep backups long enough
backup_retention(resource, params) := lib.expect_at_least(resource, path, minimum, 1, why) if {
	path := ["backup_retention_period"]
	minimum := object.get(params, "minimum_days", 7)
	why := concat("", ["backups are kept fewer than ", format_int(minimum, 10), " days"])
}
