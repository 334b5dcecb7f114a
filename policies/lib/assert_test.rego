package threatloop.lib_assert_test

import rego.v1

import data.threatloop.lib

# Buckets with versioning resources linked by an unknown id (a) and by a literal name (b), a
# bucket without one (c), an instance beside them, and queues with and without a KMS key.
_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_rc("aws_s3_bucket.a", "aws_s3_bucket", "a", {"bucket": "alpha"}, {"id": true}),
		_rc("aws_s3_bucket.b", "aws_s3_bucket", "b", {"bucket": "beta"}, {"id": true}),
		_rc("aws_s3_bucket.c", "aws_s3_bucket", "c", {"bucket": "gamma"}, {"id": true}),
		_rc(
			"aws_s3_bucket_versioning.a", "aws_s3_bucket_versioning", "a",
			{"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true},
		),
		_rc(
			"aws_s3_bucket_versioning.b", "aws_s3_bucket_versioning", "b",
			{"bucket": "beta", "versioning_configuration": [{"status": "Suspended"}]}, {},
		),
		_rc("aws_instance.i", "aws_instance", "i", {"instance_type": "t3.micro"}, {}),
		_rc("aws_kms_key.k", "aws_kms_key", "k", {"enable_key_rotation": true}, {"arn": true}),
		_rc("aws_sqs_queue.q", "aws_sqs_queue", "q", {"name": "q"}, {"kms_master_key_id": true}),
		_rc("aws_sqs_queue.plain", "aws_sqs_queue", "plain", {"name": "plain"}, {}),
		_rc("aws_sqs_queue.later", "aws_sqs_queue", "later", {"name": "later"}, {"kms_master_key_id": true}),
	],
	"configuration": {"root_module": {"resources": [
		_block("aws_s3_bucket_versioning.a", {"bucket": {"references": ["aws_s3_bucket.a.id", "aws_s3_bucket.a"]}}),
		_block("aws_sqs_queue.q", {"kms_master_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}}),
		_block("aws_sqs_queue.later", {"kms_master_key_id": {"references": ["var.key"]}}),
	]}},
}

_rc(address, type, name, after, unknown) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"name": name,
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown, "after_sensitive": {}},
}

_block(address, expressions) := {
	"address": address,
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"expressions": expressions,
}

_spec(type, relation, via, require, conditions) := {
	"type": type,
	"relation": relation,
	"via": via,
	"require": require,
	"conditions": conditions,
}

_cond(text, op, value) := {"path": _path(text), "text": text, "op": op, "value": value}

_path(text) := [_step(s) | some s in split(text, ".")]

_step(s) := to_number(s) if regex.match(`^[0-9]+$`, s)

else := s

_enabled := _cond("versioning_configuration.0.status", "equals", "Enabled")

# address to status, so tests compare whole outcomes independent of set order
_outcome(verdicts) := {v.address: v.status | some v in verdicts}

_resource := {
	"type": "aws_db_instance",
	"values": {
		"engine": "postgres",
		"port": 5432,
		"tags": {"Team": "data"},
		"rules": [{"cidr": "10.0.0.0/8"}, {"cidr": "0.0.0.0/0"}],
		"note": "x",
	},
	"unknown": {"endpoint": true, "rules": [{}, {"from": true}]},
	"sensitive": {"note": true},
}

test_every_op_passes_and_fails_as_its_table_says if {
	cases := [
		["engine", "equals", "postgres", "pass"],
		["engine", "equals", "mysql", "fail"],
		["engine", "not-equals", "mysql", "pass"],
		["engine", "not-equals", "postgres", "fail"],
		["missing", "not-equals", "postgres", "pass"],
		["engine", "in", ["mysql", "postgres"], "pass"],
		["engine", "in", ["mysql"], "fail"],
		["missing", "in", [null], "fail"],
		["engine", "not-in", ["mysql"], "pass"],
		["engine", "not-in", ["postgres"], "fail"],
		["missing", "not-in", ["postgres"], "pass"],
		["engine", "exists", null, "pass"],
		["missing", "exists", null, "fail"],
		["missing", "absent", null, "pass"],
		["engine", "absent", null, "fail"],
		["port", "gte", 5432, "pass"],
		["port", "gte", 5433, "fail"],
		["engine", "gte", 1, "fail"],
		["port", "lte", 5432, "pass"],
		["port", "lte", 80, "fail"],
		["missing", "lte", 80, "fail"],
		["engine", "matches", "post*", "pass"],
		["engine", "matches", "my*", "fail"],
		["port", "matches", "*", "fail"],
		["tags.Team", "equals", "data", "pass"],
		["rules.1.cidr", "equals", "0.0.0.0/0", "pass"],
		["rules.0.cidr", "matches", "10.*", "pass"],
		["rules.5.cidr", "exists", null, "fail"],
		["tags", "equals", {"Team": "data"}, "pass"],
	]
	every c in cases {
		lib.assertion_judge(_resource, [_cond(c[0], c[1], c[2])]).status == c[3]
	}
}

test_an_unknown_value_is_unknown_for_every_op if {
	every op in ["equals", "not-equals", "in", "not-in", "exists", "absent", "gte", "lte", "matches"] {
		lib.assertion_judge(_resource, [_cond("endpoint", op, ["x"])]).status == "unknown"
	}
}

test_an_unknown_inside_a_list_decides_only_the_paths_through_it if {
	lib.assertion_judge(_resource, [_cond("rules.1.from", "gte", 22)]).status == "unknown"
	lib.assertion_judge(_resource, [_cond("rules.1", "exists", null)]).status == "unknown"
	lib.assertion_judge(_resource, [_cond("rules.0.cidr", "exists", null)]).status == "pass"
}

test_a_failed_condition_outweighs_an_unknown_one if {
	verdict := lib.assertion_judge(_resource, [_cond("endpoint", "exists", null), _cond("port", "lte", 80)])
	verdict == {"status": "fail", "attribute": "port", "message": "port is 5432; required: lte 80"}
}

test_passing_conditions_are_all_named if {
	verdict := lib.assertion_judge(_resource, [_cond("engine", "equals", "postgres"), _cond("port", "gte", 1)])
	verdict == {"status": "pass", "attribute": "engine, port", "message": "engine is postgres; port is 5432"}
}

test_no_conditions_means_the_resource_exists if {
	lib.assertion_judge(_resource, []) == {"status": "pass", "attribute": "", "message": "aws_db_instance exists"}
}

test_messages_show_sensitive_values_as_sensitive if {
	verdict := lib.assertion_judge(_resource, [_cond("note", "equals", "y")])
	verdict.message == "note is (sensitive); required: equals y"
}

test_self_all_judges_every_bound_resource if {
	spec := _spec("aws_s3_bucket_versioning", "self", "", "all", [_enabled])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket_versioning"]}], spec) with input as _plan
	_outcome(verdicts) == {"aws_s3_bucket_versioning.a": "pass", "aws_s3_bucket_versioning.b": "fail"}
}

test_self_all_fails_when_nothing_is_selected if {
	spec := _spec("aws_s3_bucket_versioning", "self", "", "all", [_enabled])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket"]}], spec) with input as _plan
	verdicts == {{
		"status": "fail",
		"address": "aws_s3_bucket_versioning",
		"attribute": "aws_s3_bucket_versioning",
		"message": "no aws_s3_bucket_versioning of the threat's components exists; the assertion requires at least one",
	}}
}

test_self_any_gives_one_verdict_from_the_best_resource if {
	spec := _spec("aws_s3_bucket_versioning", "self", "", "any", [_enabled])
	bindings := [{"types": ["aws_s3_bucket_versioning"]}]
	_outcome(lib.assertion_verdicts(bindings, spec)) == {"aws_s3_bucket_versioning.a": "pass"} with input as _plan
	only_b := [{"types": ["aws_s3_bucket_versioning"], "addresses": ["*.b"]}]
	_outcome(lib.assertion_verdicts(only_b, spec)) == {"aws_s3_bucket_versioning.b": "fail"} with input as _plan
	none := [{"types": ["aws_s3_bucket_versioning"], "addresses": ["*.z"]}]
	_outcome(lib.assertion_verdicts(none, spec)) == {"aws_s3_bucket_versioning": "fail"} with input as _plan
}

test_self_none_fails_each_resource_and_passes_on_none if {
	spec := _spec("aws_instance", "self", "", "none", [])
	some_bound := [{"addresses": ["aws_instance.*"]}]
	_outcome(lib.assertion_verdicts(some_bound, spec)) == {"aws_instance.i": "fail"} with input as _plan
	none_bound := [{"types": ["aws_s3_bucket"]}]
	_outcome(lib.assertion_verdicts(none_bound, spec)) == {"aws_instance": "pass"} with input as _plan
}

test_references_judges_each_anchor_by_what_refers_to_it if {
	spec := _spec("aws_s3_bucket_versioning", "references", "bucket", "all", [_enabled])
	verdicts := lib.assertion_verdicts([{"addresses": ["aws_s3_bucket.*", "aws_instance.*"]}], spec) with input as _plan
	_outcome(verdicts) == {"aws_s3_bucket.a": "pass", "aws_s3_bucket.b": "fail", "aws_s3_bucket.c": "fail"}
	some a in verdicts
	a.address == "aws_s3_bucket.a"
	a.related == "aws_s3_bucket_versioning.a"
	some c in verdicts
	c.address == "aws_s3_bucket.c"
	c.message == "no aws_s3_bucket_versioning refers to this resource through bucket"
}

test_references_with_nothing_referring_fails_once if {
	spec := _spec("aws_s3_bucket_notification", "references", "bucket", "any", [])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket"]}], spec) with input as _plan
	_outcome(verdicts) == {"aws_s3_bucket_notification": "fail"}
}

test_references_of_a_known_relation_fails_each_anchor_missing_it if {
	spec := _spec("aws_s3_bucket_policy", "references", "bucket", "any", [])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket"]}], spec) with input as _plan
	_outcome(verdicts) == {"aws_s3_bucket.a": "fail", "aws_s3_bucket.b": "fail", "aws_s3_bucket.c": "fail"}
}

test_references_none_fails_on_each_referring_resource if {
	spec := _spec("aws_s3_bucket_versioning", "references", "bucket", "none", [])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket"]}], spec) with input as _plan
	_outcome(verdicts) == {
		"aws_s3_bucket_versioning.a": "fail",
		"aws_s3_bucket_versioning.b": "fail",
		"aws_s3_bucket.c": "pass",
	}
	some v in verdicts
	v.address == "aws_s3_bucket_versioning.b"
	v.related == "aws_s3_bucket.b"
	v.message == "aws_s3_bucket_versioning.b exists, and the assertion requires that none does"
}

test_references_keeps_an_unknown_condition_unknown if {
	spec := _spec("aws_s3_bucket_versioning", "references", "bucket", "all", [_cond("mfa_delete", "equals", "Enabled")])
	changes := [
		_rc("aws_s3_bucket.a", "aws_s3_bucket", "a", {"bucket": "alpha"}, {"id": true}),
		_rc(
			"aws_s3_bucket_versioning.a", "aws_s3_bucket_versioning", "a",
			{"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true, "mfa_delete": true},
		),
	]
	plan := object.union(_plan, {"resource_changes": changes})
	verdicts := lib.assertion_verdicts([{"addresses": ["aws_s3_bucket.a"]}], spec) with input as plan
	_outcome(verdicts) == {"aws_s3_bucket.a": "unknown"}
}

test_referenced_by_judges_what_each_anchor_refers_to if {
	rotates := _cond("enable_key_rotation", "equals", true)
	spec := _spec("aws_kms_key", "referenced-by", "kms_master_key_id", "all", [rotates])
	verdicts := lib.assertion_verdicts([{"types": ["aws_sqs_queue"]}], spec) with input as _plan
	_outcome(verdicts) == {"aws_sqs_queue.q": "pass", "aws_sqs_queue.plain": "fail", "aws_sqs_queue.later": "unknown"}
	messages := {v.address: v.message | some v in verdicts}
	messages["aws_sqs_queue.q"] == "aws_kms_key.k: enable_key_rotation is true"
	messages["aws_sqs_queue.plain"] == "kms_master_key_id refers to no aws_kms_key"
	later := "kms_master_key_id is only known after apply, so the related aws_kms_key is not known"
	messages["aws_sqs_queue.later"] == later
}

test_referenced_by_any_passes_on_one_good_target if {
	spec := _spec("aws_kms_key", "referenced-by", "kms_master_key_id", "any", [])
	verdicts := lib.assertion_verdicts([{"addresses": ["aws_sqs_queue.q"]}], spec) with input as _plan
	verdicts == {{
		"status": "pass",
		"address": "aws_sqs_queue.q",
		"related": "aws_kms_key.k",
		"attribute": "",
		"message": "aws_kms_key.k: aws_kms_key exists",
	}}
}

test_referenced_by_none_fails_on_the_target if {
	spec := _spec("aws_kms_key", "referenced-by", "kms_master_key_id", "none", [])
	bindings := [{"addresses": ["aws_sqs_queue.q", "aws_sqs_queue.plain"]}]
	verdicts := lib.assertion_verdicts(bindings, spec) with input as _plan
	_outcome(verdicts) == {"aws_kms_key.k": "fail", "aws_sqs_queue.plain": "pass"}
	some v in verdicts
	v.address == "aws_kms_key.k"
	v.related == "aws_sqs_queue.q"
}

test_referenced_by_without_an_anchor_that_sets_via_fails_once if {
	spec := _spec("aws_kms_key", "referenced-by", "kms_master_key_id", "all", [])
	verdicts := lib.assertion_verdicts([{"types": ["aws_s3_bucket"]}], spec) with input as _plan
	verdicts == {{
		"status": "fail",
		"address": "aws_kms_key",
		"attribute": "aws_kms_key",
		"message": concat("", [
			"no resource of the threat's components refers through kms_master_key_id to any aws_kms_key; ",
			"the assertion requires at least one",
		]),
	}}
}

test_bound_any_selects_every_type_without_a_types_list if {
	bound := lib.bound_any([{"addresses": ["aws_s3_bucket.a", "aws_instance.*"]}]) with input as _plan
	bound == {"aws_s3_bucket.a", "aws_instance.i"}
	typed := lib.bound_any([{"types": ["aws_instance"], "addresses": ["*"]}]) with input as _plan
	typed == {"aws_instance.i"}
}
