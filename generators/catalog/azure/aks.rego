# METADATA
# title: Azure Kubernetes Service controls
# description: Checks on AKS clusters.
package threatloop.controls.azure.aks

import rego.v1

import data.threatloop.lib

# METADATA
# title: Kubernetes RBAC is on
rbac_enabled(resource, _) := lib.worst([current, legacy]) if {
	why := "every authenticated user of the API server has full access"
	current := lib.expect(resource, ["role_based_access_control_enabled"], [true], true, why)

	# azurerm 2.x wrote the same switch as a role_based_access_control block.
	legacy := lib.expect(resource, ["role_based_access_control", 0, "enabled"], [true], true, why)
}
