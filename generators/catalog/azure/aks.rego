# METADATA
# title: Azure Kubernetes Service controls
# description: Checks on AKS clusters.
package threatloop.controls.azure.aks

import rego.v1

import data.threatloop.lib

# METADATA
# title: Kubernetes RBAC is on
rbac_enabled(resource, _) := lib.expect(resource, ["role_based_access_control_enabled"], [true], true, why) if {
	why := "every authenticated user of the API server has full access"
}
