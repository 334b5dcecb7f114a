package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.ec2
import data.threatloop.lib

test_deny_every_port_open_to_the_internet if {
	rule := {"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}
	ec2.all_ports_closed(_sg([rule], {}), {}).status == "fail" with input as {}
}

test_deny_full_tcp_range_open_on_ipv6 if {
	rule := {"protocol": "tcp", "from_port": 0, "to_port": 65535, "ipv6_cidr_blocks": ["::/0"]}
	ec2.all_ports_closed(_sg([rule], {}), {}).status == "fail" with input as {}
}

test_allow_single_port_open_to_the_internet if {
	ec2.all_ports_closed(_sg([_ssh_world], {}), {}).status == "pass" with input as {}
}

test_unknown_port_range_open_to_the_internet if {
	rule := {"protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
	unknown := {"ingress": [{"from_port": true}]}
	ec2.all_ports_closed(_sg([rule], unknown), {}).status == "unknown" with input as {}
}

# Two open rules once made the verdict conflict (checkov example_SecurityGroupUnrestrictedIngress3389).
test_deny_group_with_two_open_admin_rules if {
	rdp := {"protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_blocks": ["0.0.0.0/0"]}
	verdict := ec2.admin_ports_closed(_sg([_ssh_world, rdp], {}), {}) with input as {}
	verdict.status == "fail"
	verdict.attribute == "ingress.0"
}

_instance(values, unknown) := _resource("aws_instance", values, unknown)

test_deny_instance_with_optional_tokens if {
	instance := _instance({"metadata_options": [{"http_tokens": "optional"}]}, {})
	ec2.imdsv2_required(instance, {}).status == "fail" with input as {}
}

test_deny_instance_without_metadata_options if {
	ec2.imdsv2_required(_instance({}, {}), {}).status == "fail" with input as {}
}

test_allow_required_tokens_on_a_launch_template if {
	template := _resource("aws_launch_template", {"metadata_options": [{"http_tokens": "required"}]}, {})
	ec2.imdsv2_required(template, {}).status == "pass" with input as {}
}

test_allow_metadata_endpoint_turned_off if {
	instance := _instance({"metadata_options": [{"http_endpoint": "disabled"}]}, {})
	ec2.imdsv2_required(instance, {}).status == "pass" with input as {}
}

test_unknown_tokens_known_only_at_apply if {
	instance := _instance({"metadata_options": [{}]}, {"metadata_options": [{"http_tokens": true}]})
	ec2.imdsv2_required(instance, {}).status == "unknown" with input as {}
}

test_deny_instance_with_a_public_ip if {
	ec2.no_public_ip(_instance({"associate_public_ip_address": true}, {}), {}).status == "fail" with input as {}
}

test_allow_instance_without_a_public_ip if {
	ec2.no_public_ip(_instance({"associate_public_ip_address": false}, {}), {}).status == "pass" with input as {}
}

test_deny_launch_template_interface_with_a_public_ip if {
	template := _resource("aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": true}]}, {})
	ec2.no_public_ip(template, {}).status == "fail" with input as {}
}

test_deny_launch_template_interface_with_a_public_ip_as_planned if {
	template := _resource("aws_launch_template", {"network_interfaces": [{"associate_public_ip_address": "true"}]}, {})
	ec2.no_public_ip(template, {}).status == "fail" with input as {}
}

test_deny_unencrypted_volume if {
	doc := _doc([_rc("aws_ebs_volume.v", {"encrypted": false}, {})], [])
	ec2.ebs_encrypted(lib.resources["aws_ebs_volume.v"], {}).status == "fail" with input as doc
}

# checkov example_LaunchConfigurationEBSEncryption fail3: an attached volume left unencrypted.
test_deny_unencrypted_attached_volume_beside_an_encrypted_root if {
	devices := {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"encrypted": false}]}
	v := ec2.ebs_encrypted(_instance(devices, {}), {}) with input as {}
	v.status == "fail"
	v.attribute == "ebs_block_device.0.encrypted"
}

test_allow_encrypted_root_device if {
	instance := _instance({"root_block_device": [{"encrypted": true}]}, {})
	ec2.ebs_encrypted(instance, {}).status == "pass" with input as {}
}

test_allow_unencrypted_flag_when_the_account_encrypts_by_default if {
	doc := _doc([_rc("aws_ebs_volume.v", {}, {}), _rc("aws_ebs_encryption_by_default.on", {"enabled": true}, {})], [])
	v := ec2.ebs_encrypted(lib.resources["aws_ebs_volume.v"], {}) with input as doc
	v.status == "pass"
	v.related == "aws_ebs_encryption_by_default.on"
}

# checkov example_SecurityGroupUnrestrictedIngressAny: tcp from -1 to -1.
test_deny_tcp_range_of_minus_one_open_to_the_internet if {
	rule := {"protocol": "tcp", "from_port": -1, "to_port": -1, "cidr_blocks": ["0.0.0.0/0"]}
	ec2.all_ports_closed(_sg([rule], {}), {}).status == "fail" with input as {}
}

# KICS ec2_instance_has_public_ip positive1 web2: no subnet means the default subnet.
test_deny_instance_without_subnet_in_the_default_vpc if {
	v := ec2.no_public_ip(_instance({"ami": "ami-1"}, {}), {}) with input as {}
	v.status == "fail"
	v.attribute == "subnet_id"
}

test_allow_instance_in_a_subnet_outside_the_plan if {
	ec2.no_public_ip(_instance({"subnet_id": "subnet-1"}, {}), {}).status == "pass" with input as {}
}

test_unset_public_ip_follows_the_plan_subnet if {
	every mapped in [true, false] {
		doc := _doc(
			[
				_rc("aws_instance.app", {}, {"subnet_id": true}),
				_rc("aws_subnet.a", {"map_public_ip_on_launch": mapped}, {"id": true}),
			],
			[_ref("aws_instance.app", "subnet_id", "aws_subnet.a.id")],
		)
		v := ec2.no_public_ip(lib.resources["aws_instance.app"], {}) with input as doc
		v.status == {true: "fail", false: "pass"}[mapped]
		v.related == "aws_subnet.a"
	}
}

# A group with its own open SSH ingress, and a rule resource of the given type that opens RDP on
# it, linked through the group's id, which is unknown until apply.
_group_and_rule(address, after) := _doc(
	[
		_rc("aws_security_group.g", {"ingress": [_ssh_world]}, {"id": true}),
		_rc(address, after, {"security_group_id": true}),
	],
	[_ref(address, "security_group_id", "aws_security_group.g.id")],
)

_rdp_rule := {"type": "ingress", "protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_blocks": ["0.0.0.0/0"]}

_rdp_ingress_rule := {"ip_protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_ipv4": "0.0.0.0/0"}

# Every verdict of admin_ports_closed on the plan in input, as [address, status, attribute, message].
_admin_verdicts contains [address, v.status, v.attribute, v.message] if {
	some address, resource in lib.resources
	v := ec2.admin_ports_closed(resource, _ports)
}

# checkov example_SecurityGroupUnrestrictedIngress3389: the group fails on its inline rule and the
# linked rule resource fails at its own address, for either rule type.
test_deny_linked_rule_resource_at_its_own_address if {
	cases := {
		"aws_security_group_rule.rdp": [_rdp_rule, "cidr_blocks"],
		"aws_vpc_security_group_ingress_rule.rdp": [_rdp_ingress_rule, "cidr_ipv4"],
	}
	every address, c in cases {
		_admin_verdicts == {
			["aws_security_group.g", "fail", "ingress.0", "ingress.0 admits 0.0.0.0/0 on port 22"],
			[address, "fail", c[1], "the rule admits 0.0.0.0/0 on port 3389"],
		} with input as _group_and_rule(address, c[0])
	}
}

# A model may bind only the groups: the group fails on the linked rule too, naming it.
test_linked_rule_resource_fails_its_group_too if {
	doc := _doc(
		[
			_rc("aws_security_group.g", {"name": "g"}, {"id": true}),
			_rc("aws_vpc_security_group_ingress_rule.rdp", _rdp_ingress_rule, {"security_group_id": true}),
		],
		[_ref("aws_vpc_security_group_ingress_rule.rdp", "security_group_id", "aws_security_group.g.id")],
	)
	_admin_verdicts == {
		[
			"aws_security_group.g", "fail", "aws_vpc_security_group_ingress_rule.rdp",
			"aws_vpc_security_group_ingress_rule.rdp admits 0.0.0.0/0 on port 3389",
		],
		["aws_vpc_security_group_ingress_rule.rdp", "fail", "cidr_ipv4", "the rule admits 0.0.0.0/0 on port 3389"],
	} with input as doc
}

test_unknown_source_of_a_linked_rule_resource_leaves_both_unknown if {
	rule := object.remove(_rdp_ingress_rule, ["cidr_ipv4"])
	doc := _doc(
		[
			_rc("aws_security_group.g", {"ingress": []}, {"id": true}),
			_rc("aws_vpc_security_group_ingress_rule.office", rule, {"security_group_id": true, "cidr_ipv4": true}),
		],
		[_ref("aws_vpc_security_group_ingress_rule.office", "security_group_id", "aws_security_group.g.id")],
	)
	_admin_verdicts == {
		[
			"aws_security_group.g", "unknown", "aws_vpc_security_group_ingress_rule.office",
			"aws_vpc_security_group_ingress_rule.office has a source, protocol or port known only after apply",
		],
		[
			"aws_vpc_security_group_ingress_rule.office", "unknown", "cidr_ipv4",
			"cidr_ipv4 is known only after apply",
		],
	} with input as doc
}

test_deny_rule_resources_open_on_every_port_for_both_types if {
	all_tcp := {"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}
	cases := {
		"aws_security_group_rule.all": [all_tcp, "the rule admits 0.0.0.0/0 on every port"],
		"aws_vpc_security_group_ingress_rule.all": [
			{"ip_protocol": "-1", "cidr_ipv6": "::/0"},
			"the rule admits ::/0 on every port",
		],
	}
	every address, c in cases {
		v := ec2.all_ports_closed(lib.resources[address], {}) with input as _group_and_rule(address, c[0])
		v.status == "fail"
		v.message == c[1]
	}
}

test_allow_egress_rule_resource_open_to_the_internet if {
	egress := object.union(_rdp_rule, {"type": "egress", "protocol": "-1"})
	doc := _group_and_rule("aws_security_group_rule.out", egress)
	v := ec2.all_ports_closed(lib.resources["aws_security_group_rule.out"], {}) with input as doc
	v.status == "pass"
	v.message == "the rule does not admit the internet on every port"
}

test_unknown_rule_type_is_unknown if {
	rule := object.remove(_rdp_rule, ["type"])
	doc := _doc([_rc("aws_security_group_rule.r", rule, {"type": true})], [])
	v := ec2.admin_ports_closed(lib.resources["aws_security_group_rule.r"], _ports) with input as doc
	v.status == "unknown"
	v.attribute == "type"
}

_web := {"allowed_ports": [80, 443]}

_world(protocol, from, to) := {"protocol": protocol, "from_port": from, "to_port": to, "cidr_blocks": ["0.0.0.0/0"]}

test_allow_internet_on_the_allowed_ports_only if {
	group := _sg([_world("tcp", 80, 80), _world("tcp", 443, 443)], {})
	v := ec2.internet_ingress_allowed_ports(group, _web) with input as {}
	v.status == "pass"
	v.message == "no ingress rule of the group admits the internet on a port other than 80, 443"
}

# regula ingress_anywhere_infra: a range that holds an allowed port and its neighbours fails.
test_deny_range_around_an_allowed_port if {
	v := ec2.internet_ingress_allowed_ports(_sg([_world("tcp", 442, 444)], {}), _web) with input as {}
	v.status == "fail"
	v.message == "ingress.0 admits 0.0.0.0/0 on ports 442-444"
}

test_deny_internet_on_udp_every_protocol_and_icmp if {
	every rule in [_world("udp", 53, 53), _world("-1", 0, 0), _world("icmp", 8, 0)] {
		ec2.internet_ingress_allowed_ports(_sg([rule], {}), _web).status == "fail" with input as {}
	}
}

test_deny_icmp_naming_the_protocol if {
	v := ec2.internet_ingress_allowed_ports(_sg([_world("icmp", 8, 0)], {}), _web) with input as {}
	v.message == "ingress.0 admits 0.0.0.0/0 on protocol icmp"
}

test_allow_private_source_on_any_port if {
	rule := {"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"]}
	ec2.internet_ingress_allowed_ports(_sg([rule], {}), _web).status == "pass" with input as {}
}

test_deny_allowed_port_when_no_port_is_allowed if {
	v := ec2.internet_ingress_allowed_ports(_sg([_world("tcp", 443, 443)], {}), {"allowed_ports": []}) with input as {}
	v.status == "fail"
}

test_allowed_ports_default_to_web_ports if {
	ec2.internet_ingress_allowed_ports(_sg([_world("tcp", 443, 443)], {}), {}).status == "pass" with input as {}
	ec2.internet_ingress_allowed_ports(_sg([_world("tcp", 8080, 8080)], {}), {}).status == "fail" with input as {}
}

test_unknown_source_outside_the_allowed_ports if {
	rule := {"protocol": "tcp", "from_port": 5432, "to_port": 5432}
	unknown := {"ingress": [{"cidr_blocks": true}]}
	ec2.internet_ingress_allowed_ports(_sg([rule], unknown), _web).status == "unknown" with input as {}
}

test_deny_linked_rule_resource_outside_the_allowed_ports if {
	doc := _group_and_rule("aws_vpc_security_group_ingress_rule.rdp", _rdp_ingress_rule)
	group := ec2.internet_ingress_allowed_ports(lib.resources["aws_security_group.g"], _web) with input as doc
	group.status == "fail"
	rule_resource := lib.resources["aws_vpc_security_group_ingress_rule.rdp"] with input as doc
	rule := ec2.internet_ingress_allowed_ports(rule_resource, _web) with input as doc
	rule.status == "fail"
	rule.attribute == "cidr_ipv4"
}

# Terraform before 0.15 left inline ingress blocks out of the configuration's expressions; the
# planned list is still read.
test_deny_known_ingress_the_configuration_does_not_list if {
	block := {"address": "aws_security_group.g", "mode": "managed", "type": "aws_security_group", "name": "g"}
	doc := _doc([_rc("aws_security_group.g", {"ingress": [_world("tcp", 0, 65535)]}, {})], [_declare(block, {})])
	ec2.internet_ingress_allowed_ports(lib.resources["aws_security_group.g"], _web).status == "fail" with input as doc
}
