package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.postgresql

test_deny_server_without_ssl if {
	server := _resource("azurerm_postgresql_server", {"ssl_enforcement_enabled": false}, {})
	postgresql.ssl_enforced(server, {}).status == "fail" with input as {}
}

test_allow_server_enforcing_ssl if {
	server := _resource("azurerm_postgresql_server", {"ssl_enforcement_enabled": true}, {})
	postgresql.ssl_enforced(server, {}).status == "pass" with input as {}
}

test_deny_server_with_single_encryption_by_default if {
	server := _resource("azurerm_postgresql_server", {}, {})
	postgresql.infrastructure_encryption(server, {}).status == "fail" with input as {}
}

test_allow_server_with_infrastructure_encryption if {
	server := _resource("azurerm_postgresql_server", {"infrastructure_encryption_enabled": true}, {})
	postgresql.infrastructure_encryption(server, {}).status == "pass" with input as {}
}
