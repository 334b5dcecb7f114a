# METADATA
# title: Cloud DNS controls
# description: Checks on managed zones.
package threatloop.controls.gcp.dns

import rego.v1

import data.threatloop.lib

# METADATA
# title: Public zones are signed with DNSSEC
# description: |
#   Passes when dnssec_config.state is on. Private zones, which Cloud DNS cannot sign, get no
#   verdict.
signed(resource, _) := lib.expect(resource, ["dnssec_config", 0, "state"], ["on"], "off", why) if {
	lib.setting(resource, ["visibility"], "public").value != "private"
	why := "resolvers cannot tell the zone's answers from forged ones"
}
