# METADATA
# title: API Gateway controls
# description: Checks on REST API methods and stages, and the resources linked to stages.
package threatloop.controls.aws.apigateway

import rego.v1

import data.threatloop.lib

_auth_why := "anyone who finds the endpoint can call the method"

# METADATA
# title: Methods require authorization or an API key
# description: CORS preflight (OPTIONS) methods are left open by design and pass.
method_authorization(resource, _) := {
	"status": "pass",
	"attribute": "http_method",
	"message": "OPTIONS methods answer CORS preflight requests without credentials",
} if {
	lib.attr(resource, ["http_method"]) == {"state": "known", "value": "OPTIONS"}
} else := lib.best([authorizer, key]) if {
	authorizer := lib.expect_not(resource, ["authorization"], ["NONE"], "NONE", _auth_why)
	key := lib.expect(resource, ["api_key_required"], [true], false, _auth_why)
}

# METADATA
# title: Stages write access logs
access_logs(resource, _) := lib.expect_set(resource, ["access_log_settings", 0, "destination_arn"], why) if {
	why := "requests to the API leave no access log"
}

# METADATA
# title: Stages are protected by a WAF web ACL
# description: |
#   Passes when an aws_wafv2_web_acl_association, or a WAF Classic
#   aws_wafregional_web_acl_association, refers to the stage through resource_arn.
waf_associated(resource, _) := lib.best_linked(object.union(v2, classic), missing) if {
	why := "requests reach the API without web application firewall rules"
	missing := lib.missing_link("aws_wafv2_web_acl_association", why)
	v2 := {address: lib.expect_set(lib.resources[address], ["web_acl_arn"], why) |
		some address in lib.linked(resource, "aws_wafv2_web_acl_association", "resource_arn")
	}
	classic := {address: lib.expect_set(lib.resources[address], ["web_acl_id"], why) |
		some address in lib.linked(resource, "aws_wafregional_web_acl_association", "resource_arn")
	}
}

# METADATA
# title: Stages throttle requests
# description: |
#   Passes when an aws_api_gateway_method_settings that refers to the stage sets a
#   throttling_rate_limit of zero or more (-1, the default, means no stage-level limit).
throttled(resource, _) := lib.best_linked(judged, lib.missing_link(type, why)) if {
	type := "aws_api_gateway_method_settings"
	why := "a single client can exhaust the account's request quota and the backend"
	judged := {address: lib.expect_at_least(lib.resources[address], _rate_path, 0, -1, why) |
		some address in lib.linked(resource, type, "stage_name")
	}
}

_rate_path := ["settings", 0, "throttling_rate_limit"]
