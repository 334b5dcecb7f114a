# METADATA
# title: Compute Engine controls
# description: Checks on firewalls and instances.
package threatloop.controls.gcp.compute

import rego.v1

import data.threatloop.lib

_internet := {"0.0.0.0/0", "::/0"}

# The attributes that decide what an allow firewall admits.
_decisive := ["direction", "disabled", "source_ranges", "allow"]

# The attributes that decide whether a deny firewall overrides an allow one for some traffic.
_overriding := [
	"direction", "disabled", "source_ranges", "deny", "priority",
	"target_tags", "target_service_accounts", "destination_ranges",
]

# The provider's defaults, which stand for the attributes the configuration leaves out.
_defaults := {
	"allow": [],
	"direction": "INGRESS",
	"disabled": false,
	"source_ranges": [],
	"deny": [],
	"priority": 1000,
	"target_tags": [],
	"target_service_accounts": [],
	"destination_ranges": [],
}

# METADATA
# title: No firewall admits the internet on administration ports
# description: |
#   An enabled INGRESS firewall whose source_ranges include 0.0.0.0/0 or ::/0 must not allow the
#   ports (SSH 22 and RDP 3389 by default) through an allow block for tcp or all protocols, unless
#   an enabled INGRESS deny firewall on the same google_compute_network of the plan, with a
#   priority number lower or equal (a deny wins a tie), denies that source and port to every
#   instance the allow reaches. Unknown while either firewall's deciding attributes are only
#   known after apply.
admin_ports_closed(resource, params) := {
	"status": "unknown",
	"attribute": "source_ranges",
	"message": "the direction, sources or allowed ports are only known after apply",
} if {
	some field in _decisive
	lib.setting(resource, [field], _defaults[field]).state == "unknown"
} else := _admin_verdict(resource, admitted) if {
	ports := object.get(params, "ports", [22, 3389])
	admitted := {[source, port] |
		_setting(resource, "direction") == "INGRESS"
		_setting(resource, "disabled") != true
		some source in _sources(resource)
		some rule in _setting(resource, "allow")
		some port in ports
		_allows(rule, port)
	}
}

_setting(resource, field) := lib.setting(resource, [field], _defaults[field]).value

_admin_verdict(resource, admitted) := {
	"status": "pass",
	"attribute": "allow",
	"message": "no allow block admits the internet on an administration port",
} if {
	count(admitted) == 0
} else := {
	"status": "fail",
	"attribute": "allow",
	"message": concat("", [
		"the firewall admits ", concat(" and ", sort({pair[0] | some pair in open})),
		" on an administration port", _unless_denied(resource),
	]),
} if {
	open := {pair | some pair in admitted; not _denied(resource, pair); not _maybe_denied(resource, pair)}
	count(open) > 0
} else := {
	"status": "unknown",
	"attribute": "priority",
	"message": "whether a deny firewall of the network overrides the allow is only known after apply",
} if {
	some pair in admitted
	not _denied(resource, pair)
} else := {
	"status": "pass",
	"attribute": "allow",
	"message": "deny firewalls of the network at an equal or higher priority override every admitted administration port",
}

_unless_denied(resource) := "" if {
	count(_networks(resource)) > 0
} else := " (no google_compute_network of the plan holds it, so no deny firewall is matched to it)"

# The google_compute_network resources of the plan that a firewall's network names, by
# reference or by a literal name.
_networks(firewall) := {address |
	some address in lib.targets(firewall, "network")
	lib.resources[address].type == "google_compute_network"
}

# Whether a deny firewall, known in full, overrides the allow for a source and a port.
_denied(allow, [source, port]) if {
	some deny in _candidate_denies(allow)
	not _override_unknown(deny)
	_overrides(deny, allow, source, port)
}

# Whether a deny firewall of the network may override the allow once values known only after
# apply are known.
_maybe_denied(allow, _) if {
	some deny in _candidate_denies(allow)
	_override_unknown(deny)
}

_maybe_denied(allow, _) if {
	count(_candidate_denies(allow)) > 0
	_override_unknown(allow)
}

# The deny firewalls that name one of the allow's networks.
_candidate_denies(allow) := {deny |
	some network in _networks(allow)
	some address in lib.linked(lib.resources[network], "google_compute_firewall", "network")
	address != allow.address
	deny := lib.resources[address]
	not lib.undeclared(deny, "deny")
}

_override_unknown(firewall) if {
	some field in _overriding
	lib.setting(firewall, [field], _defaults[field]).state == "unknown"
}

# GCP applies the rule with the lowest priority number; at equal priority a deny wins.
_overrides(deny, allow, source, port) if {
	_setting(deny, "direction") == "INGRESS"
	_setting(deny, "disabled") != true
	_setting(deny, "priority") <= _setting(allow, "priority")
	_reaches_all(deny, allow)
	_covers_all(_setting(deny, "destination_ranges"), _setting(allow, "destination_ranges"))
	source in _setting(deny, "source_ranges")
	some rule in _setting(deny, "deny")
	_allows(rule, port)
}

# A deny with no target applies to every instance of the network; one with target tags or service
# accounts covers an allow limited to some of those tags or accounts.
_reaches_all(deny, _) if {
	count(_setting(deny, "target_tags")) == 0
	count(_setting(deny, "target_service_accounts")) == 0
}

_reaches_all(deny, allow) if {
	some field in ["target_tags", "target_service_accounts"]
	allowed := _setting(allow, field)
	count(allowed) > 0
	every t in allowed {
		t in _setting(deny, field)
	}
}

# An empty list of destination ranges means every destination.
_covers_all(denied, _) if count(denied) == 0

_covers_all(denied, allowed) if {
	count(allowed) > 0
	every r in allowed {
		r in denied
	}
}

_sources(resource) := sort([r | some r in _setting(resource, "source_ranges"); r in _internet])

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

# The metadata values the guest environment reads as true and as false (Go's strconv.ParseBool),
# with the booleans a configuration may write before Terraform turns them into strings.
_metadata_true := [true, "true", "TRUE", "True", "t", "T", "1"]

_metadata_false := [false, "false", "FALSE", "False", "f", "F", "0"]

# METADATA
# title: Instances refuse project-wide SSH keys
# description: Passes when the metadata sets block-project-ssh-keys to a true value.
block_project_ssh_keys(resource, _) := lib.expect(resource, path, _metadata_true, false, why) if {
	path := ["metadata", "block-project-ssh-keys"]
	why := "every SSH key in the project's metadata opens the instance"
}

# METADATA
# title: Instances do not turn OS Login off
# description: Fails when the metadata sets enable-oslogin to a false value, overriding the project.
os_login_not_disabled(resource, _) := lib.expect_not(resource, path, _metadata_false, null, why) if {
	path := ["metadata", "enable-oslogin"]
	why := "the instance takes metadata SSH keys instead of IAM-controlled OS Login"
}

# Subnets reserved for Envoy-based load balancer proxies, which take no log_config.
_proxy_only := {"INTERNAL_HTTPS_LOAD_BALANCER", "REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY"}

# METADATA
# title: Subnets record VPC flow logs
# description: |
#   Passes when the subnet declares a log_config block. Proxy-only subnets, which cannot record
#   flow logs, get no verdict.
subnet_flow_logs(resource, _) := lib.expect_set(resource, ["log_config"], why) if {
	not lib.setting(resource, ["purpose"], "PRIVATE").value in _proxy_only
	why := "connections in the subnet leave no record for incident response"
}

# METADATA
# title: Disks are encrypted with a key the customer controls
# description: |
#   Passes when disk_encryption_key holds a customer-supplied key (raw_key or rsa_encrypted_key)
#   or a Cloud KMS key (kms_key_self_link), of the kinds the params allow.
customer_key(resource, params) := lib.best(verdicts) if {
	why := "the disk is encrypted only with a Google-managed key, which the customer cannot revoke"
	kinds := object.get(params, "kinds", ["customer-supplied", "customer-managed"])
	verdicts := [lib.expect_set(resource, ["disk_encryption_key", 0, field], why) |
		some kind in kinds
		some field in _key_fields(kind)
	]
}

_key_fields("customer-supplied") := ["raw_key", "rsa_encrypted_key"]

_key_fields("customer-managed") := ["kms_key_self_link"]
