# METADATA
# title: EC2 and VPC controls
# description: Checks on instances, launch templates, volumes and security groups with their rule resources.
package threatloop.controls.aws.ec2

import rego.v1

import data.threatloop.lib

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
		rule := object.union(candidate, {"state": lib.ingress_state(candidate, ports)})
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
		rule := object.union(candidate, {"state": lib.ingress_state(candidate, "all")})
	]
}

# METADATA
# title: The internet reaches no port but the allowed ones
# description: |
#   Judges security groups and rule resources like admin_ports_closed, failing on rules that
#   admit 0.0.0.0/0 or ::/0 on every protocol, on a protocol without ports such as ICMP, or on a
#   TCP or UDP range holding a port that is not one of the allowed ports (by default 80 and 443).
internet_ingress_allowed_ports(resource, params) := _verdict(resource, rules, what) if {
	allowed := object.get(params, "allowed_ports", [80, 443])
	what := _outside_what(allowed)
	rules := [rule |
		some candidate in _rules(resource)
		rule := object.union(candidate, {"state": lib.ingress_state(candidate, {"outside": allowed})})
	]
}

_outside_what([]) := "any port"

_outside_what(allowed) := concat("", ["a port other than ", concat(", ", [format_int(p, 10) | some p in allowed])]) if {
	count(allowed) > 0
}

_rules(resource) := array.concat(
	lib.ingress_inline(resource, _group_fields),
	lib.ingress_attached(resource, _rule_fields, "security_group_id"),
) if {
	resource.type == "aws_security_group"
}

# A rule resource is judged on its own, also when it refers to a group of the plan, so that the
# finding names the resource to fix; the group's verdict counts it too, so that a model binding
# only the groups still sees every rule that opens them.
_rules(resource) := [lib.ingress_entry(resource, fields)] if fields := _rule_fields[resource.type]

# The attributes of an inline ingress block of a security group.
_group_fields := {
	"protocol": "protocol",
	"ports": ["protocol", "from_port", "to_port"],
	"sources": ["cidr_blocks", "ipv6_cidr_blocks"],
}

# The attributes of each rule resource type: its protocol, the attributes that decide which
# ports it opens (an aws_security_group_rule's type says whether it is ingress at all), its
# source ranges, and the attribute and value that make it an egress rule.
_rule_fields := {
	"aws_security_group_rule": {
		"protocol": "protocol",
		"ports": ["type", "protocol", "from_port", "to_port"],
		"sources": ["cidr_blocks", "ipv6_cidr_blocks"],
		"egress": ["type", "egress"],
	},
	"aws_vpc_security_group_ingress_rule": {
		"protocol": "ip_protocol",
		"ports": ["ip_protocol", "from_port", "to_port"],
		"sources": ["cidr_ipv4", "cidr_ipv6"],
		"egress": ["type", "egress"],
	},
}

_verdict(resource, rules, what) := lib.ingress_verdict(rules, _pass(resource, what))

_pass(resource, what) := {
	"status": "pass",
	"attribute": "ingress",
	"message": concat("", ["no ingress rule of the group admits the internet on ", what]),
} if {
	resource.type == "aws_security_group"
} else := {
	"status": "pass",
	"attribute": lib.ingress_attribute(resource, _rule_fields[resource.type]),
	"message": concat("", ["the rule does not admit the internet on ", what]),
}

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
