package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.secretsmanager
import data.threatloop.lib

test_deny_secret_with_the_aws_managed_key if {
	secretsmanager.kms_encrypted(_resource("aws_secretsmanager_secret", {}, {}), {}).status == "fail" with input as {}
}

# checkov example_SecretManagerSecretEncrypted default_explicit.
test_deny_secret_naming_the_aws_managed_key_alias if {
	secret := _resource("aws_secretsmanager_secret", {"kms_key_id": "alias/aws/secretsmanager"}, {})
	secretsmanager.kms_encrypted(secret, {}).status == "fail" with input as {}
}

test_allow_secret_with_a_customer_key if {
	secret := _resource("aws_secretsmanager_secret", {"kms_key_id": "arn:aws:kms:eu-west-1:1:key/k"}, {})
	secretsmanager.kms_encrypted(secret, {}).status == "pass" with input as {}
}

test_allow_secret_with_a_rotation_linked_through_an_unknown_id if {
	rotation := _rc("aws_secretsmanager_secret_rotation.db", {"rotation_rules": [{"automatically_after_days": 30}]}, {})
	doc := _doc(
		[_rc("aws_secretsmanager_secret.db", {"name": "db"}, {"id": true}), rotation],
		[_ref("aws_secretsmanager_secret_rotation.db", "secret_id", "aws_secretsmanager_secret.db.id")],
	)
	secretsmanager.rotation_enabled(lib.resources["aws_secretsmanager_secret.db"], {}).status == "pass" with input as doc
}

test_deny_secret_without_rotation if {
	doc := _doc([_rc("aws_secretsmanager_secret.db", {"name": "db"}, {"id": true})], [])
	secretsmanager.rotation_enabled(lib.resources["aws_secretsmanager_secret.db"], {}).status == "fail" with input as doc
}
