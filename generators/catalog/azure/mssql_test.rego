package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.mssql

test_deny_server_open_to_public_networks if {
	mssql.no_public_access(_resource("azurerm_mssql_server", {}, {}), {}).status == "fail" with input as {}
}

test_allow_server_closed_to_public_networks if {
	server := _resource("azurerm_mssql_server", {"public_network_access_enabled": false}, {})
	mssql.no_public_access(server, {}).status == "pass" with input as {}
}
