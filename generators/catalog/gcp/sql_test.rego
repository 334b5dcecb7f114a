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
