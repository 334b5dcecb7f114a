package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.eks

_cluster(values) := _resource("aws_eks_cluster", values, {})

test_deny_public_endpoint_open_to_everyone if {
	cluster := _cluster({"vpc_config": [{"endpoint_public_access": true, "public_access_cidrs": ["0.0.0.0/0"]}]})
	eks.endpoint_not_public(cluster, {}).status == "fail" with input as {}
}

# checkov example_EKSPublicAccessCIDR "empty": EKS reads an empty list as 0.0.0.0/0.
test_deny_public_endpoint_with_empty_ranges if {
	cluster := _cluster({"vpc_config": [{"public_access_cidrs": []}]})
	eks.endpoint_not_public(cluster, {}).status == "fail" with input as {}
}

test_deny_default_endpoint_settings if {
	eks.endpoint_not_public(_cluster({"vpc_config": [{"subnet_ids": ["a"]}]}), {}).status == "fail" with input as {}
}

test_allow_public_endpoint_limited_to_an_office_range if {
	cluster := _cluster({"vpc_config": [{"endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}]})
	eks.endpoint_not_public(cluster, {}).status == "pass" with input as {}
}

test_allow_private_endpoint if {
	cluster := _cluster({"vpc_config": [{"endpoint_public_access": false}]})
	eks.endpoint_not_public(cluster, {}).status == "pass" with input as {}
}

test_deny_cluster_without_secrets_encryption if {
	eks.secrets_encrypted(_cluster({}), {}).status == "fail" with input as {}
}

test_allow_cluster_with_secrets_encryption if {
	cluster := _cluster({"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "arn:k"}]}]})
	eks.secrets_encrypted(cluster, {}).status == "pass" with input as {}
}

test_deny_cluster_logging_only_api if {
	v := eks.control_plane_logging(_cluster({"enabled_cluster_log_types": ["api"]}), {}) with input as {}
	v.status == "fail"
	v.message == `enabled_cluster_log_types is ["api"]: the cluster must log api, audit, authenticator`
}

test_allow_cluster_logging_every_type if {
	types := ["api", "audit", "authenticator", "controllerManager", "scheduler"]
	eks.control_plane_logging(_cluster({"enabled_cluster_log_types": types}), {}).status == "pass" with input as {}
}
