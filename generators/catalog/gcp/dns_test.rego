package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.dns

_zone(values, unknown) := _resource("google_dns_managed_zone", values, unknown)

test_deny_zone_without_dnssec if {
	dns.signed(_zone({"dns_name": "example.com."}, {}), {}).status == "fail" with input as {}
	dns.signed(_zone({"dnssec_config": [{"state": "off"}]}, {}), {}).status == "fail" with input as {}
}

test_allow_zone_signed_with_dnssec if {
	dns.signed(_zone({"dnssec_config": [{"state": "on"}]}, {}), {}).status == "pass" with input as {}
}

test_private_zone_gets_no_dnssec_verdict if {
	not dns.signed(_zone({"visibility": "private"}, {}), {}) with input as {}
}

test_unknown_dnssec_state_known_at_apply if {
	zone := _zone({"dnssec_config": [{}]}, {"dnssec_config": [{"state": true}]})
	dns.signed(zone, {}).status == "unknown" with input as {}
}
