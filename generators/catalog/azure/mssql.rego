# METADATA
# title: Azure SQL controls
# description: Checks on SQL servers.
package threatloop.controls.azure.mssql

import rego.v1

import data.threatloop.lib

# METADATA
# title: SQL servers refuse connections from public networks
no_public_access(resource, _) := lib.expect(resource, ["public_network_access_enabled"], [false], true, why) if {
	why := "the server accepts connections from public networks, limited only by firewall rules"
}
