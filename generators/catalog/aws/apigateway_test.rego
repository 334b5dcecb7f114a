package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.apigateway
import data.threatloop.lib

_method(values) := _resource("aws_api_gateway_method", values, {})

test_deny_method_without_authorization if {
	method := _method({"http_method": "GET", "authorization": "NONE"})
	apigateway.method_authorization(method, {}).status == "fail" with input as {}
}

test_allow_method_with_cognito_authorizer if {
	method := _method({"http_method": "GET", "authorization": "COGNITO_USER_POOLS"})
	apigateway.method_authorization(method, {}).status == "pass" with input as {}
}

test_allow_method_requiring_an_api_key if {
	method := _method({"http_method": "POST", "authorization": "NONE", "api_key_required": true})
	apigateway.method_authorization(method, {}).status == "pass" with input as {}
}

test_allow_cors_preflight_method if {
	method := _method({"http_method": "OPTIONS", "authorization": "NONE"})
	apigateway.method_authorization(method, {}).status == "pass" with input as {}
}

test_deny_stage_without_access_logs if {
	apigateway.access_logs(_resource("aws_api_gateway_stage", {}, {}), {}).status == "fail" with input as {}
}

test_allow_stage_with_access_logs if {
	stage := _resource("aws_api_gateway_stage", {"access_log_settings": [{"destination_arn": "arn:x", "format": "f"}]}, {})
	apigateway.access_logs(stage, {}).status == "pass" with input as {}
}

_stage_with(address, attr, after, target) := _doc(
	[_rc("aws_api_gateway_stage.live", {"stage_name": "live"}, {"arn": true}), _rc(address, after, {attr: true})],
	[_ref(address, attr, target)],
)

test_allow_stage_with_waf_association_by_reference if {
	association := "aws_wafv2_web_acl_association.live"
	doc := _stage_with(association, "resource_arn", {"web_acl_arn": "arn:waf"}, "aws_api_gateway_stage.live.arn")
	v := apigateway.waf_associated(lib.resources["aws_api_gateway_stage.live"], {}) with input as doc
	v.status == "pass"
	v.related == "aws_wafv2_web_acl_association.live"
}

test_deny_stage_without_waf if {
	doc := _doc([_rc("aws_api_gateway_stage.live", {"stage_name": "live"}, {})], [])
	apigateway.waf_associated(lib.resources["aws_api_gateway_stage.live"], {}).status == "fail" with input as doc
}

test_allow_stage_throttled_by_method_settings if {
	after := {"settings": [{"throttling_rate_limit": 100, "throttling_burst_limit": 50}]}
	doc := _stage_with("aws_api_gateway_method_settings.all", "stage_name", after, "aws_api_gateway_stage.live.stage_name")
	apigateway.throttled(lib.resources["aws_api_gateway_stage.live"], {}).status == "pass" with input as doc
}

test_deny_stage_with_unlimited_method_settings if {
	after := {"settings": [{"throttling_rate_limit": -1}]}
	doc := _stage_with("aws_api_gateway_method_settings.all", "stage_name", after, "aws_api_gateway_stage.live.stage_name")
	apigateway.throttled(lib.resources["aws_api_gateway_stage.live"], {}).status == "fail" with input as doc
}

# checkov APIProtectedByWAF "regional": a WAF Classic regional web ACL protects the stage too.
test_allow_stage_with_waf_classic_regional_association if {
	association := "aws_wafregional_web_acl_association.live"
	doc := _stage_with(association, "resource_arn", {"web_acl_id": "acl-1"}, "aws_api_gateway_stage.live.arn")
	v := apigateway.waf_associated(lib.resources["aws_api_gateway_stage.live"], {}) with input as doc
	v.status == "pass"
	v.related == association
}
