package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.gke

test_deny_cluster_with_legacy_abac if {
	cluster := _resource("google_container_cluster", {"enable_legacy_abac": true}, {})
	gke.legacy_abac_disabled(cluster, {}).status == "fail" with input as {}
}

test_allow_cluster_without_legacy_abac if {
	gke.legacy_abac_disabled(_resource("google_container_cluster", {}, {}), {}).status == "pass" with input as {}
}
