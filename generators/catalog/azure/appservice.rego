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

# The first generation of resources (app service, function app and their slots) names the
# setting min_tls_version; the Linux and Windows resources name it minimum_tls_version.
_tls_path[type] := ["site_config", 0, "min_tls_version"] if {
	some type in {"azurerm_app_service", "azurerm_app_service_slot", "azurerm_function_app", "azurerm_function_app_slot"}
}

_tls_path[type] := ["site_config", 0, "minimum_tls_version"] if {
	some os in {"linux", "windows"}
	some kind in {"web_app", "web_app_slot", "function_app", "function_app_slot"}
	type := concat("", ["azurerm_", os, "_", kind])
}

# METADATA
# title: Web and function apps refuse TLS versions older than 1.2
# description: The version may be written as a string or as a number.
min_tls(resource, _) := lib.expect(resource, _tls_path[resource.type], ["1.2", "1.3", 1.2, 1.3], "1.2", why) if {
	why := "clients may negotiate TLS 1.0 or 1.1"
}
