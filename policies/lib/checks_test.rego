package threatloop.lib_test

import rego.v1

import data.threatloop.lib

# A trail whose kms_key_id is unknown at plan time, set by the given expression's references.
_trail(references) := {
	"format_version": "1.2",
	"resource_changes": [_change(
		"aws_cloudtrail.t", "", "aws_cloudtrail", "t", null,
		{"name": "t", "logging": [{}]}, {"kms_key_id": true, "logging": [{"target_bucket": true}]},
	)],
	"configuration": {"root_module": {"resources": [{
		"address": "aws_cloudtrail.t",
		"mode": "managed",
		"type": "aws_cloudtrail",
		"name": "t",
		"expressions": {
			"kms_key_id": {"references": references},
			"logging": [{"target_bucket": {"references": references}}],
		},
	}]}},
}

test_a_value_set_from_a_managed_resources_arn_is_set if {
	doc := _trail(["aws_kms_key.k.arn", "aws_kms_key.k"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "pass"
	v.message == "kms_key_id is set from aws_kms_key.k.arn"
}

test_a_pinned_instance_id_in_a_nested_block_is_set if {
	doc := _trail(["aws_s3_bucket.logs[0].id", "aws_s3_bucket.logs[0]", "aws_s3_bucket.logs"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["logging", 0, "target_bucket"], "why") with input as doc
	v.status == "pass"
}

test_a_value_that_a_variable_may_also_decide_stays_unknown if {
	doc := _trail(["var.encrypt", "aws_kms_key.k.arn", "aws_kms_key.k"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "unknown"
}

test_a_value_from_another_attribute_stays_unknown if {
	doc := _trail(["aws_kms_key.k.description", "aws_kms_key.k"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "unknown"
}

test_a_value_from_a_data_source_stays_unknown if {
	doc := _trail(["data.aws_kms_key.k.arn", "data.aws_kms_key.k"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "unknown"
}

test_a_value_from_an_instance_picked_by_count_index_stays_unknown if {
	doc := _trail(["aws_kms_key.k", "count.index"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "unknown"
}

test_a_resource_whose_name_starts_alike_is_another_resource if {
	doc := _trail(["aws_kms_key.k.arn", "aws_kms_key.key2.arn"])
	v := lib.expect_set(lib.resources["aws_cloudtrail.t"], ["kms_key_id"], "why") with input as doc
	v.status == "unknown"
}

# A resource created with the given values and nothing unknown.
_created(values) := {
	"address": "azurerm_network_watcher_flow_log.x",
	"module": "",
	"type": "azurerm_network_watcher_flow_log",
	"name": "x",
	"index": null,
	"config": "azurerm_network_watcher_flow_log.x",
	"actions": ["create"],
	"values": values,
	"unknown": {},
	"sensitive": {},
	"deposed": null,
}

test_a_number_written_as_text_is_compared_as_a_number if {
	lib.expect_at_least(_created({"days": "100"}), ["days"], 90, null, "why").status == "pass" with input as {}
	lib.expect_at_least(_created({"days": "7"}), ["days"], 90, null, "why").status == "fail" with input as {}
}

test_a_text_that_is_no_number_is_below_any_minimum if {
	lib.expect_at_least(_created({"days": "ninety"}), ["days"], 90, null, "why").status == "fail" with input as {}
}
