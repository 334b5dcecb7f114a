package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.dynamodb

_table(values) := _resource("aws_dynamodb_table", values, {})

test_deny_table_without_point_in_time_recovery if {
	dynamodb.point_in_time_recovery(_table({}), {}).status == "fail" with input as {}
}

test_allow_table_with_point_in_time_recovery if {
	table := _table({"point_in_time_recovery": [{"enabled": true}]})
	dynamodb.point_in_time_recovery(table, {}).status == "pass" with input as {}
}

test_deny_table_with_aws_owned_key if {
	dynamodb.kms_encrypted(_table({}), {}).status == "fail" with input as {}
}

test_allow_table_with_kms_encryption if {
	table := _table({"server_side_encryption": [{"enabled": true}]})
	dynamodb.kms_encrypted(table, {}).status == "pass" with input as {}
}

test_deny_aws_managed_key_when_a_customer_key_is_required if {
	table := _table({"server_side_encryption": [{"enabled": true}]})
	dynamodb.kms_encrypted(table, {"customer_key": true}).status == "fail" with input as {}
}
