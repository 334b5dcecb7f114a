package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.rds

_db(values, unknown) := _resource("aws_db_instance", values, unknown)

test_deny_publicly_accessible_instance if {
	rds.not_public(_db({"publicly_accessible": true}, {}), {}).status == "fail" with input as {}
}

test_allow_private_instance if {
	rds.not_public(_db({"publicly_accessible": false}, {}), {}).status == "pass" with input as {}
}

test_unknown_public_access_known_at_apply if {
	rds.not_public(_db({}, {"publicly_accessible": true}), {}).status == "unknown" with input as {}
}

test_deny_unencrypted_storage if {
	rds.storage_encrypted(_db({"storage_encrypted": false}, {}), {}).status == "fail" with input as {}
}

test_allow_replica_encrypted_through_its_kms_key if {
	rds.storage_encrypted(_db({"kms_key_id": "arn:aws:kms:eu-west-1:1:key/k"}, {}), {}).status == "pass" with input as {}
}

test_allow_encrypted_cluster if {
	cluster := _resource("aws_rds_cluster", {"storage_encrypted": true}, {})
	rds.storage_encrypted(cluster, {}).status == "pass" with input as {}
}

test_deny_short_backup_retention if {
	v := rds.backup_retention(_db({"backup_retention_period": 1}, {}), {"minimum_days": 7}) with input as {}
	v.status == "fail"
	v.message == "backup_retention_period is 1: backups are kept fewer than 7 days"
}

test_allow_week_of_backups if {
	rds.backup_retention(_db({"backup_retention_period": 7}, {}), {}).status == "pass" with input as {}
}

test_deny_without_deletion_protection if {
	rds.deletion_protection(_db({}, {}), {}).status == "fail" with input as {}
}

test_allow_deletion_protection if {
	rds.deletion_protection(_db({"deletion_protection": true}, {}), {}).status == "pass" with input as {}
}

test_deny_password_only_authentication if {
	rds.iam_authentication(_db({}, {}), {}).status == "fail" with input as {}
}

test_allow_iam_authentication if {
	db := _db({"iam_database_authentication_enabled": true}, {})
	rds.iam_authentication(db, {}).status == "pass" with input as {}
}

# KICS rds_storage_not_encrypted negative2 and checkov's Aurora serverless cases.
test_allow_aurora_serverless_v1_without_the_flag if {
	cluster := _resource("aws_rds_cluster", {"engine_mode": "serverless", "storage_encrypted": false}, {})
	rds.storage_encrypted(cluster, {}).status == "pass" with input as {}
}

test_deny_provisioned_aurora_without_the_flag if {
	cluster := _resource("aws_rds_cluster", {"engine_mode": "provisioned"}, {})
	rds.storage_encrypted(cluster, {}).status == "fail" with input as {}
}

# KICS iam_database_auth_not_enabled negative4: MariaDB 10.2 cannot use IAM authentication.
test_engines_without_iam_authentication_are_not_judged if {
	every values in [
		{"engine": "mariadb", "engine_version": "10.2.43"},
		{"engine": "sqlserver-ex"},
		{"engine": "oracle-ee", "engine_version": "19"},
	] {
		not rds.iam_authentication(_db(values, {}), {}) with input as {}
	}
}

test_deny_password_only_mariadb_from_10_6 if {
	every version in ["10.6.14", "11.4"] {
		db := _db({"engine": "mariadb", "engine_version": version}, {})
		rds.iam_authentication(db, {}).status == "fail" with input as {}
	}
}

test_deny_instance_exporting_no_logs if {
	every values in [{}, {"enabled_cloudwatch_logs_exports": []}] {
		rds.log_exports(_db(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_cluster_exporting_a_log_type if {
	cluster := _resource("aws_rds_cluster", {"enabled_cloudwatch_logs_exports": ["audit"]}, {})
	rds.log_exports(cluster, {}).status == "pass" with input as {}
}

test_unknown_log_exports_known_at_apply if {
	rds.log_exports(_db({}, {"enabled_cloudwatch_logs_exports": true}), {}).status == "unknown" with input as {}
}
