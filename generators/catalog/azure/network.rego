# METADATA
# title: Azure network controls
# description: Checks on network security rules, standalone or inline in a network security group, and on flow logs.
package threatloop.controls.azure.network

import rego.v1

import data.threatloop.lib

_internet := {"*", "0.0.0.0", "0.0.0.0/0", "internet", "any", "::/0"}

_decisive := [
	"source_address_prefix", "source_address_prefixes",
	"destination_port_range", "destination_port_ranges",
	"direction", "access", "protocol",
]

# METADATA
# title: No rule admits the internet on administration ports
# description: |
#   Inbound Allow rules for Tcp or * whose source is *, Internet, Any or 0.0.0.0/0 must not cover the ports
#   (SSH 22 and RDP 3389 by default); unknown while such a rule's source or ports are.
admin_ports_closed(resource, params) := lib.worst(array.concat([_pass], verdicts)) if {
	ports := object.get(params, "ports", [22, 3389])
	verdicts := [v | some rule in _rules(resource); v := _judge(rule, ports)]
}

_pass := {
	"status": "pass",
	"attribute": "security_rule",
	"message": "no inbound rule admits the internet on an administration port",
}

_rules(resource) := [{"where": "", "values": resource.values, "unknown": resource.unknown}] if {
	resource.type == "azurerm_network_security_rule"
}

_rules(resource) := rules if {
	resource.type == "azurerm_network_security_group"
	rules := [_inline(resource, i, rule) | some i, rule in object.get(resource.values, "security_rule", [])]
}

_inline(resource, i, rule) := {
	"where": concat("", ["security_rule.", format_int(i, 10), "."]),
	"values": rule,
	"unknown": object.get(resource.unknown, ["security_rule", i], {}),
}

_judge(rule, ports) := {
	"status": "unknown",
	"attribute": concat("", [rule.where, "source_address_prefix"]),
	"message": concat("", [rule.where, "source, ports, direction or access is only known after apply"]),
} if {
	some field in _decisive
	_unknown_field(object.get(rule.unknown, field, false))
} else := {
	"status": "fail",
	"attribute": concat("", [rule.where, "destination_port_range"]),
	"message": concat("", [object.get(rule.values, "name", "a rule"), " admits the internet on an administration port"]),
} if {
	lower(object.get(rule.values, "direction", "")) == "inbound"
	lower(object.get(rule.values, "access", "")) == "allow"
	lower(object.get(rule.values, "protocol", "*")) in {"tcp", "*"}
	_from_internet(rule.values)
	some port in ports
	_covers(rule.values, port)
}

_unknown_field(true)

_unknown_field(u) if {
	is_array(u)
	true in u
}

_list(values, one, many) := array.concat(
	lib.as_list(object.get(values, one, null)),
	lib.as_list(object.get(values, many, [])),
)

_from_internet(values) if {
	some prefix in _list(values, "source_address_prefix", "source_address_prefixes")
	lower(prefix) in _internet
}

# Any address with a /0 prefix length covers the whole address space.
_from_internet(values) if {
	some prefix in _list(values, "source_address_prefix", "source_address_prefixes")
	endswith(prefix, "/0")
}

# A range may list several ports and ranges, separated by commas ("21, 22-23,2250").
_covers(values, port) if {
	some range in _list(values, "destination_port_range", "destination_port_ranges")
	some item in split(_text(range), ",")
	_range_covers(trim_space(item), port)
}

# The provider takes ports as strings; a configuration may write a number.
_text(value) := format_int(value, 10) if is_number(value)

else := value

_range_covers("*", _)

_range_covers(range, port) if {
	parts := split(range, "-")
	count(parts) == 2
	to_number(parts[0]) <= port
	port <= to_number(parts[1])
}

_range_covers(range, port) if {
	not contains(range, "-")
	range != "*"
	to_number(range) == port
}

# METADATA
# title: Flow logs are on and kept long enough
# description: Zero days keeps the records for ever; a number written as text is read as a number.
flow_log_retention(resource, params) := lib.worst([on, retained, long]) if {
	minimum := object.get(params, "minimum_days", 90)
	why := "records of who reached what are gone before a late investigation starts"
	on := lib.expect(resource, ["enabled"], [true], false, why)
	retained := lib.expect(resource, ["retention_policy", 0, "enabled"], [true], false, why)
	days := ["retention_policy", 0, "days"]
	long := lib.best([
		lib.expect_at_least(resource, days, minimum, null, why),
		lib.expect(resource, days, [0, "0"], null, why),
	])
}
