# METADATA
# title: IAM controls
# description: Checks on IAM policy documents, parsed from JSON strings or jsonencode.
package threatloop.controls.aws.iam

import rego.v1

import data.threatloop.lib

_policy_types := {"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"}

# METADATA
# title: No policy allows every action on every resource
# description: |
#   Looks at the policy attribute of standalone and inline policies, and at the inline_policy
#   blocks of roles. An Allow statement whose Action includes one of the wildcard actions
#   (by default "*" and "*:*") and whose Resource includes "*" is an administrator grant.
no_wildcard_admin(resource, params) := _verdict(documents, actions) if {
	documents := _documents(resource)
	actions := {a | some a in object.get(params, "actions", ["*", "*:*"])}
}

_documents(resource) := [_document(resource, ["policy"])] if {
	resource.type in _policy_types
} else := [] if {
	resource.type == "aws_iam_role"
	lib.undeclared(resource, "inline_policy")
} else := [_document(resource, ["inline_policy", i, "policy"]) |
	resource.type == "aws_iam_role"
	some i in numbers.range(0, count(object.get(resource.values, "inline_policy", [])) - 1)
]

_document(resource, path) := {"path": path, "document": lib.policy_document(resource, path)}

_verdict(documents, actions) := {
	"status": "fail",
	"attribute": lib.path_string(entry.path),
	"message": concat("", ["statement ", label, " allows every action on every resource"]),
} if {
	# The first admin statement in document order decides: a function has one value.
	[entry, label] := [[e, object.get(statement, "Sid", format_int(n, 10))] |
		some e in documents
		e.document.state == "known"
		some n, statement in lib.statements(e.document.value)
		_admin(statement, actions)
	][0]
} else := {
	"status": "unknown",
	"attribute": "policy",
	"message": "the policy document is only known after apply",
} if {
	some entry in documents
	entry.document.state == "unknown"
} else := {
	"status": "unknown",
	"attribute": "policy",
	"message": "the policy document is not valid JSON",
} if {
	some entry in documents
	entry.document.state == "invalid"
} else := {
	"status": "pass",
	"attribute": "policy",
	"message": "no statement allows every action on every resource",
}

_admin(statement, actions) if {
	statement.Effect == "Allow"
	some action in lib.as_list(object.get(statement, "Action", []))
	action in actions
	some target in lib.as_list(object.get(statement, "Resource", []))
	target == "*"
}

# METADATA
# title: No policy allows every action of a service
# description: |
#   An Allow statement whose Action is "*" or ends in ":*", or an Allow with NotAction, grants
#   actions nobody reviewed, including those a service adds later.
no_wildcard_actions(resource, _) := _action_verdict(_documents(resource))

_wildcard_action(statement) if {
	statement.effect == "Allow"
	some a in statement.actions
	endswith(a, "*")
	not contains(trim_suffix(a, "*"), "*")
	_whole_service(a)
}

_wildcard_action(statement) if {
	statement.effect == "Allow"
	count(statement.not_actions) > 0
}

_whole_service("*")

_whole_service(a) if endswith(a, ":*")

_action_verdict(documents) := {
	"status": "fail",
	"attribute": lib.path_string(entry.path),
	"message": concat("", ["statement ", s.sid, " allows every action of a service (", concat(", ", s.actions), ")"]),
} if {
	# The first wildcard statement in document order decides: a function has one value.
	[entry, s] := [[e, statement] |
		some e in documents
		e.document.state == "known"
		some statement in lib.normalized_statements(e.document.value)
		_wildcard_action(statement)
	][0]
} else := _document_unknown(documents) if {
	some entry in documents
	entry.document.state in {"unknown", "invalid"}
} else := {
	"status": "pass",
	"attribute": "policy",
	"message": "every allowed action is named",
}

_document_unknown(documents) := {
	"status": "unknown",
	"attribute": lib.path_string(entry.path),
	"message": concat("", [lib.path_string(entry.path), " is only known after apply or is not valid JSON"]),
} if {
	entry := [e | some e in documents; e.document.state in {"unknown", "invalid"}][0]
}

# METADATA
# title: No role trusts every principal
# description: |
#   A trust policy statement that allows sts:AssumeRole to Principal "*" lets any AWS account
#   assume the role unless its Condition ties it to known accounts or an organisation.
trust_not_public(resource, _) := lib.public_policy_verdict({"assume_role_policy": document}) if {
	document := lib.policy_document(resource, ["assume_role_policy"])
}

# METADATA
# title: Policies are attached to groups and roles, not users
# scope: document
# description: |
#   Inline user policies and user policy attachments fail; an aws_iam_policy_attachment fails
#   when it lists users, and is unknown while its users are.
no_user_policies(resource, _) := {
	"status": "fail",
	"attribute": "user",
	"message": concat("", [resource.type, " grants permissions to a user directly"]),
} if {
	resource.type in {"aws_iam_user_policy", "aws_iam_user_policy_attachment"}
}

no_user_policies(resource, _) := lib.expect(resource, ["users"], [[]], [], why) if {
	resource.type == "aws_iam_policy_attachment"
	why := "the policy is attached to users directly"
}

_admin_policies := ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess"]

# METADATA
# title: No attachment grants an AWS managed administrator policy
no_admin_attachment(resource, params) := lib.expect_not(resource, ["policy_arn"], forbidden, null, why) if {
	forbidden := object.get(params, "policies", _admin_policies)
	why := "the principal gets administrator rights over the account"
}

# METADATA
# title: The account password policy requires long passwords
password_length(resource, params) := lib.expect_at_least(resource, path, minimum, 6, why) if {
	path := ["minimum_password_length"]
	minimum := object.get(params, "minimum", 14)
	why := concat("", ["passwords shorter than ", format_int(minimum, 10), " characters are accepted"])
}

_character_classes := [
	"require_lowercase_characters",
	"require_numbers",
	"require_symbols",
	"require_uppercase_characters",
]

# METADATA
# title: The account password policy requires every listed character class
password_complexity(resource, params) := lib.worst(verdicts) if {
	classes := object.get(params, "classes", _character_classes)
	why := "passwords without that kind of character are accepted"
	verdicts := [lib.expect(resource, [class], [true], false, why) | some class in classes]
	count(verdicts) > 0
}

# METADATA
# title: The account password policy prevents password reuse
password_reuse(resource, params) := lib.expect_at_least(resource, path, minimum, 0, why) if {
	path := ["password_reuse_prevention"]
	minimum := object.get(params, "minimum", 24)
	why := concat("", ["fewer than the last ", format_int(minimum, 10), " passwords are refused"])
}

# METADATA
# title: The account password policy expires passwords
# description: A max_password_age of 0, the default, means passwords never expire.
password_expiry(resource, params) := _expiry(age, maximum) if {
	maximum := object.get(params, "maximum_days", 90)
	age := lib.setting(resource, ["max_password_age"], 0)
}

_expiry(age, maximum) := {
	"status": "unknown",
	"attribute": "max_password_age",
	"message": "max_password_age is only known after apply",
} if {
	age.state == "unknown"
} else := {
	"status": "pass",
	"attribute": "max_password_age",
	"message": concat("", ["passwords expire after ", format_int(age.value, 10), " days"]),
} if {
	is_number(age.value)
	age.value >= 1
	age.value <= maximum
} else := {
	"status": "fail",
	"attribute": "max_password_age",
	"message": concat("", [
		"max_password_age is ", lib.show(age.value),
		": passwords must expire within ", format_int(maximum, 10), " days",
	]),
}
