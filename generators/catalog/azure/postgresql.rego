# METADATA
# title: Azure Database for PostgreSQL controls
# description: Checks on PostgreSQL servers.
package threatloop.controls.azure.postgresql

import rego.v1

import data.threatloop.lib

# METADATA
# title: Connections must use SSL
ssl_enforced(resource, _) := lib.expect(resource, ["ssl_enforcement_enabled"], [true], false, why) if {
	why := "clients may connect without encryption"
}

# METADATA
# title: Data is encrypted twice at rest
infrastructure_encryption(resource, _) := lib.expect(resource, path, [true], false, why) if {
	path := ["infrastructure_encryption_enabled"]
	why := "data at rest has one layer of encryption, with one key"
}
