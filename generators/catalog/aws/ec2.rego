# METADATA
# title: EC2 and VPC controls
# description: Checks on security groups, their inline rules and their rule resources.
package threatloop.controls.aws.ec2

import rego.v1

import data.threatloop.lib

_internet := {"0.0.0.0/0", "::/0"}

_all_protocols := {"-1", "all"}

_tcp := {"tcp", "6"}

# METADATA
# title: No administration port is open to the internet
# description: |
#   Judges a security group by its inline ingress blocks and by the rule resources that refer to
#   it, and each aws_security_group_rule or aws_vpc_security_group_ingress_rule at its own address
#   too, whether or not its group is in the plan, so that a finding names the resource to fix
#   while a model that binds only the groups still sees every open rule. Fails when a rule
#   admits 0.0.0.0/0 or ::/0 on one of the ports (by default SSH 22 and RDP 3389), and is unknown
#   while the protocol, ports or source of such a rule are only known after apply.
admin_ports_closed(resource, params) := _verdict(resource, rules, "an administration port") if {
	ports := object.get(params, "ports", [22, 3389])
	rules := [rule |
		some candidate in _rules(resource)
		rule := object.union(candidate, {"state": _state(candidate, ports)})
	]
}

# METADATA
# title: No port at all is open to the internet
# description: |
#   Judges security groups and rule resources like admin_ports_closed, failing on rules that
#   admit 0.0.0.0/0 or ::/0 on every protocol or on the whole port range 0-65535.
all_ports_closed(resource, _) := _verdict(resource, rules, "every port") if {
	rules := [rule |
		some candidate in _rules(resource)
		rule := object.union(candidate, {"state": _state(candidate, "all")})
	]
}

_rules(resource) := array.concat(_inline(resource), _attached(resource)) if resource.type == "aws_security_group"

# A rule resource is judged on its own, also when it refers to a group of the plan, so that the
# finding names the resource to fix; the group's verdict counts it too, so that a model binding
# only the groups still sees every rule that opens them.
_rules(resource) := [_standalone(resource, fields)] if fields := _rule_fields[resource.type]

# The rule resources that refer to the group through security_group_id, named by address.
_attached(group) := [rule |
	some type, fields in _rule_fields
	some address in sort(lib.linked(group, type, "security_group_id"))
	rule := object.union(_standalone(lib.resources[address], fields), {
		"where": address,
		"label": address,
		"related": address,
		"pending": concat("", [address, " has a source, protocol or port known only after apply"]),
	})
]

# An ingress attribute the configuration does not declare is computed from the rule resources,
# which are judged on their own.
_inline(group) := [] if {
	lib.undeclared(group, "ingress")
} else := [{
	"where": "ingress",
	"label": "ingress",
	"pending": "ingress has a source, protocol or port known only after apply",
	"egress": false,
	"unknown_ports": true,
	"unknown_cidrs": true,
}] if {
	lib.is_unknown(group, ["ingress"])
	not is_array(object.get(group.values, "ingress", null))
} else := [_inline_rule(group, i, rule) | some i, rule in object.get(group.values, "ingress", [])]

_inline_rule(group, i, rule) := {
	"where": lib.path_string(["ingress", i]),
	"label": lib.path_string(["ingress", i]),
	"pending": concat("", [lib.path_string(["ingress", i]), " has a source, protocol or port known only after apply"]),
	"egress": false,
	"unknown_ports": _unknown_fields(group, ["ingress", i], ["protocol", "from_port", "to_port"]),
	"unknown_cidrs": _unknown_fields(group, ["ingress", i], ["cidr_blocks", "ipv6_cidr_blocks"]),
	"protocol": object.get(rule, "protocol", null),
	"from": object.get(rule, "from_port", null),
	"to": object.get(rule, "to_port", null),
	"cidrs": _cidrs(rule, ["cidr_blocks", "ipv6_cidr_blocks"]),
}

# The attributes of each rule resource type: its protocol, the attributes that decide which
# ports it opens (an aws_security_group_rule's type says whether it is ingress at all) and its
# source ranges.
_rule_fields := {
	"aws_security_group_rule": {
		"protocol": "protocol",
		"ports": ["type", "protocol", "from_port", "to_port"],
		"sources": ["cidr_blocks", "ipv6_cidr_blocks"],
	},
	"aws_vpc_security_group_ingress_rule": {
		"protocol": "ip_protocol",
		"ports": ["ip_protocol", "from_port", "to_port"],
		"sources": ["cidr_ipv4", "cidr_ipv6"],
	},
}

_standalone(rule, fields) := {
	"where": _rule_attribute(rule, fields),
	"label": "the rule",
	"pending": concat("", [_rule_attribute(rule, fields), " is known only after apply"]),
	"egress": object.get(rule.values, "type", null) == "egress",
	"unknown_ports": _unknown_fields(rule, [], fields.ports),
	"unknown_cidrs": _unknown_fields(rule, [], fields.sources),
	"protocol": object.get(rule.values, fields.protocol, null),
	"from": object.get(rule.values, "from_port", null),
	"to": object.get(rule.values, "to_port", null),
	"cidrs": _cidrs(rule.values, fields.sources),
}

# The attribute a rule resource's verdict names: the first one known only after apply, else the
# first source that holds an internet range, else its first source attribute.
_rule_attribute(rule, fields) := unknown[0] if {
	unknown := [field |
		some field in array.concat(fields.sources, fields.ports)
		lib.is_unknown(rule, [field])
	]
	count(unknown) > 0
} else := internet[0] if {
	internet := [field |
		some field in fields.sources
		some c in lib.as_list(object.get(rule.values, field, null))
		c in _internet
	]
	count(internet) > 0
}

else := fields.sources[0]

_unknown_fields(resource, prefix, fields) if {
	some field in fields
	lib.is_unknown(resource, array.concat(prefix, [field]))
}

else := false

# Every source range of a rule, from attributes that hold one range or a list of them.
_cidrs(values, fields) := [c |
	some field in fields
	some c in lib.as_list(object.get(values, field, null))
	c != null
]

# A rule is open when it is known to admit the internet on an admin port, closed when it is an
# egress rule or either half is known to be false, and unknown otherwise.
_state(rule, ports) := "closed" if {
	rule.egress
} else := "open" if {
	_source(rule) == "internet"
	_reach(rule, ports) == "admin"
} else := "closed" if {
	_source(rule) == "private"
} else := "closed" if {
	_reach(rule, ports) == "other"
} else := "unknown"

_source(rule) := "unknown" if rule.unknown_cidrs

else := "internet" if _internet_source(rule)

else := "private"

_reach(rule, ports) := "unknown" if rule.unknown_ports

else := "admin" if _covers(rule, ports)

else := "other"

_internet_source(rule) if {
	some c in rule.cidrs
	c in _internet
}

_covers(rule, _) if lower(format_protocol(rule.protocol)) in _all_protocols

# A TCP range of -1 to -1 names no port of its own; it is read as every port, failing closed.
_covers(rule, _) if {
	lower(format_protocol(rule.protocol)) in _tcp
	rule.from == -1
	rule.to == -1
}

_covers(rule, "all") if {
	is_number(rule.from)
	is_number(rule.to)
	rule.from <= 0
	rule.to >= 65535
}

_covers(rule, ports) if {
	is_array(ports)
	lower(format_protocol(rule.protocol)) in _tcp
	is_number(rule.from)
	is_number(rule.to)
	some port in ports
	rule.from <= port
	port <= rule.to
}

# METADATA
# title: A protocol value as text (the provider accepts names and numbers)
format_protocol(p) := p if is_string(p)

else := format_int(p, 10) if is_number(p)

else := ""

# The first open rule decides, so that a group with several open rules gives one verdict.
_verdict(resource, rules, what) := {
	"status": "fail",
	"attribute": rule.where,
	"related": object.get(rule, "related", null),
	"message": concat("", [rule.label, " admits ", _sources(rule), " on ", _ports(rule)]),
} if {
	rule := rules[_first(rules, "open")]
} else := {
	"status": "unknown",
	"attribute": rule.where,
	"related": object.get(rule, "related", null),
	"message": rule.pending,
} if {
	rule := rules[_first(rules, "unknown")]
} else := {
	"status": "pass",
	"attribute": "ingress",
	"message": concat("", ["no ingress rule of the group admits the internet on ", what]),
} if {
	resource.type == "aws_security_group"
} else := {
	"status": "pass",
	"attribute": _rule_attribute(resource, _rule_fields[resource.type]),
	"message": concat("", ["the rule does not admit the internet on ", what]),
}

_first(rules, state) := min({i | some i, rule in rules; rule.state == state})

_sources(rule) := concat(" and ", sort([c | some c in rule.cidrs; c in _internet]))

_ports(rule) := "every port" if lower(format_protocol(rule.protocol)) in _all_protocols

else := concat("", ["port ", format_int(rule.from, 10)]) if rule.from == rule.to

else := concat("", ["ports ", format_int(rule.from, 10), "-", format_int(rule.to, 10)])

_imds_why := "instance credentials can be read through IMDSv1 by server-side request forgery"

# METADATA
# title: Instances require IMDSv2 session tokens
# description: Passes when metadata_options requires tokens or turns the endpoint off.
imdsv2_required(resource, _) := lib.best([tokens, endpoint]) if {
	tokens := lib.expect(resource, ["metadata_options", 0, "http_tokens"], ["required"], "optional", _imds_why)
	endpoint := lib.expect(resource, ["metadata_options", 0, "http_endpoint"], ["disabled"], "enabled", _imds_why)
}

# METADATA
# title: Instances get no public IP address
# description: |
#   For launch templates the first network interface is read. An instance that leaves
#   associate_public_ip_address unset gets what its subnet maps: the plan's subnet when subnet_id
#   refers to one, the default subnet of the default VPC (which maps public IPs) when it names
#   no subnet or network interface at all.
no_public_ip(resource, _) := _subnet_public_ip(resource) if {
	resource.type == "aws_instance"
	lib.setting(resource, ["associate_public_ip_address"], null) == {"state": "known", "value": null}
} else := lib.expect_not(resource, path, [true, "true"], false, _public_why) if {
	# The provider keeps a launch template's flag as a string, so its plan holds "true".
	path := _public_ip_path[resource.type]
}

_public_why := "the instance is reachable from the internet"

_subnet_public_ip(resource) := object.union(v, {"related": subnet}) if {
	subnets := [a | some a in lib.targets(resource, "subnet_id"); lib.resources[a].type == "aws_subnet"]
	subnet := sort(subnets)[0]
	v := lib.expect_not(lib.resources[subnet], ["map_public_ip_on_launch"], [true], false, _public_why)
} else := {
	"status": "fail",
	"attribute": "subnet_id",
	"message": concat("", [
		"associate_public_ip_address, subnet_id and network_interface are not set: the instance ",
		"launches in the default VPC's default subnet, which gives it a public IP",
	]),
} if {
	_no_placement(resource)
} else := lib.expect_not(resource, ["associate_public_ip_address"], [true], false, _public_why)

_no_placement(resource) if {
	every attr in ["subnet_id", "network_interface"] {
		lib.setting(resource, [attr], null) == {"state": "known", "value": null}
	}
}

_public_ip_path := {
	"aws_instance": ["associate_public_ip_address"],
	"aws_launch_template": ["network_interfaces", 0, "associate_public_ip_address"],
}

_ebs_why := "data at rest on the volume is not encrypted"

# METADATA
# title: EBS volumes are encrypted
# description: |
#   Reads the volume's encrypted flag, or the root_block_device and every ebs_block_device of
#   an instance; an aws_ebs_encryption_by_default that is enabled in the same plan also passes.
ebs_encrypted(resource, _) := lib.best([own, _account_default]) if {
	root := lib.expect(resource, _encrypted_path[resource.type], [true], false, _ebs_why)
	own := lib.worst(array.concat([root], _attached_volumes(resource)))
}

_attached_volumes(resource) := [lib.expect(resource, ["ebs_block_device", i, "encrypted"], [true], false, _ebs_why) |
	resource.type == "aws_instance"
	some i, _ in object.get(resource.values, "ebs_block_device", [])
]

_encrypted_path := {
	"aws_ebs_volume": ["encrypted"],
	"aws_instance": ["root_block_device", 0, "encrypted"],
}

_account_default := lib.best_linked(judged, lib.missing_link("aws_ebs_encryption_by_default", _ebs_why)) if {
	judged := {address: lib.expect(lib.resources[address], ["enabled"], [true], true, _ebs_why) |
		some address in lib.of_type("aws_ebs_encryption_by_default")
	}
}
