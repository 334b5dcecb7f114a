# METADATA
# title: RDS controls
# description: Checks on database instances and clusters.
package threatloop.controls.aws.rds

import rego.v1

import data.threatloop.lib

# METADATA
# title: Database instances are not publicly accessible
not_public(resource, _) := lib.expect_not(resource, ["publicly_accessible"], [true], false, why) if {
	why := "the database gets an address reachable from the internet"
}

# METADATA
# title: Database storage is encrypted
# description: A kms_key_id also passes, as cross-region replicas are encrypted through it alone.
storage_encrypted(resource, _) := lib.best([flag, key, _serverless(resource)]) if {
	why := "data, logs, backups and snapshots are stored unencrypted"
	flag := lib.expect(resource, ["storage_encrypted"], [true], false, why)
	key := lib.expect_set(resource, ["kms_key_id"], why)
}

# Aurora Serverless v1 always encrypts its storage, whatever storage_encrypted says.
_serverless(resource) := {
	"status": "pass",
	"attribute": "engine_mode",
	"message": "Aurora Serverless v1 storage is always encrypted",
} if {
	resource.type == "aws_rds_cluster"
	resource.values.engine_mode == "serverless"
} else := {
	"status": "fail",
	"attribute": "engine_mode",
	"message": "not an Aurora Serverless v1 cluster",
}

# METADATA
# title: Automated backups are kept long enough
backup_retention(resource, params) := lib.expect_at_least(resource, path, minimum, 1, why) if {
	path := ["backup_retention_period"]
	minimum := object.get(params, "minimum_days", 7)
	why := concat("", ["backups are kept fewer than ", format_int(minimum, 10), " days"])
}

# METADATA
# title: Deletion protection is on
deletion_protection(resource, _) := lib.expect(resource, ["deletion_protection"], [true], false, why) if {
	why := "a plan or a compromised principal can delete the database in one call"
}

# METADATA
# title: IAM database authentication is on
# description: |
#   Only engines that offer IAM authentication are judged: not SQL Server, Oracle, Db2 or RDS
#   Custom, and MariaDB from 10.6 on.
iam_authentication(resource, _) := lib.expect(resource, path, [true], false, why) if {
	not _without_iam_authentication(resource)
	path := ["iam_database_authentication_enabled"]
	why := "database access relies on long-lived passwords only"
}

_without_iam_authentication(resource) if {
	engine := lib.setting(resource, ["engine"], "")
	engine.state == "known"
	some prefix in ["sqlserver", "oracle", "db2", "custom-"]
	startswith(engine.value, prefix)
}

_without_iam_authentication(resource) if {
	lib.setting(resource, ["engine"], "") == {"state": "known", "value": "mariadb"}
	version := lib.setting(resource, ["engine_version"], "")
	version.state == "known"
	parts := split(version.value, ".")
	count(parts) >= 2
	nums := [to_number(p) | some p in array.slice(parts, 0, 2); regex.match(`^[0-9]+$`, p)]
	count(nums) == 2
	(nums[0] * 100) + nums[1] < 1006
}

# METADATA
# title: Databases export their logs to CloudWatch Logs
log_exports(resource, _) := lib.expect_set(resource, ["enabled_cloudwatch_logs_exports"], why) if {
	why := "database logs stay on the instance, out of reach of monitoring"
}
