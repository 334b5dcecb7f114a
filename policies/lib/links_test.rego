package threatloop.lib_test

import rego.v1

import data.threatloop.lib

# A bucket and its public access block linked through an id unknown at plan time.
_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_change("aws_s3_bucket.a", "", "aws_s3_bucket", "a", null, {"bucket": "alpha"}, {"id": true}),
		_change(
			"aws_s3_bucket_public_access_block.a", "", "aws_s3_bucket_public_access_block", "a", null,
			{"block_public_acls": true}, {"bucket": true},
		),
		_change("aws_s3_bucket.b", "", "aws_s3_bucket", "b", null, {"bucket": "beta"}, {"id": true}),
		_change(
			"aws_s3_bucket_public_access_block.by_name", "", "aws_s3_bucket_public_access_block", "by_name", null,
			{"bucket": "beta"}, {},
		),
		_change("module.m.aws_s3_bucket.a[0]", "module.m", "aws_s3_bucket", "a", 0, {"bucket": "m0"}, {"id": true}),
		_change("module.m.aws_s3_bucket.a[1]", "module.m", "aws_s3_bucket", "a", 1, {"bucket": "m1"}, {"id": true}),
		_change(
			"module.m.aws_s3_bucket_public_access_block.a[0]", "module.m", "aws_s3_bucket_public_access_block", "a", 0,
			{}, {"bucket": true},
		),
		_change(
			"module.m.aws_s3_bucket_public_access_block.a[1]", "module.m", "aws_s3_bucket_public_access_block", "a", 1,
			{}, {"bucket": true},
		),
	],
	"configuration": {"root_module": {
		"resources": [
			{"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "expressions": {}},
			{
				"address": "aws_s3_bucket_public_access_block.a",
				"mode": "managed",
				"type": "aws_s3_bucket_public_access_block",
				"name": "a",
				"expressions": {"bucket": {"references": ["aws_s3_bucket.a.id", "aws_s3_bucket.a"]}},
			},
		],
		"module_calls": {"m": {"module": {"resources": [{
			"address": "aws_s3_bucket_public_access_block.a",
			"mode": "managed",
			"type": "aws_s3_bucket_public_access_block",
			"name": "a",
			"expressions": {"bucket": {"references": ["aws_s3_bucket.a", "count.index"]}},
		}]}}},
	}},
}

_change(address, module, type, name, index, after, unknown) := {
	"address": address,
	"module_address": module,
	"mode": "managed",
	"type": type,
	"name": name,
	"index": index,
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown, "after_sensitive": {}},
}

test_links_a_block_through_an_unknown_id if {
	bucket := lib.resources["aws_s3_bucket.a"] with input as _plan
	linked := lib.linked(bucket, "aws_s3_bucket_public_access_block", "bucket") with input as _plan
	linked == {"aws_s3_bucket_public_access_block.a"}
}

test_links_a_block_by_the_bucket_name if {
	bucket := lib.resources["aws_s3_bucket.b"] with input as _plan
	linked := lib.linked(bucket, "aws_s3_bucket_public_access_block", "bucket") with input as _plan
	linked == {"aws_s3_bucket_public_access_block.by_name"}
}

test_links_count_instances_by_their_own_key if {
	bucket := lib.resources["module.m.aws_s3_bucket.a[1]"] with input as _plan
	linked := lib.linked(bucket, "aws_s3_bucket_public_access_block", "bucket") with input as _plan
	linked == {"module.m.aws_s3_bucket_public_access_block.a[1]"}
}

test_same_name_in_a_module_does_not_collide if {
	lib.resources["aws_s3_bucket.a"].config == "aws_s3_bucket.a" with input as _plan
	lib.resources["module.m.aws_s3_bucket.a[0]"].config == "module.m.aws_s3_bucket.a" with input as _plan
}

test_targets_reverse_the_link if {
	block := lib.resources["aws_s3_bucket_public_access_block.a"] with input as _plan
	lib.targets(block, "bucket") == {"aws_s3_bucket.a"} with input as _plan
}

test_reads_the_plan_under_input_plan if {
	count(lib.resources) == 8 with input as {"plan": _plan}
	lib.kind == "plan" with input as {"plan": _plan}
}

test_unknown_attribute_is_unknown if {
	block := lib.resources["aws_s3_bucket_public_access_block.a"] with input as _plan
	lib.attr(block, ["bucket"]) == {"state": "unknown"}
	lib.attr(block, ["block_public_acls"]) == {"state": "known", "value": true}
	lib.attr(block, ["block_public_policy"]) == {"state": "absent"}
}

test_module_config_path_drops_keys if {
	lib.module_config_path(`module.a["x.module.y"].module.b[0]`) == "module.a.module.b"
}

test_a_document_without_format_version_is_invalid if {
	lib.kind == "invalid" with input as {"foo": 1}
	count(lib.input_errors) == 1 with input as {"foo": 1}
}

# Two buckets with one name (checkov's graph cases); the block's name came from a reference to c1.
_same_name_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_change("aws_s3_bucket.c1", "", "aws_s3_bucket", "c1", null, {"bucket": "same"}, {}),
		_change("aws_s3_bucket.c2", "", "aws_s3_bucket", "c2", null, {"bucket": "same"}, {}),
		_change(
			"aws_s3_bucket_public_access_block.p", "", "aws_s3_bucket_public_access_block", "p", null,
			{"bucket": "same"}, {},
		),
	],
	"configuration": {"root_module": {"resources": [{
		"address": "aws_s3_bucket_public_access_block.p",
		"mode": "managed",
		"type": "aws_s3_bucket_public_access_block",
		"name": "p",
		"expressions": {"bucket": {"references": ["aws_s3_bucket.c1.bucket", "aws_s3_bucket.c1"]}},
	}]}},
}

test_a_referenced_value_links_through_its_reference_only if {
	block := lib.resources["aws_s3_bucket_public_access_block.p"] with input as _same_name_plan
	lib.targets(block, "bucket") == {"aws_s3_bucket.c1"} with input as _same_name_plan
	other := lib.resources["aws_s3_bucket.c2"] with input as _same_name_plan
	lib.linked(other, "aws_s3_bucket_public_access_block", "bucket") == set() with input as _same_name_plan
}
