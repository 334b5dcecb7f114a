# METADATA
# title: Cloud SQL controls
# description: Checks on database instances.
package threatloop.controls.gcp.sql

import rego.v1

import data.threatloop.lib

_ip := ["settings", 0, "ip_configuration", 0]

# METADATA
# title: Instances have no public IP address
no_public_ip(resource, _) := lib.expect(resource, array.concat(_ip, ["ipv4_enabled"]), [false], true, why) if {
	why := "the instance gets a public address, limited only by authorized networks"
}

# METADATA
# title: Connections must use TLS
# description: Passes with ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or require_ssl.
require_ssl(resource, _) := lib.best([mode, legacy]) if {
	why := "clients may connect without encryption"
	modes := ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]
	mode := lib.expect(resource, array.concat(_ip, ["ssl_mode"]), modes, "ALLOW_UNENCRYPTED_AND_ENCRYPTED", why)
	legacy := lib.expect(resource, array.concat(_ip, ["require_ssl"]), [true], false, why)
}
