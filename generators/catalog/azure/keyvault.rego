# METADATA
# title: Azure Key Vault controls
# description: Checks on key vaults.
package threatloop.controls.azure.keyvault

import rego.v1

import data.threatloop.lib

# METADATA
# title: Purge protection is on
purge_protection(resource, _) := lib.expect(resource, ["purge_protection_enabled"], [true], false, why) if {
	why := "a deleted vault and its keys can be purged before the retention period ends"
}
