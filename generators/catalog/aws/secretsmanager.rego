# METADATA
# title: Secrets Manager controls
# description: Checks on secrets and the rotation resources linked to them.
package threatloop.controls.aws.secretsmanager

import rego.v1

import data.threatloop.lib

# METADATA
# title: Secrets are encrypted with a customer managed key
kms_encrypted(resource, _) := lib.worst([named, _named_aws_key(resource, why)]) if {
	why := "the secret uses the AWS managed key, which every principal of the account with access may use"
	named := lib.expect_set(resource, ["kms_key_id"], why)
}

# Naming the AWS managed key by its alias is the same as leaving kms_key_id unset.
_named_aws_key(resource, why) := {"status": "fail", "attribute": "kms_key_id", "message": why} if {
	startswith(resource.values.kms_key_id, "alias/aws/")
} else := {"status": "pass", "attribute": "kms_key_id", "message": "a customer managed key is named"}

# METADATA
# title: Secrets rotate automatically
# description: Passes when an aws_secretsmanager_secret_rotation refers to the secret with rotation rules.
rotation_enabled(resource, _) := lib.best_linked(judged, lib.missing_link(type, why)) if {
	type := "aws_secretsmanager_secret_rotation"
	why := "a leaked secret stays valid until someone changes it by hand"
	judged := {address: lib.expect_set(lib.resources[address], ["rotation_rules"], why) |
		some address in lib.linked(resource, type, "secret_id")
	}
}
