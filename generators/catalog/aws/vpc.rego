# METADATA
# title: VPC controls
# description: Checks on VPCs, their subnets, network ACLs, default security groups and flow logs.
package threatloop.controls.aws.vpc

import rego.v1

import data.threatloop.lib

# METADATA
# title: Flow logs record the VPC's traffic
# description: Passes when an aws_flow_log refers to the VPC through vpc_id, even while its id is unknown.
flow_logs_enabled(resource, params) := lib.best_linked(judged, lib.missing_link("aws_flow_log", why)) if {
	why := "traffic in the VPC leaves no record"
	traffic := object.get(params, "traffic_types", ["ALL", "REJECT"])
	judged := {address: lib.expect(lib.resources[address], ["traffic_type"], traffic, null, why) |
		some address in lib.linked(resource, "aws_flow_log", "vpc_id")
	}
}

# METADATA
# title: The default security group admits and sends nothing
# description: Resources placed in the default group by omission must not inherit open rules.
default_group_closed(resource, _) := lib.worst([ingress, egress]) if {
	why := "resources that fall into the default group inherit these rules"
	ingress := lib.expect(resource, ["ingress"], [[]], [], why)
	egress := lib.expect(resource, ["egress"], [[]], [], why)
}

# METADATA
# title: Subnets do not give instances public IP addresses by default
subnet_no_public_ip(resource, _) := lib.expect_not(resource, ["map_public_ip_on_launch"], [true], false, why) if {
	why := "every instance launched into the subnet is reachable from the internet"
}

# METADATA
# title: No network ACL admits the internet on an administration port
# description: |
#   Judges a network ACL by its inline ingress entries and the aws_network_acl_rule resources
#   that refer to it, and each such rule resource at its own address too. An ACL applies the
#   entry with the lowest rule number that matches a packet, so an entry that allows 0.0.0.0/0
#   or ::/0 on one of the ports is open unless an entry with a lower number denies that same
#   range on that port. Unknown sources, ports, actions or numbers give unknown.
nacl_admin_ports_closed(resource, params) := lib.ingress_verdict(rules, _acl_pass(resource)) if {
	ports := object.get(params, "ports", [22, 3389])
	entries := _acl_entries(resource)
	rules := [rule |
		some candidate in _acl_own(resource, entries)
		rule := object.union(candidate, {"state": _acl_state(candidate, entries, ports)})
	]
}

_acls := {"aws_network_acl", "aws_default_network_acl"}

_acl_pass(resource) := {
	"status": "pass",
	"attribute": "ingress",
	"message": "no ingress entry of the network ACL admits the internet on an administration port",
} if {
	resource.type in _acls
} else := {
	"status": "pass",
	"attribute": lib.ingress_attribute(resource, _acl_rule_fields[resource.type]),
	"message": "the rule does not admit the internet on an administration port",
}

# The entries of an ACL, or for a rule resource the entries of the ACLs it belongs to (itself
# alone when its ACL is outside the plan).
_acl_entries(resource) := _acl_list(resource) if resource.type in _acls

_acl_entries(resource) := entries if {
	fields := _acl_rule_fields[resource.type]
	acls := [address |
		some address in sort(lib.targets(resource, "network_acl_id"))
		lib.resources[address].type in _acls
	]
	entries := _acl_entries_of(acls, lib.ingress_entry(resource, fields))
}

_acl_list(acl) := array.concat(
	lib.ingress_inline(acl, _acl_inline_fields),
	lib.ingress_attached(acl, _acl_rule_fields, "network_acl_id"),
)

_acl_entries_of([], own) := [own]

_acl_entries_of(acls, _) := [entry | some address in acls; some entry in _acl_list(lib.resources[address])] if {
	count(acls) > 0
}

# The entries an ACL's verdict is about: all of its own, or the rule resource alone.
_acl_own(resource, entries) := entries if resource.type in _acls

_acl_own(resource, _) := [lib.ingress_entry(resource, fields)] if fields := _acl_rule_fields[resource.type]

_acl_inline_fields := {
	"protocol": "protocol",
	"ports": ["action", "rule_no", "protocol", "from_port", "to_port"],
	"sources": ["cidr_block", "ipv6_cidr_block"],
	"action": "action",
	"number": "rule_no",
}

_acl_rule_fields := {"aws_network_acl_rule": {
	"protocol": "protocol",
	"ports": ["egress", "rule_action", "rule_number", "protocol", "from_port", "to_port"],
	"sources": ["cidr_block", "ipv6_cidr_block"],
	"egress": ["egress", true],
	"action": "rule_action",
	"number": "rule_number",
}}

# An allowing entry is open on a port when no entry before it denies its internet range there,
# and unknown while an entry that may come before it is only known after apply.
_acl_state(rule, entries, ports) := "closed" if {
	rule.egress
} else := "closed" if {
	rule.action == "deny"
} else := "open" if {
	lib.ingress_source(rule) == "internet"
	not rule.unknown_ports
	some port in ports
	lib.ingress_covers(rule, [port])
	not _acl_denied(rule, entries, port)
	not _acl_unsettled(rule, entries)
} else := "closed" if {
	lib.ingress_source(rule) == "private"
} else := "closed" if {
	lib.ingress_reach(rule, ports) == "other"
} else := "closed" if {
	not rule.unknown_ports
	not rule.unknown_cidrs
	not _acl_unsettled(rule, entries)
} else := "unknown"

# An entry with a lower number denies every internet range the allowing entry admits, on the port.
_acl_denied(rule, entries, port) if {
	is_number(rule.number)
	some other in entries
	not other.egress
	other.action == "deny"
	is_number(other.number)
	other.number < rule.number
	not other.unknown_ports
	not other.unknown_cidrs
	every c in rule.cidrs {
		_not_internet_or_in(c, other.cidrs)
	}
	lib.ingress_covers(other, [port])
}

_not_internet_or_in(c, _) if not c in lib.internet_ranges

_not_internet_or_in(c, cidrs) if c in cidrs

# Another ingress entry, not known to allow, that may come first and is only known after apply.
_acl_unsettled(rule, entries) if {
	some other in entries
	other != rule
	not other.egress
	object.get(other, "action", null) != "allow"
	_unsettled(other)
	not _after(other, rule)
}

_unsettled(entry) if entry.unknown_ports

_unsettled(entry) if entry.unknown_cidrs

_after(other, rule) if {
	is_number(other.number)
	is_number(rule.number)
	other.number > rule.number
}
