package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.network

_ssh := {
	"name": "ssh",
	"direction": "Inbound",
	"access": "Allow",
	"protocol": "Tcp",
	"source_address_prefix": "Internet",
	"destination_port_range": "22",
}

_ports := {"ports": [22, 3389]}

test_deny_ssh_rule_from_the_internet if {
	rule := _resource("azurerm_network_security_rule", _ssh, {})
	network.admin_ports_closed(rule, _ports).status == "fail" with input as {}
}

test_deny_inline_rule_with_a_range_covering_rdp if {
	inline := object.union(_ssh, {"source_address_prefix": "*", "destination_port_range": "3000-4000"})
	group := _resource("azurerm_network_security_group", {"security_rule": [inline]}, {})
	network.admin_ports_closed(group, _ports).status == "fail" with input as {}
}

test_allow_ssh_from_a_private_range if {
	rule := _resource("azurerm_network_security_rule", object.union(_ssh, {"source_address_prefix": "10.0.0.0/8"}), {})
	network.admin_ports_closed(rule, _ports).status == "pass" with input as {}
}

test_allow_udp_rule_on_the_ssh_port if {
	rule := _resource("azurerm_network_security_rule", object.union(_ssh, {"protocol": "Udp"}), {})
	network.admin_ports_closed(rule, _ports).status == "pass" with input as {}
}

test_allow_denying_rule if {
	rule := _resource("azurerm_network_security_rule", object.union(_ssh, {"access": "Deny"}), {})
	network.admin_ports_closed(rule, _ports).status == "pass" with input as {}
}

test_unknown_source_prefix if {
	values := object.remove(_ssh, ["source_address_prefix"])
	rule := _resource("azurerm_network_security_rule", values, {"source_address_prefix": true})
	network.admin_ports_closed(rule, _ports).status == "unknown" with input as {}
}

# KICS ssh_is_exposed_to_the_internet positive5 and positive9.
test_deny_rule_from_any_address_with_a_zero_prefix if {
	values := object.union(_ssh, {"source_address_prefix": "34.15.11.3/0", "destination_port_range": "22,24"})
	rule := _resource("azurerm_network_security_rule", values, {})
	network.admin_ports_closed(rule, _ports).status == "fail" with input as {}
}

test_deny_rule_listing_ranges_separated_by_commas if {
	values := object.union(_ssh, {"destination_port_range": "21, 22-23,2250"})
	rule := _resource("azurerm_network_security_rule", values, {})
	network.admin_ports_closed(rule, _ports).status == "fail" with input as {}
}

test_allow_rule_listing_other_ports if {
	values := object.union(_ssh, {"destination_port_range": "21, 23-24,2250"})
	rule := _resource("azurerm_network_security_rule", values, {})
	network.admin_ports_closed(rule, _ports).status == "pass" with input as {}
}

# checkov example_NSGRuleSSHAccessRestricted writes ports as numbers.
test_deny_rule_with_ports_written_as_numbers if {
	values := object.union(_ssh, {"destination_port_range": null, "destination_port_ranges": [22, 443]})
	rule := _resource("azurerm_network_security_rule", values, {})
	network.admin_ports_closed(rule, _ports).status == "fail" with input as {}
}

_flow_log(retention) := _resource(
	"azurerm_network_watcher_flow_log",
	{"enabled": true, "retention_policy": [retention]},
	{},
)

test_deny_flow_log_kept_a_week if {
	network.flow_log_retention(_flow_log({"enabled": true, "days": 7}), {}).status == "fail" with input as {}
}

test_allow_flow_log_kept_ninety_days if {
	network.flow_log_retention(_flow_log({"enabled": true, "days": 90}), {}).status == "pass" with input as {}
}

test_allow_flow_log_kept_for_ever if {
	network.flow_log_retention(_flow_log({"enabled": true, "days": 0}), {}).status == "pass" with input as {}
}

test_allow_flow_log_days_written_as_text if {
	network.flow_log_retention(_flow_log({"enabled": true, "days": "100"}), {}).status == "pass" with input as {}
}

test_deny_flow_log_with_retention_off if {
	network.flow_log_retention(_flow_log({"enabled": false, "days": 900}), {}).status == "fail" with input as {}
}

test_deny_flow_log_without_retention_policy if {
	log := _resource("azurerm_network_watcher_flow_log", {"enabled": true}, {})
	network.flow_log_retention(log, {}).status == "fail" with input as {}
}

test_deny_disabled_flow_log if {
	values := {"enabled": false, "retention_policy": [{"enabled": true, "days": 90}]}
	log := _resource("azurerm_network_watcher_flow_log", values, {})
	network.flow_log_retention(log, {}).status == "fail" with input as {}
}

test_deny_flow_log_below_a_raised_minimum if {
	log := _flow_log({"enabled": true, "days": 90})
	network.flow_log_retention(log, {"minimum_days": 365}).status == "fail" with input as {}
}

test_unknown_flow_log_days if {
	log := _resource(
		"azurerm_network_watcher_flow_log",
		{"enabled": true, "retention_policy": [{"enabled": true}]},
		{"retention_policy": [{"days": true}]},
	)
	network.flow_log_retention(log, {}).status == "unknown" with input as {}
}
