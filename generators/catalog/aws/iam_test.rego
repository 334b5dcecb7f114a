package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.iam

_iam_policy(statement) := _resource("aws_iam_policy", {"policy": _policy(statement)}, {})

test_deny_service_wildcard_action if {
	statement := {"Sid": "AllS3", "Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}
	v := iam.no_wildcard_actions(_iam_policy(statement), {}) with input as {}
	v.status == "fail"
	contains(v.message, "AllS3")
}

test_deny_allow_with_not_action if {
	statement := {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
	iam.no_wildcard_actions(_iam_policy(statement), {}).status == "fail" with input as {}
}

test_allow_action_prefix_wildcard if {
	statement := {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}
	iam.no_wildcard_actions(_iam_policy(statement), {}).status == "pass" with input as {}
}

test_unknown_wildcard_actions_when_the_policy_is_unknown if {
	policy := _resource("aws_iam_role_policy", {}, {"policy": true})
	iam.no_wildcard_actions(policy, {}).status == "unknown" with input as {}
}

_role(statement) := _resource("aws_iam_role", {"assume_role_policy": _policy(statement)}, {})

_assume := {"Effect": "Allow", "Action": "sts:AssumeRole"}

test_deny_trust_policy_open_to_every_account if {
	role := _role(object.union(_assume, {"Principal": {"AWS": "*"}}))
	iam.trust_not_public(role, {}).status == "fail" with input as {}
}

test_allow_trust_policy_for_a_service if {
	role := _role(object.union(_assume, {"Principal": {"Service": "ec2.amazonaws.com"}}))
	iam.trust_not_public(role, {}).status == "pass" with input as {}
}

test_allow_trust_policy_narrowed_to_an_account if {
	condition := {"StringEquals": {"aws:PrincipalAccount": ["111122223333"]}}
	role := _role(object.union(_assume, {"Principal": "*", "Condition": condition}))
	iam.trust_not_public(role, {}).status == "pass" with input as {}
}

test_deny_trust_policy_with_an_if_exists_condition if {
	condition := {"StringEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}}
	role := _role(object.union(_assume, {"Principal": "*", "Condition": condition}))
	iam.trust_not_public(role, {}).status == "fail" with input as {}
}

test_deny_inline_user_policy if {
	iam.no_user_policies(_resource("aws_iam_user_policy", {}, {}), {}).status == "fail" with input as {}
}

test_deny_policy_attachment_listing_users if {
	attachment := _resource("aws_iam_policy_attachment", {"users": ["alice"], "roles": []}, {})
	iam.no_user_policies(attachment, {}).status == "fail" with input as {}
}

test_allow_policy_attachment_for_roles_only if {
	attachment := _resource("aws_iam_policy_attachment", {"users": [], "roles": ["app"]}, {})
	iam.no_user_policies(attachment, {}).status == "pass" with input as {}
}

test_deny_administrator_access_attachment if {
	arn := "arn:aws:iam::aws:policy/AdministratorAccess"
	attachment := _resource("aws_iam_role_policy_attachment", {"policy_arn": arn}, {})
	iam.no_admin_attachment(attachment, {}).status == "fail" with input as {}
}

test_allow_read_only_attachment if {
	arn := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	attachment := _resource("aws_iam_role_policy_attachment", {"policy_arn": arn}, {})
	iam.no_admin_attachment(attachment, {}).status == "pass" with input as {}
}

test_unknown_attachment_of_a_policy_created_in_the_same_plan if {
	attachment := _resource("aws_iam_role_policy_attachment", {}, {"policy_arn": true})
	iam.no_admin_attachment(attachment, {}).status == "unknown" with input as {}
}

test_deny_short_password_policy if {
	policy := _resource("aws_iam_account_password_policy", {"minimum_password_length": 8}, {})
	iam.password_length(policy, {"minimum": 14}).status == "fail" with input as {}
}

test_allow_long_password_policy if {
	policy := _resource("aws_iam_account_password_policy", {"minimum_password_length": 16}, {})
	iam.password_length(policy, {}).status == "pass" with input as {}
}

test_two_admin_statements_give_one_failure_naming_the_first if {
	admin := {"Effect": "Allow", "Action": "*", "Resource": "*"}
	statements := [object.union(admin, {"Sid": "First"}), object.union(admin, {"Sid": "Second"})]
	v := iam.no_wildcard_admin(_iam_policy(statements), {}) with input as {}
	v.status == "fail"
	v.message == "statement First allows every action on every resource"
}

test_two_wildcard_statements_give_one_failure_naming_the_first if {
	statements := [
		{"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
		{"Sid": "EC2", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
	]
	v := iam.no_wildcard_actions(_iam_policy(statements), {}) with input as {}
	v.status == "fail"
	startswith(v.message, "statement S3 ")
}

test_two_inline_policies_known_only_at_apply_give_one_unknown if {
	role := _resource("aws_iam_role", {"inline_policy": [{}, {}]}, {"inline_policy": [{"policy": true}, {"policy": true}]})
	v := iam.no_wildcard_actions(role, {}) with input as {}
	v.status == "unknown"
}

_password_policy(values, unknown) := _resource("aws_iam_account_password_policy", values, unknown)

test_deny_password_policy_without_symbols if {
	policy := _password_policy({"require_lowercase_characters": true, "require_numbers": true}, {})
	v := iam.password_complexity(policy, {}) with input as {}
	v.status == "fail"
	v.attribute == "require_symbols"
}

test_allow_password_policy_with_every_character_class if {
	classes := ["require_lowercase_characters", "require_numbers", "require_symbols", "require_uppercase_characters"]
	policy := _password_policy({class: true | some class in classes}, {})
	iam.password_complexity(policy, {}).status == "pass" with input as {}
}

test_allow_password_policy_with_the_one_class_asked_for if {
	policy := _password_policy({"require_numbers": true}, {})
	iam.password_complexity(policy, {"classes": ["require_numbers"]}).status == "pass" with input as {}
}

test_unknown_character_class_known_at_apply if {
	policy := _password_policy({}, {"require_numbers": true})
	iam.password_complexity(policy, {"classes": ["require_numbers"]}).status == "unknown" with input as {}
}

test_deny_password_policy_remembering_few_passwords if {
	every values in [{}, {"password_reuse_prevention": 4}] {
		iam.password_reuse(_password_policy(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_password_policy_remembering_24_passwords if {
	policy := _password_policy({"password_reuse_prevention": 24}, {})
	iam.password_reuse(policy, {}).status == "pass" with input as {}
}

test_deny_passwords_that_never_expire_or_expire_late if {
	every values in [{}, {"max_password_age": 0}, {"max_password_age": 91}] {
		iam.password_expiry(_password_policy(values, {}), {}).status == "fail" with input as {}
	}
}

test_allow_passwords_expiring_within_90_days if {
	policy := _password_policy({"max_password_age": 90}, {})
	iam.password_expiry(policy, {}).status == "pass" with input as {}
}

test_unknown_password_age_known_at_apply if {
	policy := _password_policy({}, {"max_password_age": true})
	iam.password_expiry(policy, {}).status == "unknown" with input as {}
}
