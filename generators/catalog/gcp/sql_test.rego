package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.sql

_sql(ip) := _resource("google_sql_database_instance", {"settings": [{"ip_configuration": [ip]}]}, {})

test_deny_instance_with_public_ip if {
	sql.no_public_ip(_sql({"ipv4_enabled": true}), {}).status == "fail" with input as {}
}

test_allow_private_instance if {
	sql.no_public_ip(_sql({"ipv4_enabled": false, "private_network": "vpc"}), {}).status == "pass" with input as {}
}

test_deny_instance_allowing_unencrypted_connections if {
	sql.require_ssl(_sql({"ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}), {}).status == "fail" with input as {}
}

test_allow_instance_with_encrypted_only_mode if {
	sql.require_ssl(_sql({"ssl_mode": "ENCRYPTED_ONLY"}), {}).status == "pass" with input as {}
}

test_allow_instance_with_legacy_require_ssl if {
	sql.require_ssl(_sql({"require_ssl": true}), {}).status == "pass" with input as {}
}

_certificates := {"client_certificates": true}

_sql_version(version, ip) := _resource(
	"google_sql_database_instance",
	{"database_version": version, "settings": [{"ip_configuration": [ip]}]},
	{},
)

test_deny_encrypted_only_when_client_certificates_are_required if {
	v := sql.require_ssl(_sql_version("POSTGRES_15", {"ssl_mode": "ENCRYPTED_ONLY"}), _certificates) with input as {}
	v.status == "fail"
	v.message == concat("", [
		"settings.0.ip_configuration.0.ssl_mode is ENCRYPTED_ONLY: ",
		"clients may connect without a verified client certificate",
	])
}

test_allow_trusted_client_certificates_when_required if {
	instance := _sql_version("POSTGRES_15", {"ssl_mode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"})
	sql.require_ssl(instance, _certificates).status == "pass" with input as {}
	sql.require_ssl(_sql_version("MYSQL_8_0", {"require_ssl": true}), _certificates).status == "pass" with input as {}
}

test_allow_encrypted_only_on_sql_server_when_certificates_are_required if {
	instance := _sql_version("SQLSERVER_2022_STANDARD", {"ssl_mode": "ENCRYPTED_ONLY"})
	sql.require_ssl(instance, _certificates).status == "pass" with input as {}
}

test_unknown_version_with_encrypted_only_when_certificates_are_required if {
	instance := _resource(
		"google_sql_database_instance",
		{"settings": [{"ip_configuration": [{"ssl_mode": "ENCRYPTED_ONLY"}]}]},
		{"database_version": true},
	)
	sql.require_ssl(instance, _certificates).status == "unknown" with input as {}
}

test_deny_sql_server_allowing_unencrypted_connections_when_certificates_are_required if {
	instance := _sql_version("SQLSERVER_2022_STANDARD", {})
	sql.require_ssl(instance, _certificates).status == "fail" with input as {}
}

_backup(backup) := _resource("google_sql_database_instance", {"settings": [{"backup_configuration": [backup]}]}, {})

test_deny_instance_without_automated_backups if {
	sql.backups_enabled(_resource("google_sql_database_instance", {}, {}), {}).status == "fail" with input as {}
	sql.backups_enabled(_backup({"binary_log_enabled": true}), {}).status == "fail" with input as {}
	sql.backups_enabled(_backup({"enabled": false}), {}).status == "fail" with input as {}
}

test_allow_instance_with_automated_backups if {
	sql.backups_enabled(_backup({"enabled": true}), {}).status == "pass" with input as {}
}

test_read_replica_gets_no_backup_verdict if {
	replica := _resource("google_sql_database_instance", {"master_instance_name": "main"}, {})
	not sql.backups_enabled(replica, {}) with input as {}
}

test_unknown_when_the_primary_is_only_known_at_apply if {
	replica := _resource("google_sql_database_instance", {}, {"master_instance_name": true})
	sql.backups_enabled(replica, {}).status == "unknown" with input as {}
}
