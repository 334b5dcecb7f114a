# METADATA
# title: Load balancer controls
# description: Checks on application and network load balancers and their listeners.
package threatloop.controls.aws.elb

import rego.v1

import data.threatloop.lib

_plain_why := "traffic between clients and the load balancer travels unencrypted"

# METADATA
# title: Listeners use HTTPS or redirect to it
# description: A Gateway Load Balancer's listener (GENEVE, with no protocol to set) is not judged.
https_listener(resource, _) := lib.best([protocol, redirect]) if {
	not _gateway_listener(resource)
	protocol := lib.expect_not(resource, ["protocol"], ["HTTP"], "HTTP", _plain_why)
	redirect := lib.expect(resource, ["default_action", 0, "redirect", 0, "protocol"], ["HTTPS"], null, _plain_why)
}

_gateway_listener(resource) if {
	lib.setting(resource, ["protocol"], null) == {"state": "known", "value": null}
	some balancer in lib.targets(resource, "load_balancer_arn")
	lib.resources[balancer].values.load_balancer_type == "gateway"
}

_modern := [
	"ELBSecurityPolicy-TLS13-1-2-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS-1-2-2017-01",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
	"ELBSecurityPolicy-FS-1-2-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2020-10",
]

# METADATA
# title: TLS listeners refuse protocol versions older than TLS 1.2
# description: Only HTTPS and TLS listeners are judged.
tls_policy(resource, params) := lib.expect(resource, ["ssl_policy"], allowed, "ELBSecurityPolicy-2016-08", why) if {
	lib.setting(resource, ["protocol"], "HTTP").value in {"HTTPS", "TLS"}
	allowed := object.get(params, "policies", _modern)
	why := "clients may negotiate TLS 1.0 or 1.1"
}

# METADATA
# title: Load balancers are protected against deletion
deletion_protection(resource, _) := lib.expect(resource, ["enable_deletion_protection"], [true], false, why) if {
	why := "a mistaken plan or a compromised principal removes the entry point in one call"
}

# METADATA
# title: Application load balancers drop invalid HTTP headers
# description: Network and gateway load balancers are not judged.
drop_invalid_headers(resource, _) := lib.expect(resource, ["drop_invalid_header_fields"], [true], false, why) if {
	lib.setting(resource, ["load_balancer_type"], "application").value == "application"
	why := "malformed headers reach the targets and enable request smuggling"
}

# METADATA
# title: Load balancers write access logs
# description: |
#   A classic load balancer's access_logs block is enabled unless it says otherwise; an application
#   or network load balancer's is off unless enabled is true. Gateway load balancers are not judged.
access_logs(resource, _) := lib.expect(resource, ["access_logs", 0, "enabled"], [true], absent, why) if {
	lib.setting(resource, ["load_balancer_type"], "application").value != "gateway"
	absent := _logs_by_default(resource)
	why := "requests to the load balancer leave no record"
}

_logs_by_default(resource) if {
	resource.type == "aws_elb"
	count(object.get(resource.values, "access_logs", [])) > 0
} else := false
