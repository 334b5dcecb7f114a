package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.opensearch

_domain(values, unknown) := _resource("aws_opensearch_domain", values, unknown)

_logs(enabled) := {"log_type": "INDEX_SLOW_LOGS", "cloudwatch_log_group_arn": "arn", "enabled": enabled}

test_deny_domain_without_encryption_at_rest if {
	every values in [{}, {"encrypt_at_rest": [{"enabled": false}]}] {
		opensearch.encrypted_at_rest(_domain(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_elasticsearch_domain_encrypted_at_rest if {
	domain := _resource("aws_elasticsearch_domain", {"encrypt_at_rest": [{"enabled": true}]}, {})
	opensearch.encrypted_at_rest(domain, {}).status == "pass" with input as {}
}

test_deny_domain_publishing_no_logs if {
	every values in [{}, {"log_publishing_options": [_logs(false)]}] {
		opensearch.log_publishing(_domain(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_domain_with_one_enabled_log_block if {
	blocks := [_logs(false), {"log_type": "ES_APPLICATION_LOGS", "cloudwatch_log_group_arn": "arn"}]
	opensearch.log_publishing(_domain({"log_publishing_options": blocks}, {}), {}).status == "pass" with input as {}
}

test_unknown_log_blocks_known_at_apply if {
	domain := _domain({}, {"log_publishing_options": true})
	opensearch.log_publishing(domain, {}).status == "unknown" with input as {}
}

test_allow_log_block_whose_log_group_is_known_at_apply if {
	unknown := {"log_publishing_options": [{"cloudwatch_log_group_arn": true}]}
	domain := _domain({"log_publishing_options": [{"log_type": "AUDIT_LOGS"}]}, unknown)
	opensearch.log_publishing(domain, {}).status == "pass" with input as {}
}
