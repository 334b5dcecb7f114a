package threatloop.lib_test

import rego.v1

import data.threatloop.lib

_resource := {
	"values": {"name": "db", "password": "hunter2", "tags": {"Owner": "ops", "Token": "t0k3n"}, "port": 5432},
	"unknown": {"endpoint": true, "ingress": [{}, {"cidr_blocks": true}]},
	"sensitive": {"password": true, "tags": {"Token": true}},
}

test_attr_is_known_unknown_or_absent if {
	lib.attr(_resource, ["name"]) == {"state": "known", "value": "db"}
	lib.attr(_resource, ["endpoint"]) == {"state": "unknown"}
	lib.attr(_resource, ["ingress"]) == {"state": "unknown"}
	lib.attr(_resource, ["ingress", 1, "cidr_blocks", 0]) == {"state": "unknown"}
	lib.attr(_resource, ["missing"]) == {"state": "absent"}
}

test_a_known_part_beside_an_unknown_one_stays_known if {
	lib.attr(_resource, ["port"]) == {"state": "known", "value": 5432}
	not lib.is_unknown(_resource, ["ingress", 0])
}

test_shown_redacts_sensitive_values_and_what_holds_them if {
	lib.shown(_resource, ["password"]) == "(sensitive)"
	lib.shown(_resource, ["tags", "Token"]) == "(sensitive)"
	lib.shown(_resource, ["tags"]) == "(sensitive)"
	lib.shown(_resource, ["tags", "Owner"]) == "ops"
	lib.shown(_resource, ["name"]) == "db"
}

test_a_sensitive_value_is_still_judged_by_its_value if {
	lib.attr(_resource, ["password"]) == {"state": "known", "value": "hunter2"}
	lib.is_sensitive(_resource, ["password"])
	not lib.is_sensitive(_resource, ["name"])
}

_secret_plan := {
	"format_version": "1.2",
	"resource_changes": [{
		"address": "aws_db_instance.x",
		"mode": "managed",
		"type": "aws_db_instance",
		"name": "x",
		"change": {
			"actions": ["create"],
			"after": {"password": "hunter22", "port": 5432, "tags": {"note": "ok"}},
			"after_unknown": {},
			"after_sensitive": {"password": true, "port": true},
		},
	}],
}

test_redacted_replaces_sensitive_values_in_messages if {
	verdict := {"address": "aws_db_instance.x", "message": "password hunter22 on port 5432, note ok"}
	lib.redacted(verdict) == "password (sensitive) on port (sensitive), note ok" with input as _secret_plan
}

test_redacted_leaves_messages_without_secrets_alone if {
	verdict := {"address": "aws_db_instance.x", "related": null, "message": "nothing to hide"}
	lib.redacted(verdict) == "nothing to hide" with input as _secret_plan
}
