package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.ec2
import data.threatloop.controls.aws.iam
import data.threatloop.controls.aws.s3

_resource(type, values, unknown) := {
	"address": concat(".", [type, "x"]),
	"module": "",
	"type": type,
	"name": "x",
	"index": null,
	"config": concat(".", [type, "x"]),
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"sensitive": {},
	"deposed": null,
}

_sg(ingress, unknown) := _resource("aws_security_group", {"ingress": ingress}, unknown)

_ssh_world := {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}

_ports := {"ports": [22, 3389]}

test_deny_ssh_open_to_the_internet if {
	verdict := ec2.admin_ports_closed(_sg([_ssh_world], {}), _ports) with input as {}
	verdict.status == "fail"
	verdict.attribute == "ingress.0"
}

test_deny_all_protocols_open_on_ipv6 if {
	rule := {"protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/0"]}
	ec2.admin_ports_closed(_sg([rule], {}), _ports).status == "fail" with input as {}
}

test_allow_https_open_to_the_internet if {
	rule := {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
	ec2.admin_ports_closed(_sg([rule], {}), _ports).status == "pass" with input as {}
}

test_unknown_when_the_source_is_only_known_at_apply if {
	rule := {"protocol": "tcp", "from_port": 22, "to_port": 22}
	unknown := {"ingress": [{"cidr_blocks": true}]}
	ec2.admin_ports_closed(_sg([rule], unknown), _ports).status == "unknown" with input as {}
}

test_private_source_stays_closed_whatever_the_ports if {
	rule := {"protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}
	unknown := {"ingress": [{"from_port": true, "to_port": true}]}
	ec2.admin_ports_closed(_sg([rule], unknown), _ports).status == "pass" with input as {}
}

_policy(statement) := json.marshal({"Version": "2012-10-17", "Statement": statement})

test_deny_wildcard_admin_in_a_list_statement if {
	policy := _resource("aws_iam_policy", {"policy": _policy([{"Effect": "Allow", "Action": ["*"], "Resource": "*"}])}, {})
	iam.no_wildcard_admin(policy, {"actions": ["*", "*:*"]}).status == "fail" with input as {}
}

test_allow_scoped_policy if {
	statement := {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
	policy := _resource("aws_iam_policy", {"policy": _policy(statement)}, {})
	iam.no_wildcard_admin(policy, {"actions": ["*", "*:*"]}).status == "pass" with input as {}
}

test_deny_is_not_a_grant if {
	statement := {"Effect": "Deny", "Action": "*", "Resource": "*"}
	policy := _resource("aws_iam_policy", {"policy": _policy(statement)}, {})
	iam.no_wildcard_admin(policy, {"actions": ["*", "*:*"]}).status == "pass" with input as {}
}

test_unknown_policy_document if {
	policy := _resource("aws_iam_role_policy", {}, {"policy": true})
	iam.no_wildcard_admin(policy, {"actions": ["*"]}).status == "unknown" with input as {}
}

test_deny_bucket_without_public_access_block if {
	bucket := _resource("aws_s3_bucket", {"bucket": "b"}, {})
	s3.public_access_blocked(bucket, {}).status == "fail" with input as {"format_version": "1.2", "resource_changes": []}
}

# A plan of the given changes, with configuration blocks whose expressions name the references
# that link them.
_doc(changes, blocks) := {
	"format_version": "1.2",
	"resource_changes": changes,
	"configuration": {"root_module": {"resources": blocks}},
}

_rc(address, after, unknown) := {
	"address": address,
	"module_address": "",
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"index": null,
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown, "after_sensitive": {}},
}

# A configuration block whose attribute refers to another resource's attribute.
_ref(address, attr, target) := {
	"address": address,
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"expressions": {attr: {"references": [target, trim_suffix(target, concat("", [".", _last(target)]))]}},
}

_last(path) := parts[count(parts) - 1] if parts := split(path, ".")

# The block with the given attributes declared, as a configuration that sets them would.
_declare(block, attrs) := object.union(block, {"expressions": {attr: {} | some attr, _ in attrs}})
