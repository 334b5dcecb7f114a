package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.msk

_kafka(values) := _resource("aws_msk_cluster", values, {})

test_deny_plaintext_client_traffic if {
	cluster := _kafka({"encryption_info": [{"encryption_in_transit": [{"client_broker": "TLS_PLAINTEXT"}]}]})
	msk.tls_in_transit(cluster, {}).status == "fail" with input as {}
}

test_allow_default_tls_in_transit if {
	msk.tls_in_transit(_kafka({}), {}).status == "pass" with input as {}
}

test_deny_cluster_without_customer_key if {
	msk.kms_at_rest(_kafka({}), {}).status == "fail" with input as {}
}

test_allow_cluster_with_customer_key if {
	cluster := _kafka({"encryption_info": [{"encryption_at_rest_kms_key_arn": "arn:k"}]})
	msk.kms_at_rest(cluster, {}).status == "pass" with input as {}
}

test_deny_public_brokers if {
	access := [{"public_access": [{"type": "SERVICE_PROVIDED_EIPS"}]}]
	cluster := _kafka({"broker_node_group_info": [{"connectivity_info": access}]})
	msk.private_brokers(cluster, {}).status == "fail" with input as {}
}

test_allow_private_brokers if {
	msk.private_brokers(_kafka({"broker_node_group_info": [{}]}), {}).status == "pass" with input as {}
}
