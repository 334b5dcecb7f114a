package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.kms
import data.threatloop.lib

test_deny_key_without_rotation if {
	kms.rotation_enabled(_resource("aws_kms_key", {}, {}), {}).status == "fail" with input as {}
}

test_allow_rotating_key if {
	key := _resource("aws_kms_key", {"enable_key_rotation": true}, {})
	kms.rotation_enabled(key, {}).status == "pass" with input as {}
}

test_asymmetric_key_is_not_judged_on_rotation if {
	key := _resource("aws_kms_key", {"customer_master_key_spec": "RSA_2048"}, {})
	not kms.rotation_enabled(key, {}) with input as {}
}

test_deny_key_policy_open_to_everyone if {
	policy := _policy([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}])
	kms.policy_not_public(_resource("aws_kms_key", {"policy": policy}, {}), {}).status == "fail" with input as {}
}

test_allow_key_policy_for_the_account if {
	principal := {"AWS": "arn:aws:iam::111122223333:root"}
	policy := _policy([{"Effect": "Allow", "Principal": principal, "Action": "kms:*", "Resource": "*"}])
	kms.policy_not_public(_resource("aws_kms_key", {"policy": policy}, {}), {}).status == "pass" with input as {}
}

test_deny_key_policy_resource_linked_to_the_key if {
	policy := _policy([{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}])
	doc := _doc(
		[_rc("aws_kms_key.k", {}, {"id": true, "policy": true}), _rc("aws_kms_key_policy.k", {"policy": policy}, {})],
		[_ref("aws_kms_key_policy.k", "key_id", "aws_kms_key.k.id"), _ref("aws_kms_key.k", "description", "var.x")],
	)
	v := kms.policy_not_public(lib.resources["aws_kms_key.k"], {}) with input as doc
	v.status == "fail"
	v.attribute == "aws_kms_key_policy.k"
}

# checkov example_KMSKeyWildcardPrincipal pass_4.
test_allow_key_policy_for_everyone_in_the_callers_account if {
	statement := {
		"Effect": "Allow",
		"Principal": {"AWS": "*"},
		"Action": "kms:*",
		"Resource": "*",
		"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}},
	}
	key := _resource("aws_kms_key", {"policy": _policy([statement])}, {})
	kms.policy_not_public(key, {}).status == "pass" with input as {}
}
