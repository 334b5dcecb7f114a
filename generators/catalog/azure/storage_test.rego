package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.storage

_account(values) := _resource("azurerm_storage_account", values, {})

test_deny_account_allowing_http if {
	storage.https_only(_account({"https_traffic_only_enabled": false}), {}).status == "fail" with input as {}
}

test_deny_legacy_attribute_allowing_http if {
	storage.https_only(_account({"enable_https_traffic_only": false}), {}).status == "fail" with input as {}
}

test_allow_account_with_defaults_for_https if {
	storage.https_only(_account({}), {}).status == "pass" with input as {}
}

test_deny_tls10_account if {
	storage.min_tls(_account({"min_tls_version": "TLS1_0"}), {}).status == "fail" with input as {}
}

test_allow_tls12_account if {
	storage.min_tls(_account({"min_tls_version": "TLS1_2"}), {}).status == "pass" with input as {}
}

test_deny_account_allowing_public_containers if {
	storage.no_public_blobs(_account({}), {}).status == "fail" with input as {}
}

test_allow_account_refusing_public_containers if {
	storage.no_public_blobs(_account({"allow_nested_items_to_be_public": false}), {}).status == "pass" with input as {}
}

test_unknown_public_container_setting if {
	account := _resource("azurerm_storage_account", {}, {"allow_nested_items_to_be_public": true})
	storage.no_public_blobs(account, {}).status == "unknown" with input as {}
}

# checkov example_StorageAccountDisablePublicAccess "pass".
test_allow_account_with_the_public_endpoint_closed if {
	account := _account({"public_network_access_enabled": false})
	storage.no_public_blobs(account, {}).status == "pass" with input as {}
}
