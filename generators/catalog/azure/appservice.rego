# METADATA
# title: Azure App Service controls
# description: Checks on web apps.
package threatloop.controls.azure.appservice

import rego.v1

import data.threatloop.lib

# METADATA
# title: Web apps accept HTTPS only
https_only(resource, _) := lib.expect(resource, ["https_only"], [true], false, why) if {
	why := "the app answers plain HTTP requests"
}

# The first generation of resources: app service, function app and their slots.
_first_generation := {
	"azurerm_app_service",
	"azurerm_app_service_slot",
	"azurerm_function_app",
	"azurerm_function_app_slot",
}

# The Linux and Windows resources that replaced them in azurerm 3.x.
_second_generation contains type if {
	some os in {"linux", "windows"}
	some kind in {"web_app", "web_app_slot", "function_app", "function_app_slot"}
	type := concat("", ["azurerm_", os, "_", kind])
}

# The first generation names the setting min_tls_version, the second minimum_tls_version.
_tls_path[type] := ["site_config", 0, "min_tls_version"] if some type in _first_generation

_tls_path[type] := ["site_config", 0, "minimum_tls_version"] if some type in _second_generation

# The first generation leaves ftps_state to the service, which allows plain FTP; the second
# defaults it to Disabled.
_ftps_default[type] := "AllAllowed" if some type in _first_generation

_ftps_default[type] := "Disabled" if some type in _second_generation

# METADATA
# title: Web and function apps refuse TLS versions older than 1.2
# description: The version may be written as a string or as a number.
min_tls(resource, _) := lib.expect(resource, _tls_path[resource.type], ["1.2", "1.3", 1.2, 1.3], "1.2", why) if {
	why := "clients may negotiate TLS 1.0 or 1.1"
}

# METADATA
# title: Apps serve HTTP/2
http2(resource, _) := lib.expect(resource, ["site_config", 0, "http2_enabled"], [true], false, why) if {
	why := "the app speaks HTTP/1.1 only, whose message lengths front ends and apps can read apart"
}

# METADATA
# title: Apps accept no plain FTP deployments
ftps_only(resource, _) := lib.expect(resource, path, ["FtpsOnly", "Disabled"], _ftps_default[resource.type], why) if {
	path := ["site_config", 0, "ftps_state"]
	why := "deployment credentials and code can travel over plain FTP"
}

# METADATA
# title: Apps require client certificates
# description: |
#   azurerm_function_app turns them on by naming a mode; the other types switch them on and take
#   Required as the mode when it is left out.
# scope: document
client_certificates(resource, _) := lib.expect(resource, ["client_cert_mode"], ["Required"], null, why) if {
	resource.type == "azurerm_function_app"
	why := "clients reach the app without presenting a certificate"
}

client_certificates(resource, _) := lib.worst([enabled, mode]) if {
	names := _client_cert_names[resource.type]
	why := "clients reach the app without presenting a certificate"
	enabled := lib.expect(resource, [names.enabled], [true], false, why)
	mode := lib.expect(resource, [names.mode], ["Required"], "Required", why)
}

_client_cert_names["azurerm_app_service"] := {"enabled": "client_cert_enabled", "mode": "client_cert_mode"}

_client_cert_names[type] := {"enabled": "client_certificate_enabled", "mode": "client_certificate_mode"} if {
	some type in {"azurerm_linux_web_app", "azurerm_windows_web_app"}
}

# METADATA
# title: Apps authenticate their users
# description: Reads auth_settings and, on the Linux and Windows resources, auth_settings_v2.
authentication(resource, _) := lib.best([v1, v2]) if {
	why := "anyone can call the app without signing in"
	v1 := lib.expect(resource, ["auth_settings", 0, "enabled"], [true], false, why)
	v2 := lib.expect(resource, ["auth_settings_v2", 0, "auth_enabled"], [true], false, why)
}
