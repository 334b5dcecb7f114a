package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.docdb

_docdb(values) := _resource("aws_docdb_cluster", values, {})

test_deny_unencrypted_docdb_cluster if {
	every values in [{}, {"storage_encrypted": false}] {
		docdb.storage_encrypted(_docdb(values), {}).status == "fail" with input as {}
	}
}

test_allow_encrypted_docdb_cluster if {
	docdb.storage_encrypted(_docdb({"storage_encrypted": true}), {}).status == "pass" with input as {}
}

test_deny_docdb_cluster_without_the_audit_log if {
	every values in [{}, {"enabled_cloudwatch_logs_exports": ["profiler"]}] {
		docdb.log_exports(_docdb(values), {}).status == "fail" with input as {}
	}
}

test_allow_docdb_cluster_exporting_the_audit_log if {
	docdb.log_exports(_docdb({"enabled_cloudwatch_logs_exports": ["audit"]}), {}).status == "pass" with input as {}
}

test_deny_docdb_cluster_missing_one_of_the_listed_log_types if {
	params := {"log_types": ["audit", "profiler"]}
	docdb.log_exports(_docdb({"enabled_cloudwatch_logs_exports": ["audit"]}), params).status == "fail" with input as {}
}

test_deny_docdb_cluster_with_short_backup_retention if {
	every values in [{}, {"backup_retention_period": 3}] {
		docdb.backup_retention(_docdb(values), {}).status == "fail" with input as {}
	}
}

test_allow_docdb_cluster_with_a_week_of_backups if {
	docdb.backup_retention(_docdb({"backup_retention_period": 7}), {}).status == "pass" with input as {}
}
