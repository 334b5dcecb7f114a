# METADATA
# title: VPC controls
# description: Checks on VPCs, their subnets, default security groups and flow logs.
package threatloop.controls.aws.vpc

import rego.v1

import data.threatloop.lib

# METADATA
# title: Flow logs record the VPC's traffic
# description: Passes when an aws_flow_log refers to the VPC through vpc_id, even while its id is unknown.
flow_logs_enabled(resource, params) := lib.best_linked(judged, lib.missing_link("aws_flow_log", why)) if {
	why := "traffic in the VPC leaves no record"
	traffic := object.get(params, "traffic_types", ["ALL", "REJECT"])
	judged := {address: lib.expect(lib.resources[address], ["traffic_type"], traffic, null, why) |
		some address in lib.linked(resource, "aws_flow_log", "vpc_id")
	}
}

# METADATA
# title: The default security group admits and sends nothing
# description: Resources placed in the default group by omission must not inherit open rules.
default_group_closed(resource, _) := lib.worst([ingress, egress]) if {
	why := "resources that fall into the default group inherit these rules"
	ingress := lib.expect(resource, ["ingress"], [[]], [], why)
	egress := lib.expect(resource, ["egress"], [[]], [], why)
}

# METADATA
# title: Subnets do not give instances public IP addresses by default
subnet_no_public_ip(resource, _) := lib.expect_not(resource, ["map_public_ip_on_launch"], [true], false, why) if {
	why := "every instance launched into the subnet is reachable from the internet"
}
