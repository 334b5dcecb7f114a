package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.compute

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
