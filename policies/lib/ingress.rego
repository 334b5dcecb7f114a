# Ingress rules of security groups and network ACLs
#
# Reads the inline ingress blocks of a group or ACL and the rule resources that refer to it into
# one shape of entry (where it is, its protocol, ports, sources, action and rule number, and
# which of them are known only after apply), and judges an entry against a set of ports. The
# controls on security groups and network ACLs share it, so that both read the same attributes
# the same way.
package threatloop.lib

import rego.v1

# METADATA
# title: The ranges that stand for the whole internet
# scope: document
internet_ranges := {"0.0.0.0/0", "::/0"}

_all_protocols := {"-1", "all"}

_tcp := {"tcp", "6"}

# Protocols whose rules name a port range; any other protocol but "all" (ICMP) names none.
_port_protocols := {"tcp", "6", "udp", "17"}

# METADATA
# title: The inline ingress entries of a security group or network ACL
# description: |
#   fields names the block's attributes: protocol, ports (those that decide which ports it
#   opens), sources, and for ACLs action and number. An ingress attribute the configuration does
#   not declare and the plan does not know is computed from the rule resources, which are judged
#   on their own; a known list is read whether or not the configuration declares it, since
#   Terraform before 0.15 left blocks of attributes out of the configuration's expressions.
ingress_inline(container, fields) := [] if {
	undeclared(container, "ingress")
	not is_array(object.get(container.values, "ingress", null))
} else := [{
	"where": "ingress",
	"label": "ingress",
	"pending": "ingress has a source, protocol or port known only after apply",
	"egress": false,
	"unknown_ports": true,
	"unknown_cidrs": true,
}] if {
	is_unknown(container, ["ingress"])
	not is_array(object.get(container.values, "ingress", null))
} else := [_ingress_inline_entry(container, i, rule, fields) |
	some i, rule in object.get(container.values, "ingress", [])
]

_ingress_inline_entry(container, i, rule, fields) := {
	"where": path_string(["ingress", i]),
	"label": path_string(["ingress", i]),
	"pending": concat("", [path_string(["ingress", i]), " has a source, protocol or port known only after apply"]),
	"egress": false,
	"action": _ingress_action(rule, fields),
	"number": object.get(rule, object.get(fields, "number", ""), null),
	"unknown_ports": _ingress_unknown_fields(container, ["ingress", i], fields.ports),
	"unknown_cidrs": _ingress_unknown_fields(container, ["ingress", i], fields.sources),
	"protocol": object.get(rule, fields.protocol, null),
	"from": object.get(rule, "from_port", null),
	"to": object.get(rule, "to_port", null),
	"cidrs": _ingress_cidrs(rule, fields.sources),
}

# METADATA
# title: The rule resources that refer to a security group or network ACL, as entries
# description: |
#   rule_fields maps each rule resource type to its fields; attr is the attribute through which
#   it refers to the group or ACL. Each entry is named by the rule's address.
ingress_attached(container, rule_fields, attr) := [entry |
	some type, fields in rule_fields
	some address in sort(linked(container, type, attr))
	entry := object.union(ingress_entry(resources[address], fields), {
		"where": address,
		"label": address,
		"related": address,
		"pending": concat("", [address, " has a source, protocol or port known only after apply"]),
	})
]

# METADATA
# title: A rule resource as an entry
# description: Its fields also name the attribute and value that make it an egress rule.
ingress_entry(rule, fields) := {
	"where": ingress_attribute(rule, fields),
	"label": "the rule",
	"pending": concat("", [ingress_attribute(rule, fields), " is known only after apply"]),
	"egress": object.get(rule.values, fields.egress[0], null) == fields.egress[1],
	"action": _ingress_action(rule.values, fields),
	"number": object.get(rule.values, object.get(fields, "number", ""), null),
	"unknown_ports": _ingress_unknown_fields(rule, [], fields.ports),
	"unknown_cidrs": _ingress_unknown_fields(rule, [], fields.sources),
	"protocol": object.get(rule.values, fields.protocol, null),
	"from": object.get(rule.values, "from_port", null),
	"to": object.get(rule.values, "to_port", null),
	"cidrs": _ingress_cidrs(rule.values, fields.sources),
}

# Security group rules only allow; a network ACL entry allows or denies.
_ingress_action(values, fields) := "allow" if {
	not fields.action
} else := lower(value) if {
	value := object.get(values, fields.action, null)
	is_string(value)
} else := null

# METADATA
# title: The attribute a rule resource's verdict names
# description: |
#   The first one known only after apply, else the first source that holds an internet range,
#   else its first source attribute.
ingress_attribute(rule, fields) := unknown[0] if {
	unknown := [field |
		some field in array.concat(fields.sources, fields.ports)
		is_unknown(rule, [field])
	]
	count(unknown) > 0
} else := internet[0] if {
	internet := [field |
		some field in fields.sources
		some c in as_list(object.get(rule.values, field, null))
		c in internet_ranges
	]
	count(internet) > 0
} else := fields.sources[0]

_ingress_unknown_fields(resource, prefix, fields) if {
	some field in fields
	is_unknown(resource, array.concat(prefix, [field]))
}

else := false

# Every source range of a rule, from attributes that hold one range or a list of them.
_ingress_cidrs(values, fields) := [c |
	some field in fields
	some c in as_list(object.get(values, field, null))
	c != null
]

# METADATA
# title: Whether an entry admits the internet on the ports
# description: |
#   open when it is known to admit the internet on one of the ports, closed when it is an egress
#   rule or either half is known to be false, unknown otherwise. ports is a list of ports, "all"
#   (the whole range) or {"outside": allowed} (any port but the allowed ones).
ingress_state(entry, ports) := "closed" if {
	entry.egress
} else := "open" if {
	ingress_source(entry) == "internet"
	ingress_reach(entry, ports) == "covered"
} else := "closed" if {
	ingress_source(entry) == "private"
} else := "closed" if {
	ingress_reach(entry, ports) == "other"
} else := "unknown"

# METADATA
# title: Whether an entry's sources hold an internet range (internet, private or unknown)
ingress_source(entry) := "unknown" if entry.unknown_cidrs

else := "internet" if {
	some c in entry.cidrs
	c in internet_ranges
}

else := "private"

# METADATA
# title: Whether an entry reaches the ports (covered, other or unknown)
ingress_reach(entry, ports) := "unknown" if entry.unknown_ports

else := "covered" if ingress_covers(entry, ports)

else := "other"

# METADATA
# title: Whether an entry's protocol and port range reach one of the ports
# scope: document
ingress_covers(entry, _) if _protocol(entry) in _all_protocols

# A TCP range of -1 to -1 names no port of its own; it is read as every port, failing closed.
ingress_covers(entry, _) if {
	_protocol(entry) in _tcp
	entry.from == -1
	entry.to == -1
}

ingress_covers(entry, "all") if {
	is_number(entry.from)
	is_number(entry.to)
	entry.from <= 0
	entry.to >= 65535
}

ingress_covers(entry, ports) if {
	is_array(ports)
	_protocol(entry) in _tcp
	is_number(entry.from)
	is_number(entry.to)
	some port in ports
	entry.from <= port
	port <= entry.to
}

# Outside the allowed ports: every protocol (above), a protocol that names no port, or a TCP or
# UDP range holding more ports than allowed ones.
ingress_covers(entry, {"outside": _}) if {
	not _protocol(entry) in _port_protocols
	not _protocol(entry) in _all_protocols
}

ingress_covers(entry, {"outside": allowed}) if {
	_protocol(entry) in _port_protocols
	is_number(entry.from)
	is_number(entry.to)
	count({port | some port in allowed; entry.from <= port; port <= entry.to}) < (entry.to - entry.from) + 1
}

_protocol(entry) := lower(format_protocol(entry.protocol))

# METADATA
# title: A protocol value as text (the provider accepts names and numbers)
format_protocol(p) := p if is_string(p)

else := format_int(p, 10) if is_number(p)

else := ""

# METADATA
# title: The verdict on entries that carry their state
# description: |
#   The first open entry decides, so that a group with several open rules gives one verdict;
#   else the first unknown one; else the given pass verdict.
ingress_verdict(entries, pass) := {
	"status": "fail",
	"attribute": entry.where,
	"related": object.get(entry, "related", null),
	"message": concat("", [entry.label, " admits ", _ingress_sources(entry), " on ", _ingress_ports(entry)]),
} if {
	entry := entries[_ingress_first(entries, "open")]
} else := {
	"status": "unknown",
	"attribute": entry.where,
	"related": object.get(entry, "related", null),
	"message": entry.pending,
} if {
	entry := entries[_ingress_first(entries, "unknown")]
} else := pass

_ingress_first(entries, state) := min({i | some i, entry in entries; entry.state == state})

_ingress_sources(entry) := concat(" and ", sort([c | some c in entry.cidrs; c in internet_ranges]))

_ingress_ports(entry) := "every port" if _protocol(entry) in _all_protocols

else := concat("", ["protocol ", format_protocol(entry.protocol)]) if not _protocol(entry) in _port_protocols

else := concat("", ["port ", format_int(entry.from, 10)]) if entry.from == entry.to

else := concat("", ["ports ", format_int(entry.from, 10), "-", format_int(entry.to, 10)])
