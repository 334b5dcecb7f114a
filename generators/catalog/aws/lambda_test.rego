package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.lambda

test_deny_function_url_without_auth if {
	url := _resource("aws_lambda_function_url", {"authorization_type": "NONE"}, {})
	lambda.url_authenticated(url, {}).status == "fail" with input as {}
}

test_allow_function_url_with_iam_auth if {
	url := _resource("aws_lambda_function_url", {"authorization_type": "AWS_IAM"}, {})
	lambda.url_authenticated(url, {}).status == "pass" with input as {}
}

_permission(values, unknown) := _resource("aws_lambda_permission", values, unknown)

test_deny_permission_for_every_principal if {
	permission := _permission({"principal": "*", "action": "lambda:InvokeFunction"}, {})
	lambda.permission_not_public(permission, {}).status == "fail" with input as {}
}

test_allow_permission_for_every_principal_of_the_organisation if {
	permission := _permission({"principal": "*", "principal_org_id": "o-abc123"}, {})
	lambda.permission_not_public(permission, {}).status == "pass" with input as {}
}

test_allow_permission_for_a_service if {
	permission := _permission({"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::b"}, {})
	lambda.permission_not_public(permission, {}).status == "pass" with input as {}
}

test_unknown_permission_principal if {
	lambda.permission_not_public(_permission({}, {"principal": true}), {}).status == "unknown" with input as {}
}
