# METADATA
# title: MSK controls
# description: Checks on Kafka clusters.
package threatloop.controls.aws.msk

import rego.v1

import data.threatloop.lib

_transit := ["encryption_info", 0, "encryption_in_transit", 0]

# METADATA
# title: Clients and brokers talk over TLS only
tls_in_transit(resource, _) := lib.worst([client, cluster]) if {
	why := "Kafka traffic can travel in plain text"
	client := lib.expect(resource, array.concat(_transit, ["client_broker"]), ["TLS"], "TLS", why)
	cluster := lib.expect(resource, array.concat(_transit, ["in_cluster"]), [true], true, why)
}

# METADATA
# title: Data at rest is encrypted with a customer managed key
kms_at_rest(resource, _) := lib.expect_set(resource, ["encryption_info", 0, "encryption_at_rest_kms_key_arn"], why) if {
	why := "brokers encrypt data with a key owned by AWS"
}

# METADATA
# title: Brokers are not reachable from the internet
private_brokers(resource, _) := lib.expect(resource, path, ["DISABLED"], "DISABLED", why) if {
	path := ["broker_node_group_info", 0, "connectivity_info", 0, "public_access", 0, "type"]
	why := "brokers get public addresses"
}
