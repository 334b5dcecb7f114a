# METADATA
# title: GKE controls
# description: Checks on Kubernetes Engine clusters.
package threatloop.controls.gcp.gke

import rego.v1

import data.threatloop.lib

# METADATA
# title: Legacy ABAC authorization is off
legacy_abac_disabled(resource, _) := lib.expect_not(resource, ["enable_legacy_abac"], [true], false, why) if {
	why := "legacy ABAC grants broad static permissions that RBAC cannot narrow"
}
