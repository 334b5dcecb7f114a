package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.cloudtrail

_trail(values) := _resource("aws_cloudtrail", values, {})

test_deny_single_region_trail if {
	cloudtrail.multi_region(_trail({"is_multi_region_trail": false}), {}).status == "fail" with input as {}
}

test_allow_multi_region_trail if {
	cloudtrail.multi_region(_trail({"is_multi_region_trail": true}), {}).status == "pass" with input as {}
}

test_deny_trail_without_log_validation if {
	cloudtrail.log_validation(_trail({}), {}).status == "fail" with input as {}
}

test_allow_trail_with_log_validation if {
	cloudtrail.log_validation(_trail({"enable_log_file_validation": true}), {}).status == "pass" with input as {}
}

test_deny_trail_without_kms_key if {
	cloudtrail.kms_encrypted(_trail({}), {}).status == "fail" with input as {}
}

test_unknown_kms_key_created_in_the_same_plan if {
	trail := _resource("aws_cloudtrail", {}, {"kms_key_id": true})
	cloudtrail.kms_encrypted(trail, {}).status == "unknown" with input as {}
}

test_allow_trail_with_kms_key if {
	cloudtrail.kms_encrypted(_trail({"kms_key_id": "arn:aws:kms:eu-west-1:1:key/k"}), {}).status == "pass" with input as {}
}
