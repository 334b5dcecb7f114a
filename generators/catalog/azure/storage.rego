# METADATA
# title: Azure Storage controls
# description: Checks on storage accounts.
package threatloop.controls.azure.storage

import rego.v1

import data.threatloop.lib

# METADATA
# title: Storage accounts accept HTTPS only
# description: Reads https_traffic_only_enabled (azurerm 4.x) and enable_https_traffic_only (3.x).
https_only(resource, _) := lib.worst([current, legacy]) if {
	why := "requests and shared access signatures can travel over plain HTTP"
	current := lib.expect(resource, ["https_traffic_only_enabled"], [true], true, why)
	legacy := lib.expect(resource, ["enable_https_traffic_only"], [true], true, why)
}

# METADATA
# title: Storage accounts refuse TLS versions older than 1.2
min_tls(resource, _) := lib.expect(resource, ["min_tls_version"], ["TLS1_2", "TLS1_3"], "TLS1_2", why) if {
	why := "clients may negotiate TLS 1.0 or 1.1"
}

# METADATA
# title: Containers of the account cannot be made public
no_public_blobs(resource, _) := lib.best([nested, network]) if {
	why := "any container of the account can be opened to anonymous readers"
	nested := lib.expect(resource, ["allow_nested_items_to_be_public"], [false], true, why)

	# With the public endpoint closed, no anonymous reader on the internet reaches a container.
	network := lib.expect(resource, ["public_network_access_enabled"], [false], true, why)
}

# METADATA
# title: Storage accounts deny network access by default
# description: |
#   A linked azurerm_storage_account_network_rules decides over the account's own block; a rules
#   resource whose account is outside the plan is judged alone.
network_default_deny(resource, _) := _default_deny(resource, why) if {
	why := "every network, the internet included, reaches the account's endpoints"
}

_default_deny(resource, why) := lib.best([_default_action(resource, why), network]) if {
	resource.type == "azurerm_storage_account"
	network := lib.expect(resource, ["public_network_access_enabled"], [false], true, why)
}

_default_deny(resource, why) := lib.expect(resource, ["default_action"], ["Deny"], "Allow", why) if {
	resource.type == "azurerm_storage_account_network_rules"
	not _rules_attached(resource)
}

# With no linked rules resource, the account's own block decides. azurerm 3.x and later name the
# account by id; 2.x named it by name and resource group.
_default_action(account, why) := lib.best_linked(judged, own) if {
	judged := {address: lib.expect(lib.resources[address], ["default_action"], ["Deny"], "Allow", why) |
		some attr in ["storage_account_id", "storage_account_name"]
		some address in lib.linked(account, "azurerm_storage_account_network_rules", attr)
	}
	own := lib.expect(account, ["network_rules", 0, "default_action"], ["Deny"], "Allow", why)
}

_rules_attached(rules) if {
	some attr in ["storage_account_id", "storage_account_name"]
	lib.attached(rules, attr, "azurerm_storage_account")
}

# METADATA
# title: Blob containers allow no anonymous access
container_private(resource, _) := lib.expect(resource, ["container_access_type"], ["private"], "private", why) if {
	why := "anyone can read the container's blobs without a key or token"
}
