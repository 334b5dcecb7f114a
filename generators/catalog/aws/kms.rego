# METADATA
# title: KMS controls
# description: Checks on customer managed keys and their key policies.
package threatloop.controls.aws.kms

import rego.v1

import data.threatloop.lib

# METADATA
# title: Symmetric keys rotate yearly
# description: Asymmetric and HMAC keys cannot rotate and are not judged.
rotation_enabled(resource, _) := lib.expect(resource, ["enable_key_rotation"], [true], false, why) if {
	lib.setting(resource, ["customer_master_key_spec"], "SYMMETRIC_DEFAULT") in {
		{"state": "known", "value": "SYMMETRIC_DEFAULT"},
		{"state": "unknown"},
	}
	why := "key material never changes, so a leaked key stays useful"
}

# METADATA
# title: Key policies grant nothing to every principal
# description: |
#   Reads the key's policy and every aws_kms_key_policy that refers to it; a key without a
#   policy gets the default policy, which trusts the account only.
policy_not_public(resource, _) := lib.public_policy_verdict(documents) if {
	documents := lib.policy_documents(resource, "aws_kms_key_policy", "key_id")
}
