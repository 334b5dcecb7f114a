package threatloop.controls.azure_test

import rego.v1

import data.threatloop.controls.azure.appservice

test_deny_app_answering_http if {
	appservice.https_only(_resource("azurerm_linux_web_app", {}, {}), {}).status == "fail" with input as {}
}

test_allow_app_with_https_only if {
	app := _resource("azurerm_linux_web_app", {"https_only": true}, {})
	appservice.https_only(app, {}).status == "pass" with input as {}
}

test_deny_app_accepting_tls10 if {
	app := _resource("azurerm_windows_web_app", {"site_config": [{"minimum_tls_version": "1.0"}]}, {})
	appservice.min_tls(app, {}).status == "fail" with input as {}
}

test_allow_tls_version_written_as_a_number if {
	app := _resource("azurerm_app_service", {"site_config": [{"min_tls_version": 1.3}]}, {})
	appservice.min_tls(app, {}).status == "pass" with input as {}
}

test_allow_legacy_app_service_with_tls12 if {
	app := _resource("azurerm_app_service", {"site_config": [{"min_tls_version": "1.2"}]}, {})
	appservice.min_tls(app, {}).status == "pass" with input as {}
}

test_deny_function_app_with_tls11_as_number if {
	app := _resource("azurerm_function_app", {"site_config": [{"min_tls_version": 1.1}]}, {})
	appservice.min_tls(app, {}).status == "fail" with input as {}
}

test_deny_linux_function_app_slot_with_tls10 if {
	slot := _resource("azurerm_linux_function_app_slot", {"site_config": [{"minimum_tls_version": "1.0"}]}, {})
	appservice.min_tls(slot, {}).status == "fail" with input as {}
}

test_allow_windows_function_app_with_tls12 if {
	app := _resource("azurerm_windows_function_app", {"site_config": [{"minimum_tls_version": "1.2"}]}, {})
	appservice.min_tls(app, {}).status == "pass" with input as {}
}

test_allow_app_service_slot_without_site_config if {
	appservice.min_tls(_resource("azurerm_app_service_slot", {}, {}), {}).status == "pass" with input as {}
}

test_deny_app_without_http2 if {
	appservice.http2(_resource("azurerm_app_service", {}, {}), {}).status == "fail" with input as {}
}

test_allow_function_app_slot_with_http2 if {
	slot := _resource("azurerm_windows_function_app_slot", {"site_config": [{"http2_enabled": true}]}, {})
	appservice.http2(slot, {}).status == "pass" with input as {}
}

test_deny_app_allowing_plain_ftp if {
	app := _resource("azurerm_linux_web_app", {"site_config": [{"ftps_state": "AllAllowed"}]}, {})
	appservice.ftps_only(app, {}).status == "fail" with input as {}
}

test_deny_first_generation_function_app_by_default if {
	appservice.ftps_only(_resource("azurerm_function_app", {}, {}), {}).status == "fail" with input as {}
}

test_allow_second_generation_web_app_by_default if {
	appservice.ftps_only(_resource("azurerm_windows_web_app", {}, {}), {}).status == "pass" with input as {}
}

test_allow_app_service_with_ftps_only if {
	app := _resource("azurerm_app_service", {"site_config": [{"ftps_state": "FtpsOnly"}]}, {})
	appservice.ftps_only(app, {}).status == "pass" with input as {}
}

test_deny_app_without_authentication if {
	appservice.authentication(_resource("azurerm_windows_web_app", {}, {}), {}).status == "fail" with input as {}
}

test_allow_app_with_easy_auth_v2 if {
	app := _resource("azurerm_linux_web_app", {"auth_settings_v2": [{"auth_enabled": true}]}, {})
	appservice.authentication(app, {}).status == "pass" with input as {}
}

test_allow_function_app_with_auth_settings if {
	app := _resource("azurerm_function_app", {"auth_settings": [{"enabled": true}]}, {})
	appservice.authentication(app, {}).status == "pass" with input as {}
}

test_deny_function_app_without_client_certificate_mode if {
	appservice.client_certificates(_resource("azurerm_function_app", {}, {}), {}).status == "fail" with input as {}
}

test_deny_function_app_with_optional_client_certificates if {
	app := _resource("azurerm_function_app", {"client_cert_mode": "Optional"}, {})
	appservice.client_certificates(app, {}).status == "fail" with input as {}
}

test_allow_function_app_requiring_client_certificates if {
	app := _resource("azurerm_function_app", {"client_cert_mode": "Required"}, {})
	appservice.client_certificates(app, {}).status == "pass" with input as {}
}

test_allow_web_app_with_client_certificates_in_the_default_mode if {
	app := _resource("azurerm_linux_web_app", {"client_certificate_enabled": true}, {})
	appservice.client_certificates(app, {}).status == "pass" with input as {}
}

test_deny_web_app_with_optional_client_certificates if {
	values := {"client_certificate_enabled": true, "client_certificate_mode": "Optional"}
	appservice.client_certificates(_resource("azurerm_windows_web_app", values, {}), {}).status == "fail" with input as {}
}

test_deny_app_service_without_client_certificates if {
	appservice.client_certificates(_resource("azurerm_app_service", {}, {}), {}).status == "fail" with input as {}
}
