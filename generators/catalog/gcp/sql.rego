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
# description: |
#   Passes with ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or require_ssl.
#   With client_certificates, ENCRYPTED_ONLY passes only on SQL Server, which cannot verify
#   client certificates; require_ssl = true has always meant verified client certificates.
require_ssl(resource, params) := _tls(resource, object.get(params, "client_certificates", false))

_tls(resource, certificates) := lib.best([strict, legacy, lib.worst([encrypted, by_version])]) if {
	why := _tls_why(certificates)
	ip := ["settings", 0, "ip_configuration", 0]
	plain := "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
	mode := array.concat(ip, ["ssl_mode"])
	strict := lib.expect(resource, mode, ["TRUSTED_CLIENT_CERTIFICATE_REQUIRED"], plain, why)
	legacy := lib.expect(resource, array.concat(ip, ["require_ssl"]), [true], false, why)
	encrypted := lib.expect(resource, mode, ["ENCRYPTED_ONLY"], plain, why)
	by_version := _encrypted_only_suffices(resource, certificates)
}

_tls_why(false) := "clients may connect without encryption"

_tls_why(true) := "clients may connect without a verified client certificate"

_encrypted_only_suffices(_, false) := {"status": "pass", "attribute": "ssl_mode", "message": "encryption suffices"}

_encrypted_only_suffices(resource, true) := {
	"status": "unknown",
	"attribute": "database_version",
	"message": "database_version is only known after apply",
} if {
	lib.setting(resource, ["database_version"], null).state == "unknown"
} else := {
	"status": "pass",
	"attribute": "database_version",
	"message": "SQL Server cannot verify client certificates, so ENCRYPTED_ONLY is its strictest mode",
} if {
	startswith(lib.setting(resource, ["database_version"], "").value, "SQLSERVER")
} else := {
	"status": "fail",
	"attribute": "settings.0.ip_configuration.0.ssl_mode",
	"message": "ssl_mode does not require verified client certificates",
}

# METADATA
# title: Instances keep automated backups
# description: |
#   Passes when settings.backup_configuration.enabled is true. Read replicas, which Cloud SQL
#   does not back up, get no verdict; one whose master_instance_name is only known after apply
#   is unknown.
backups_enabled(resource, _) := {
	"status": "unknown",
	"attribute": "master_instance_name",
	"message": "whether the instance is a read replica is only known after apply",
} if {
	lib.setting(resource, ["master_instance_name"], null).state == "unknown"
} else := lib.expect(resource, path, [true], false, why) if {
	not _replica(resource)
	path := ["settings", 0, "backup_configuration", 0, "enabled"]
	why := "a deleted or corrupted database cannot be restored"
}

_replica(resource) if not lib.setting(resource, ["master_instance_name"], null).value in {null, ""}
