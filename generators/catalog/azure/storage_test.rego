package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.storage
import data.threatloop.lib

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

test_deny_account_without_network_rules if {
	storage.network_default_deny(_account({}), {}).status == "fail" with input as {}
}

test_deny_account_allowing_every_network if {
	account := _account({"network_rules": [{"default_action": "Allow", "ip_rules": ["198.51.100.7"]}]})
	storage.network_default_deny(account, {}).status == "fail" with input as {}
}

test_allow_account_denying_by_default if {
	account := _account({"network_rules": [{"default_action": "Deny"}]})
	storage.network_default_deny(account, {}).status == "pass" with input as {}
}

test_allow_account_without_public_endpoint if {
	account := _account({"public_network_access_enabled": false})
	storage.network_default_deny(account, {}).status == "pass" with input as {}
}

test_unknown_default_action if {
	account := _resource("azurerm_storage_account", {"network_rules": [{}]}, {"network_rules": [{"default_action": true}]})
	storage.network_default_deny(account, {}).status == "unknown" with input as {}
}

test_allow_account_denying_through_linked_rules if {
	doc := _plan({
		"azurerm_storage_account.data": {"name": "exampledata"},
		"azurerm_storage_account_network_rules.data": {"storage_account_name": "exampledata", "default_action": "Deny"},
	})
	verdict := storage.network_default_deny(lib.resources["azurerm_storage_account.data"], {}) with input as doc
	verdict.status == "pass"
	verdict.related == "azurerm_storage_account_network_rules.data"
}

test_deny_account_allowing_through_linked_rules if {
	doc := _plan({
		"azurerm_storage_account.data": {"name": "exampledata", "network_rules": [{"default_action": "Deny"}]},
		"azurerm_storage_account_network_rules.data": {"storage_account_name": "exampledata", "default_action": "Allow"},
	})
	verdict := storage.network_default_deny(lib.resources["azurerm_storage_account.data"], {}) with input as doc
	verdict.status == "fail"
	verdict.related == "azurerm_storage_account_network_rules.data"
}

test_linked_rules_give_no_verdict_of_their_own if {
	doc := _plan({
		"azurerm_storage_account.data": {"name": "exampledata"},
		"azurerm_storage_account_network_rules.data": {"storage_account_name": "exampledata", "default_action": "Allow"},
	})
	rules := lib.resources["azurerm_storage_account_network_rules.data"] with input as doc
	not storage.network_default_deny(rules, {}) with input as doc
}

test_deny_orphan_rules_allowing_every_network if {
	values := {"storage_account_name": "elsewhere", "default_action": "Allow"}
	rules := _resource("azurerm_storage_account_network_rules", values, {})
	storage.network_default_deny(rules, {}).status == "fail" with input as {}
}

test_allow_orphan_rules_denying_by_default if {
	rules := _resource("azurerm_storage_account_network_rules", {"storage_account_id": "", "default_action": "Deny"}, {})
	storage.network_default_deny(rules, {}).status == "pass" with input as {}
}

test_deny_container_open_to_anonymous_readers if {
	container := _resource("azurerm_storage_container", {"container_access_type": "container"}, {})
	storage.container_private(container, {}).status == "fail" with input as {}
}

test_allow_private_container_by_default if {
	storage.container_private(_resource("azurerm_storage_container", {}, {}), {}).status == "pass" with input as {}
}
