package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.vpc
import data.threatloop.lib

test_allow_vpc_with_flow_log_linked_through_an_unknown_id if {
	doc := _doc(
		[_rc("aws_vpc.main", {}, {"id": true}), _rc("aws_flow_log.main", {"traffic_type": "ALL"}, {"vpc_id": true})],
		[_ref("aws_flow_log.main", "vpc_id", "aws_vpc.main.id")],
	)
	vpc.flow_logs_enabled(lib.resources["aws_vpc.main"], {}).status == "pass" with input as doc
}

test_deny_vpc_without_flow_log if {
	doc := _doc([_rc("aws_vpc.main", {}, {"id": true})], [])
	vpc.flow_logs_enabled(lib.resources["aws_vpc.main"], {}).status == "fail" with input as doc
}

test_deny_default_group_with_ingress if {
	group := _resource("aws_default_security_group", {"ingress": [{"self": true}], "egress": []}, {})
	vpc.default_group_closed(group, {}).status == "fail" with input as {}
}

test_allow_default_group_without_rules if {
	group := _resource("aws_default_security_group", {"ingress": [], "egress": []}, {})
	vpc.default_group_closed(group, {}).status == "pass" with input as {}
}

test_deny_subnet_mapping_public_ips if {
	subnet := _resource("aws_subnet", {"map_public_ip_on_launch": true}, {})
	vpc.subnet_no_public_ip(subnet, {}).status == "fail" with input as {}
}

test_allow_subnet_without_public_ips if {
	vpc.subnet_no_public_ip(_resource("aws_subnet", {}, {}), {}).status == "pass" with input as {}
}
