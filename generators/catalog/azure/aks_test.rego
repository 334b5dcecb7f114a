package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.aks

test_deny_cluster_without_rbac if {
	cluster := _resource("azurerm_kubernetes_cluster", {"role_based_access_control_enabled": false}, {})
	aks.rbac_enabled(cluster, {}).status == "fail" with input as {}
}

test_allow_cluster_with_default_rbac if {
	aks.rbac_enabled(_resource("azurerm_kubernetes_cluster", {}, {}), {}).status == "pass" with input as {}
}

# KICS aks_rbac_disabled positive2 uses the azurerm 2.x block.
test_deny_cluster_with_rbac_off_in_the_legacy_block if {
	cluster := _resource("azurerm_kubernetes_cluster", {"role_based_access_control": [{"enabled": false}]}, {})
	aks.rbac_enabled(cluster, {}).status == "fail" with input as {}
}
