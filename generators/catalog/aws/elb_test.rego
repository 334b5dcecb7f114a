package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.elb
import data.threatloop.lib

_listener(values) := _resource("aws_lb_listener", values, {})

test_deny_plain_http_listener if {
	listener := _listener({"protocol": "HTTP", "default_action": [{"type": "forward"}]})
	elb.https_listener(listener, {}).status == "fail" with input as {}
}

test_allow_http_listener_redirecting_to_https if {
	action := {"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443"}]}
	elb.https_listener(_listener({"protocol": "HTTP", "default_action": [action]}), {}).status == "pass" with input as {}
}

test_allow_https_listener if {
	elb.https_listener(_listener({"protocol": "HTTPS"}), {}).status == "pass" with input as {}
}

test_deny_listener_with_an_old_tls_policy if {
	listener := _listener({"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"})
	elb.tls_policy(listener, {}).status == "fail" with input as {}
}

test_allow_listener_with_tls13_policy if {
	listener := _listener({"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})
	elb.tls_policy(listener, {}).status == "pass" with input as {}
}

test_plain_listener_is_not_judged_on_tls_policy if {
	not elb.tls_policy(_listener({"protocol": "HTTP"}), {}) with input as {}
}

test_deny_load_balancer_without_deletion_protection if {
	elb.deletion_protection(_resource("aws_lb", {}, {}), {}).status == "fail" with input as {}
}

test_allow_load_balancer_with_deletion_protection if {
	lb := _resource("aws_lb", {"enable_deletion_protection": true}, {})
	elb.deletion_protection(lb, {}).status == "pass" with input as {}
}

test_deny_application_load_balancer_keeping_invalid_headers if {
	elb.drop_invalid_headers(_resource("aws_lb", {}, {}), {}).status == "fail" with input as {}
}

test_allow_application_load_balancer_dropping_invalid_headers if {
	lb := _resource("aws_alb", {"drop_invalid_header_fields": true}, {})
	elb.drop_invalid_headers(lb, {}).status == "pass" with input as {}
}

test_network_load_balancer_is_not_judged_on_headers if {
	not elb.drop_invalid_headers(_resource("aws_lb", {"load_balancer_type": "network"}, {}), {}) with input as {}
}

# checkov AppLoadBalancerTLS12 gateway_listener: a Gateway Load Balancer listener has no protocol.
test_gateway_listener_is_not_judged_on_https if {
	every lb_type in ["gateway", "application"] {
		doc := _doc(
			[
				_rc("aws_lb_listener.l", {}, {"load_balancer_arn": true}),
				_rc("aws_lb.b", {"load_balancer_type": lb_type}, {"id": true}),
			],
			[_ref("aws_lb_listener.l", "load_balancer_arn", "aws_lb.b.id")],
		)
		verdicts := {v.status | v := elb.https_listener(lib.resources["aws_lb_listener.l"], {})} with input as doc
		verdicts == {"gateway": set(), "application": {"fail"}}[lb_type]
	}
}

test_deny_classic_load_balancer_without_access_logs if {
	elb.access_logs(_resource("aws_elb", {}, {}), {}).status == "fail" with input as {}
}

test_allow_classic_load_balancer_with_an_access_logs_block if {
	lb := _resource("aws_elb", {"access_logs": [{"bucket": "logs"}]}, {})
	elb.access_logs(lb, {}).status == "pass" with input as {}
}

test_deny_classic_load_balancer_with_access_logs_disabled if {
	lb := _resource("aws_elb", {"access_logs": [{"bucket": "logs", "enabled": false}]}, {})
	elb.access_logs(lb, {}).status == "fail" with input as {}
}

test_deny_application_load_balancer_with_access_logs_left_off if {
	every logs in [[], [{"bucket": "logs"}], [{"bucket": "logs", "enabled": false}]] {
		elb.access_logs(_resource("aws_lb", {"access_logs": logs}, {}), {}).status == "fail" with input as {}
	}
}

test_allow_network_load_balancer_with_access_logs_enabled if {
	values := {"load_balancer_type": "network", "access_logs": [{"bucket": "logs", "enabled": true}]}
	elb.access_logs(_resource("aws_lb", values, {}), {}).status == "pass" with input as {}
}

test_unknown_access_logs_flag_is_unknown if {
	lb := _resource("aws_alb", {"access_logs": [{"bucket": "logs"}]}, {"access_logs": [{"enabled": true}]})
	elb.access_logs(lb, {}).status == "unknown" with input as {}
}

test_gateway_load_balancer_is_not_judged_on_access_logs if {
	not elb.access_logs(_resource("aws_lb", {"load_balancer_type": "gateway"}, {}), {}) with input as {}
}
