package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.elasticache

_group(values, unknown) := _resource("aws_elasticache_replication_group", values, unknown)

test_deny_redis_group_without_encryption_at_rest if {
	every values in [{}, {"at_rest_encryption_enabled": false}] {
		elasticache.encrypted_at_rest(_group(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_group_encrypted_at_rest if {
	every values in [{"at_rest_encryption_enabled": true}, {"engine": "valkey"}] {
		elasticache.encrypted_at_rest(_group(values, {}), {}).status == "pass" with input as {}
	}
}

test_unknown_engine_leaves_the_default_unknown if {
	group := _group({}, {"engine": true})
	elasticache.encrypted_at_rest(group, {}).status == "unknown" with input as {}
	set_flag := _group({"at_rest_encryption_enabled": false}, {"engine": true})
	elasticache.encrypted_at_rest(set_flag, {}).status == "fail" with input as {}
}

test_deny_group_without_encryption_in_transit if {
	elasticache.encrypted_in_transit(_group({}, {}), {}).status == "fail" with input as {}
}

test_deny_group_accepting_plain_connections_in_preferred_mode if {
	group := _group({"transit_encryption_enabled": true, "transit_encryption_mode": "preferred"}, {})
	v := elasticache.encrypted_in_transit(group, {}) with input as {}
	v.status == "fail"
	v.attribute == "transit_encryption_mode"
}

test_allow_group_requiring_tls if {
	every mode in [{}, {"transit_encryption_mode": "required"}] {
		group := _group(object.union({"transit_encryption_enabled": true}, mode), {})
		elasticache.encrypted_in_transit(group, {}).status == "pass" with input as {}
	}
}
