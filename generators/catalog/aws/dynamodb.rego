# METADATA
# title: DynamoDB controls
# description: Checks on tables.
package threatloop.controls.aws.dynamodb

import rego.v1

import data.threatloop.lib

# METADATA
# title: Point-in-time recovery is on
point_in_time_recovery(resource, _) := lib.expect(resource, path, [true], false, why) if {
	path := ["point_in_time_recovery", 0, "enabled"]
	why := "a bad write or delete cannot be rolled back to an earlier second"
}

# METADATA
# title: Tables are encrypted with a KMS key
# description: Passes when server_side_encryption is enabled, with a customer key when one is required.
kms_encrypted(resource, params) := lib.worst(checks) if {
	why := "the table is encrypted with a key owned by AWS, outside the account's key policies"
	enabled := lib.expect(resource, ["server_side_encryption", 0, "enabled"], [true], false, why)
	customer := [lib.expect_set(resource, ["server_side_encryption", 0, "kms_key_arn"], why) |
		object.get(params, "customer_key", false) == true
	]
	checks := array.concat([enabled], customer)
}
