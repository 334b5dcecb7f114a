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
