# METADATA
# title: Cloud Storage controls
# description: Checks on buckets and their IAM members and bindings.
package threatloop.controls.gcp.storage

import rego.v1

import data.threatloop.lib

_public := ["allUsers", "allAuthenticatedUsers"]

# METADATA
# title: Buckets use uniform bucket-level access
uniform_access(resource, _) := lib.expect(resource, ["uniform_bucket_level_access"], [true], false, why) if {
	why := "object ACLs can grant access that bucket IAM policies do not show"
}

# METADATA
# title: Bucket IAM grants nothing to allUsers or allAuthenticatedUsers
# scope: document
no_public_members(resource, _) := lib.expect_not(resource, ["member"], _public, null, why) if {
	resource.type == "google_storage_bucket_iam_member"
	why := "everyone on the internet gets the role on the bucket"
}

no_public_members(resource, _) := lib.expect_none_of(resource, ["members"], _public, [], why) if {
	resource.type == "google_storage_bucket_iam_binding"
	why := "everyone on the internet gets the role on the bucket"
}
