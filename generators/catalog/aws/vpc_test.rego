package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.vpc
import data.threatloop.lib

test_allow_vpc_with_flow_log_linked_through_an_unknown_id if {
	doc := _doc(
		[_rc("aws_vpc.main", {}, {"id": true}), _rc("aws_flow_log.main", {"traffic_type": "ALL"}, {"vpc_id": true})],
		[_ref("aws_flow_log.main", "vpc_id", "aws_vpc.main.id")],
	)
	vpc.flow_logs_enabled(lib.resources["aws_vpc.main"], {}).status == "pass" with input as doc
}

test_deny_vpc_without_flow_log if {
	doc := _doc([_rc("aws_vpc.main", {}, {"id": true})], [])
	vpc.flow_logs_enabled(lib.resources["aws_vpc.main"], {}).status == "fail" with input as doc
}

test_deny_default_group_with_ingress if {
	group := _resource("aws_default_security_group", {"ingress": [{"self": true}], "egress": []}, {})
	vpc.default_group_closed(group, {}).status == "fail" with input as {}
}

test_allow_default_group_without_rules if {
	group := _resource("aws_default_security_group", {"ingress": [], "egress": []}, {})
	vpc.default_group_closed(group, {}).status == "pass" with input as {}
}

test_deny_subnet_mapping_public_ips if {
	subnet := _resource("aws_subnet", {"map_public_ip_on_launch": true}, {})
	vpc.subnet_no_public_ip(subnet, {}).status == "fail" with input as {}
}

test_allow_subnet_without_public_ips if {
	vpc.subnet_no_public_ip(_resource("aws_subnet", {}, {}), {}).status == "pass" with input as {}
}

_acl(ingress, unknown) := _resource("aws_network_acl", {"ingress": ingress}, unknown)

_entry(number, action, cidr, from, to) := {
	"rule_no": number,
	"action": action,
	"protocol": "tcp",
	"cidr_block": cidr,
	"from_port": from,
	"to_port": to,
}

_ssh := {"ports": [22]}

test_deny_acl_allowing_ssh_from_the_internet if {
	v := vpc.nacl_admin_ports_closed(_acl([_entry(100, "allow", "0.0.0.0/0", 22, 22)], {}), _ssh) with input as {}
	v.status == "fail"
	v.attribute == "ingress.0"
	v.message == "ingress.0 admits 0.0.0.0/0 on port 22"
}

test_allow_acl_allowing_ssh_from_a_private_range if {
	acl := _acl([_entry(100, "allow", "10.0.0.0/16", 22, 22)], {})
	vpc.nacl_admin_ports_closed(acl, _ssh).status == "pass" with input as {}
}

# The entry with the lowest number that matches decides.
test_allow_internet_entry_behind_a_lower_numbered_deny if {
	entries := [_entry(100, "allow", "0.0.0.0/0", 0, 65535), _entry(10, "deny", "0.0.0.0/0", 20, 22)]
	vpc.nacl_admin_ports_closed(_acl(entries, {}), _ssh).status == "pass" with input as {}
}

test_deny_internet_entry_before_a_higher_numbered_deny if {
	entries := [_entry(10, "allow", "0.0.0.0/0", 0, 65535), _entry(30, "deny", "0.0.0.0/0", 20, 22)]
	vpc.nacl_admin_ports_closed(_acl(entries, {}), _ssh).status == "fail" with input as {}
}

# A deny of one port leaves the other administration port open.
test_deny_deny_that_closes_only_one_of_the_ports if {
	entries := [_entry(100, "allow", "0.0.0.0/0", 0, 65535), _entry(10, "deny", "0.0.0.0/0", 22, 22)]
	vpc.nacl_admin_ports_closed(_acl(entries, {}), {"ports": [22, 3389]}).status == "fail" with input as {}
}

test_deny_every_protocol_from_ipv6_anywhere if {
	entry := {"rule_no": 100, "action": "allow", "protocol": "-1", "ipv6_cidr_block": "::/0", "from_port": 0, "to_port": 0}
	v := vpc.nacl_admin_ports_closed(_acl([entry], {}), {}) with input as {}
	v.message == "ingress.0 admits ::/0 on every port"
}

test_unknown_deny_that_may_come_first if {
	deny := object.remove(_entry(10, "deny", "0.0.0.0/0", 22, 22), ["cidr_block"])
	acl := _acl([_entry(100, "allow", "0.0.0.0/0", 22, 22), deny], {"ingress": [{}, {"cidr_block": true}]})
	vpc.nacl_admin_ports_closed(acl, _ssh).status == "unknown" with input as {}
}

_acl_rule := {
	"rule_number": 200,
	"egress": false,
	"rule_action": "allow",
	"protocol": "tcp",
	"cidr_block": "0.0.0.0/0",
	"from_port": 3389,
	"to_port": 3389,
}

# An ACL and a rule resource that refers to it through an id known only after apply.
_acl_and_rule(ingress, rule) := _doc(
	[
		_rc("aws_network_acl.a", {"ingress": ingress}, {"id": true}),
		_rc("aws_network_acl_rule.r", rule, {"network_acl_id": true}),
	],
	[_ref("aws_network_acl_rule.r", "network_acl_id", "aws_network_acl.a.id")],
)

_acl_verdicts(params) := {[address, v.status, v.attribute] |
	some address, resource in lib.resources
	v := vpc.nacl_admin_ports_closed(resource, params)
}

test_deny_rule_resource_at_its_own_address_and_in_its_acl if {
	_acl_verdicts({}) == {
		["aws_network_acl.a", "fail", "aws_network_acl_rule.r"],
		["aws_network_acl_rule.r", "fail", "cidr_block"],
	} with input as _acl_and_rule([], _acl_rule)
}

# The ACL's own entry numbered 10 denies RDP from the internet before the rule resource's 200.
test_allow_rule_resource_behind_a_deny_of_its_acl if {
	_acl_verdicts({}) == {
		["aws_network_acl.a", "pass", "ingress"],
		["aws_network_acl_rule.r", "pass", "cidr_block"],
	} with input as _acl_and_rule([_entry(10, "deny", "0.0.0.0/0", 3389, 3389)], _acl_rule)
}

test_allow_egress_rule_resource if {
	doc := _acl_and_rule([], object.union(_acl_rule, {"egress": true}))
	vpc.nacl_admin_ports_closed(lib.resources["aws_network_acl_rule.r"], {}).status == "pass" with input as doc
}

test_deny_rule_resource_whose_acl_is_outside_the_plan if {
	doc := _doc([_rc("aws_network_acl_rule.r", object.union(_acl_rule, {"network_acl_id": "acl-1"}), {})], [])
	vpc.nacl_admin_ports_closed(lib.resources["aws_network_acl_rule.r"], {}).status == "fail" with input as doc
}

# An ACL whose ingress is only known after apply may deny RDP before the rule resource.
test_unknown_rule_resource_behind_unknown_acl_entries if {
	doc := _doc(
		[
			_rc("aws_network_acl.a", {}, {"id": true, "ingress": true}),
			_rc("aws_network_acl_rule.r", _acl_rule, {"network_acl_id": true}),
		],
		[_declare(_ref("aws_network_acl_rule.r", "network_acl_id", "aws_network_acl.a.id"), {}), _declare(
			{"address": "aws_network_acl.a", "mode": "managed", "type": "aws_network_acl", "name": "a"},
			{"ingress": true},
		)],
	)
	vpc.nacl_admin_ports_closed(lib.resources["aws_network_acl_rule.r"], {}).status == "unknown" with input as doc
}
