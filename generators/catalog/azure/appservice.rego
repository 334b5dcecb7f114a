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

_tls_path := {
	"azurerm_app_service": ["site_config", 0, "min_tls_version"],
	"azurerm_linux_web_app": ["site_config", 0, "minimum_tls_version"],
	"azurerm_windows_web_app": ["site_config", 0, "minimum_tls_version"],
}

# METADATA
# title: Web apps refuse TLS versions older than 1.2
# description: The version may be written as a string or, on azurerm_app_service, as a number.
min_tls(resource, _) := lib.expect(resource, _tls_path[resource.type], ["1.2", "1.3", 1.2, 1.3], "1.2", why) if {
	why := "clients may negotiate TLS 1.0 or 1.1"
}
