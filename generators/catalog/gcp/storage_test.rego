package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.storage

test_deny_bucket_without_uniform_access if {
	storage.uniform_access(_resource("google_storage_bucket", {}, {}), {}).status == "fail" with input as {}
}

test_allow_bucket_with_uniform_access if {
	bucket := _resource("google_storage_bucket", {"uniform_bucket_level_access": true}, {})
	storage.uniform_access(bucket, {}).status == "pass" with input as {}
}

test_deny_member_all_users if {
	values := {"member": "allUsers", "role": "roles/storage.objectViewer"}
	member := _resource("google_storage_bucket_iam_member", values, {})
	storage.no_public_members(member, {}).status == "fail" with input as {}
}

test_deny_binding_with_all_authenticated_users if {
	values := {"members": ["user:a@example.com", "allAuthenticatedUsers"]}
	binding := _resource("google_storage_bucket_iam_binding", values, {})
	storage.no_public_members(binding, {}).status == "fail" with input as {}
}

test_allow_binding_for_a_group if {
	binding := _resource("google_storage_bucket_iam_binding", {"members": ["group:readers@example.com"]}, {})
	storage.no_public_members(binding, {}).status == "pass" with input as {}
}
