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
