package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.keyvault

test_deny_vault_without_purge_protection if {
	keyvault.purge_protection(_resource("azurerm_key_vault", {}, {}), {}).status == "fail" with input as {}
}

test_allow_vault_with_purge_protection if {
	vault := _resource("azurerm_key_vault", {"purge_protection_enabled": true}, {})
	keyvault.purge_protection(vault, {}).status == "pass" with input as {}
}
