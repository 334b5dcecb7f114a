package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.ecr
import data.threatloop.lib

test_deny_mutable_tags if {
	ecr.immutable_tags(_resource("aws_ecr_repository", {}, {}), {}).status == "fail" with input as {}
}

test_allow_immutable_tags if {
	repository := _resource("aws_ecr_repository", {"image_tag_mutability": "IMMUTABLE"}, {})
	ecr.immutable_tags(repository, {}).status == "pass" with input as {}
}

test_deny_repository_without_scanning if {
	ecr.scan_on_push(_resource("aws_ecr_repository", {}, {}), {}).status == "fail" with input as {}
}

test_allow_repository_scanning_on_push if {
	repository := _resource("aws_ecr_repository", {"image_scanning_configuration": [{"scan_on_push": true}]}, {})
	ecr.scan_on_push(repository, {}).status == "pass" with input as {}
}

test_deny_repository_policy_open_to_everyone if {
	statement := {"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}
	policy := _rc("aws_ecr_repository_policy.app", {"policy": _policy([statement])}, {})
	doc := _doc(
		[_rc("aws_ecr_repository.app", {"name": "app"}, {}), policy],
		[_ref("aws_ecr_repository_policy.app", "repository", "aws_ecr_repository.app.name")],
	)
	verdict := ecr.policy_not_public(lib.resources["aws_ecr_repository.app"], {}) with input as doc
	verdict.status == "fail"
	verdict.related == "aws_ecr_repository_policy.app"
}

# checkov example_ECRPolicy pass_conditional: ForAllValues holds when the key is absent.
test_deny_principal_star_under_for_all_values_org_condition if {
	condition := {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-12345678"}}
	statement := {"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"], "Condition": condition}
	policy := _resource("aws_ecr_repository_policy", {"policy": _policy([statement])}, {})
	ecr.policy_not_public(policy, {}).status == "fail" with input as {}
}

test_allow_repository_without_policy if {
	doc := _doc([_rc("aws_ecr_repository.app", {"name": "app"}, {})], [])
	ecr.policy_not_public(lib.resources["aws_ecr_repository.app"], {}).status == "pass" with input as doc
}
