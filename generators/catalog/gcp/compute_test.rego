package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.compute
import data.threatloop.lib

_firewall(values, unknown) := _resource("google_compute_firewall", values, unknown)

_ports := {"ports": [22, 3389]}

test_deny_ssh_from_anywhere if {
	firewall := _firewall({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {})
	compute.admin_ports_closed(firewall, _ports).status == "fail" with input as {}
}

test_deny_all_protocols_from_anywhere if {
	firewall := _firewall({"direction": "INGRESS", "source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "all"}]}, {})
	compute.admin_ports_closed(firewall, _ports).status == "fail" with input as {}
}

test_deny_port_range_covering_rdp if {
	firewall := _firewall({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["3000-4000"]}]}, {})
	compute.admin_ports_closed(firewall, _ports).status == "fail" with input as {}
}

test_allow_https_from_anywhere if {
	firewall := _firewall({"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}, {})
	compute.admin_ports_closed(firewall, _ports).status == "pass" with input as {}
}

test_allow_ssh_from_iap if {
	firewall := _firewall({"source_ranges": ["35.235.240.0/20"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {})
	compute.admin_ports_closed(firewall, _ports).status == "pass" with input as {}
}

test_unknown_source_ranges if {
	firewall := _firewall({"allow": [{"protocol": "tcp", "ports": ["22"]}]}, {"source_ranges": true})
	compute.admin_ports_closed(firewall, _ports).status == "unknown" with input as {}
}

_vm(values) := _resource("google_compute_instance", values, {})

test_deny_instance_with_an_access_config if {
	vm := _vm({"network_interface": [{"network": "default", "access_config": [{}]}]})
	compute.no_public_ip(vm, {}).status == "fail" with input as {}
}

test_allow_instance_without_an_access_config if {
	compute.no_public_ip(_vm({"network_interface": [{"network": "default"}]}), {}).status == "pass" with input as {}
}

test_deny_instance_without_secure_boot if {
	compute.shielded_secure_boot(_vm({}), {}).status == "fail" with input as {}
}

test_allow_instance_with_secure_boot if {
	vm := _vm({"shielded_instance_config": [{"enable_secure_boot": true}]})
	compute.shielded_secure_boot(vm, {}).status == "pass" with input as {}
}

test_deny_instance_with_serial_port if {
	compute.serial_port_disabled(_vm({"metadata": {"serial-port-enable": "true"}}), {}).status == "fail" with input as {}
}

test_allow_instance_without_serial_port if {
	compute.serial_port_disabled(_vm({"metadata": {}}), {}).status == "pass" with input as {}
}

_ssh_world := {"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["22", "3389"]}]}

_deny_world := {"source_ranges": ["0.0.0.0/0"], "deny": [{"protocol": "all"}]}

# A plan with network n and one firewall per entry (name: [values, unknown, network reference]).
_firewalls(entries) := _doc(
	array.concat(
		[_rc("google_compute_network.n", {"name": "n"}, {"id": true})],
		[_rc(concat(".", ["google_compute_firewall", name]), e[0], e[1]) | some name, e in entries],
	),
	[_block(concat(".", ["google_compute_firewall", name]), object.union(e[0], e[1]), "network", e[2]) |
		some name, e in entries
	],
)

# Every verdict of admin_ports_closed with the given ports on the plan in input, by address.
_firewall_verdicts(ports) := {address: v.status |
	some address, resource in lib.resources
	resource.type == "google_compute_firewall"
	v := compute.admin_ports_closed(resource, {"ports": ports})
}

test_allow_internet_ssh_overridden_by_a_deny_at_equal_priority if {
	doc := _firewalls({
		"allow": [object.union(_ssh_world, {"priority": 100}), {}, "google_compute_network.n.name"],
		"deny": [object.union(_deny_world, {"priority": 100}), {}, "google_compute_network.n.name"],
	})
	verdicts := _firewall_verdicts([22, 3389]) with input as doc
	verdicts == {"google_compute_firewall.allow": "pass", "google_compute_firewall.deny": "pass"}
}

test_deny_internet_ssh_when_the_deny_has_a_lower_priority if {
	doc := _firewalls({
		"allow": [object.union(_ssh_world, {"priority": 1}), {}, "google_compute_network.n.name"],
		"deny": [_deny_world, {}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_deny_internet_ssh_when_the_deny_is_on_another_network if {
	doc := _firewalls({
		"allow": [_ssh_world, {}, "google_compute_network.n.name"],
		"deny": [object.union(_deny_world, {"priority": 1}), {}, "google_compute_network.other.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_deny_port_the_deny_leaves_open if {
	deny := {"source_ranges": ["0.0.0.0/0"], "priority": 1, "deny": [{"protocol": "tcp", "ports": ["22"]}]}
	doc := _firewalls({
		"allow": [_ssh_world, {}, "google_compute_network.n.name"],
		"deny": [deny, {}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "pass" with input as doc
	_firewall_verdicts([3389])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_deny_targeted_deny_does_not_cover_an_allow_for_every_instance if {
	deny := object.union(_deny_world, {"priority": 1, "target_tags": ["web"]})
	doc := _firewalls({
		"allow": [_ssh_world, {}, "google_compute_network.n.name"],
		"deny": [deny, {}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_allow_targeted_allow_covered_by_a_deny_for_its_tags if {
	doc := _firewalls({
		"allow": [object.union(_ssh_world, {"target_tags": ["web"]}), {}, "google_compute_network.n.name"],
		"deny": [object.union(_deny_world, {"target_tags": ["web", "db"]}), {}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "pass" with input as doc
}

test_deny_disabled_deny_overrides_nothing if {
	doc := _firewalls({
		"allow": [_ssh_world, {}, "google_compute_network.n.name"],
		"deny": [object.union(_deny_world, {"disabled": true}), {}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_unknown_priority_of_a_deny_on_the_network if {
	doc := _firewalls({
		"allow": [_ssh_world, {}, "google_compute_network.n.name"],
		"deny": [_deny_world, {"priority": true}, "google_compute_network.n.name"],
	})
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "unknown" with input as doc
}

test_allow_disabled_firewall_admits_nothing if {
	firewall := _firewall(object.union(_ssh_world, {"disabled": true}), {})
	compute.admin_ports_closed(firewall, _ports).status == "pass" with input as {}
}

# Firewalls that name the network by its literal name are matched to it through the relation.
test_allow_deny_matched_by_the_literal_network_name if {
	doc := _doc(
		[
			_rc("google_compute_network.n", {"name": "n"}, {"id": true}),
			_rc("google_compute_firewall.allow", object.union(_ssh_world, {"network": "n"}), {}),
			_rc("google_compute_firewall.deny", object.union(_deny_world, {"network": "n"}), {}),
		],
		[],
	)
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "pass" with input as doc
}

test_deny_internet_ssh_on_a_network_outside_the_plan if {
	doc := _doc(
		[
			_rc("google_compute_firewall.allow", object.union(_ssh_world, {"network": "default"}), {}),
			_rc("google_compute_firewall.deny", object.union(_deny_world, {"network": "default"}), {}),
		],
		[],
	)
	_firewall_verdicts([22])["google_compute_firewall.allow"] == "fail" with input as doc
}

test_deny_instance_without_block_project_ssh_keys if {
	compute.block_project_ssh_keys(_vm({"metadata": {"foo": "bar"}}), {}).status == "fail" with input as {}
	compute.block_project_ssh_keys(_vm({}), {}).status == "fail" with input as {}
}

test_deny_template_that_sets_block_project_ssh_keys_false if {
	template := _resource("google_compute_instance_template", {"metadata": {"block-project-ssh-keys": "false"}}, {})
	compute.block_project_ssh_keys(template, {}).status == "fail" with input as {}
}

test_allow_block_project_ssh_keys_in_any_true_spelling if {
	every value in [true, "TRUE", "True", "1"] {
		vm := _vm({"metadata": {"block-project-ssh-keys": value}})
		compute.block_project_ssh_keys(vm, {}).status == "pass" with input as {}
	}
}

test_unknown_block_project_ssh_keys_known_at_apply if {
	vm := _resource("google_compute_instance", {"metadata": {}}, {"metadata": {"block-project-ssh-keys": true}})
	compute.block_project_ssh_keys(vm, {}).status == "unknown" with input as {}
}

test_deny_instance_turning_os_login_off if {
	every value in [false, "FALSE", "false", "0"] {
		vm := _vm({"metadata": {"enable-oslogin": value}})
		compute.os_login_not_disabled(vm, {}).status == "fail" with input as {}
	}
}

test_allow_instance_that_keeps_the_project_os_login_setting if {
	compute.os_login_not_disabled(_vm({"metadata": {"foo": "bar"}}), {}).status == "pass" with input as {}
	compute.os_login_not_disabled(_vm({}), {}).status == "pass" with input as {}
	compute.os_login_not_disabled(_vm({"metadata": {"enable-oslogin": "TRUE"}}), {}).status == "pass" with input as {}
}

_subnet(values, unknown) := _resource("google_compute_subnetwork", values, unknown)

test_deny_subnet_without_log_config if {
	compute.subnet_flow_logs(_subnet({"ip_cidr_range": "10.0.0.0/16"}, {}), {}).status == "fail" with input as {}
	compute.subnet_flow_logs(_subnet({"log_config": []}, {}), {}).status == "fail" with input as {}
}

test_allow_subnet_with_log_config if {
	subnet := _subnet({"log_config": [{"aggregation_interval": "INTERVAL_10_MIN"}]}, {})
	compute.subnet_flow_logs(subnet, {}).status == "pass" with input as {}
}

test_unknown_log_config_known_at_apply if {
	compute.subnet_flow_logs(_subnet({}, {"log_config": true}), {}).status == "unknown" with input as {}
}

test_proxy_only_subnet_gets_no_flow_log_verdict if {
	subnet := _subnet({"purpose": "REGIONAL_MANAGED_PROXY"}, {})
	not compute.subnet_flow_logs(subnet, {}) with input as {}
}

_disk(values, unknown) := _resource("google_compute_disk", values, unknown)

test_deny_disk_with_a_google_managed_key if {
	compute.customer_key(_disk({"name": "d"}, {}), {}).status == "fail" with input as {}
	compute.customer_key(_disk({"disk_encryption_key": [{"sha256": "A"}]}, {}), {}).status == "fail" with input as {}
	compute.customer_key(_disk({"disk_encryption_key": [{"raw_key": ""}]}, {}), {}).status == "fail" with input as {}
}

test_allow_disk_with_a_customer_supplied_or_kms_key if {
	every key in [{"raw_key": "SGVsbG8="}, {"rsa_encrypted_key": "SGVsbG8="}, {"kms_key_self_link": "projects/p/k"}] {
		compute.customer_key(_disk({"disk_encryption_key": [key]}, {}), {}).status == "pass" with input as {}
	}
}

test_deny_kms_key_when_only_customer_supplied_keys_count if {
	disk := _disk({"disk_encryption_key": [{"kms_key_self_link": "projects/p/k"}]}, {})
	compute.customer_key(disk, {"kinds": ["customer-supplied"]}).status == "fail" with input as {}
}

test_unknown_kms_key_known_at_apply if {
	disk := _disk({"disk_encryption_key": [{}]}, {"disk_encryption_key": [{"kms_key_self_link": true}]})
	compute.customer_key(disk, {}).status == "unknown" with input as {}
}
