# METADATA
# title: Compute Engine controls
# description: Checks on firewalls and instances.
package threatloop.controls.gcp.compute

import rego.v1

import data.threatloop.lib

_internet := {"0.0.0.0/0", "::/0"}

_decisive := ["direction", "source_ranges", "allow"]

# METADATA
# title: No firewall admits the internet on administration ports
# description: |
#   An INGRESS firewall whose source_ranges include 0.0.0.0/0 or ::/0 must not allow the ports
#   (SSH 22 and RDP 3389 by default) through an allow block for tcp or all protocols.
admin_ports_closed(resource, params) := {
	"status": "unknown",
	"attribute": "source_ranges",
	"message": "the direction, sources or allowed ports are only known after apply",
} if {
	some field in _decisive
	lib.is_unknown(resource, [field])
} else := {
	"status": "fail",
	"attribute": "allow",
	"message": concat("", ["the firewall admits ", concat(" and ", _sources(resource)), " on an administration port"]),
} if {
	lib.setting(resource, ["direction"], "INGRESS").value == "INGRESS"
	count(_sources(resource)) > 0
	some rule in object.get(resource.values, "allow", [])
	some port in object.get(params, "ports", [22, 3389])
	_allows(rule, port)
} else := {
	"status": "pass",
	"attribute": "allow",
	"message": "no allow block admits the internet on an administration port",
}

_sources(resource) := sort([r | some r in object.get(resource.values, "source_ranges", []); r in _internet])

_allows(rule, _) if rule.protocol == "all"

_allows(rule, _) if {
	rule.protocol in {"tcp", "6"}
	count(object.get(rule, "ports", [])) == 0
}

_allows(rule, port) if {
	rule.protocol in {"tcp", "6"}
	some range in rule.ports
	_range_covers(range, port)
}

_range_covers(range, port) if {
	parts := split(range, "-")
	count(parts) == 2
	to_number(parts[0]) <= port
	port <= to_number(parts[1])
}

_range_covers(range, port) if {
	not contains(range, "-")
	to_number(range) == port
}

# METADATA
# title: Instances have no external IP address
# description: Any access_config block on a network interface gives the instance an external address.
no_public_ip(resource, _) := lib.worst(array.concat([_no_access_config], verdicts)) if {
	why := "the instance is reachable from the internet"
	verdicts := [lib.expect(resource, ["network_interface", i, "access_config"], [[]], [], why) |
		some i, _ in object.get(resource.values, "network_interface", [])
	]
}

_no_access_config := {
	"status": "pass",
	"attribute": "network_interface",
	"message": "no interface has an access_config",
}

# METADATA
# title: Instances boot with Shielded VM secure boot
shielded_secure_boot(resource, _) := lib.expect(resource, path, [true], false, why) if {
	path := ["shielded_instance_config", 0, "enable_secure_boot"]
	why := "boot-level malware and rootkits are not blocked"
}

# METADATA
# title: Interactive serial port access is off
serial_port_disabled(resource, _) := lib.expect_not(resource, path, enabled, false, why) if {
	path := ["metadata", "serial-port-enable"]
	enabled := [true, "true", "TRUE", "1"]
	why := "the serial console accepts connections that firewall rules do not filter"
}
