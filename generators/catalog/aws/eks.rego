# METADATA
# title: EKS controls
# description: Checks on EKS clusters.
package threatloop.controls.aws.eks

import rego.v1

import data.threatloop.lib

# METADATA
# title: The Kubernetes API endpoint is not open to the internet
# description: Passes when the public endpoint is off, or limited to ranges other than 0.0.0.0/0.
endpoint_not_public(resource, _) := lib.best([private, ranges]) if {
	why := "the Kubernetes API accepts connections from anywhere"
	private := lib.expect(resource, ["vpc_config", 0, "endpoint_public_access"], [false], true, why)
	ranges := _ranges(resource, why)
}

# EKS takes an empty public_access_cidrs as its default, 0.0.0.0/0.
_ranges(resource, why) := {
	"status": "fail",
	"attribute": "vpc_config.0.public_access_cidrs",
	"message": concat("", ["an empty public_access_cidrs means 0.0.0.0/0: ", why]),
} if {
	resource.values.vpc_config[0].public_access_cidrs == []
} else := lib.expect_none_of(resource, ["vpc_config", 0, "public_access_cidrs"], ["0.0.0.0/0"], ["0.0.0.0/0"], why)

# METADATA
# title: Kubernetes secrets are encrypted with a KMS key
secrets_encrypted(resource, _) := lib.expect_all(resource, ["encryption_config", 0, "resources"], ["secrets"], why) if {
	why := "secrets in etcd are protected by the default encryption only"
}

# METADATA
# title: Control plane logs are sent to CloudWatch
control_plane_logging(resource, params) := lib.expect_all(resource, ["enabled_cluster_log_types"], types, why) if {
	types := object.get(params, "log_types", ["api", "audit", "authenticator"])
	why := concat("", ["the cluster must log ", concat(", ", types)])
}
