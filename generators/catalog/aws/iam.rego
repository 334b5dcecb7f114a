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
	some entry in documents
	entry.document.state == "known"
	some n, statement in lib.statements(entry.document.value)
	_admin(statement, actions)
	label := object.get(statement, "Sid", format_int(n, 10))
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
