# Policy documents
#
# IAM and resource policies arrive as JSON strings (literal or jsonencode). These helpers parse
# them and give every field one form: lists instead of "string or list".
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
package threatloop.lib

import rego.v1

# METADATA
# title: A value as a list, whether it was a single value or a list
as_list(x) := x if is_array(x)

else := [] if x == null

else := [x]

# METADATA
# title: The statements of a parsed policy document, as a list
statements(document) := as_list(object.get(document, "Statement", []))

# METADATA
# title: A policy attribute parsed, with its tri-state
# description: '{"state": "known", "value": <document>}, unknown, absent, or {"state": "invalid"}'
policy_document(resource, path) := result if {
	a := attr(resource, path)
	a.state == "known"
	result := _parse_policy(a.value)
} else := attr(resource, path)

_parse_policy(text) := {"state": "known", "value": json.unmarshal(text)} if {
	is_string(text)
	json.is_valid(text)
} else := {"state": "known", "value": text} if {
	is_object(text)
} else := {"state": "invalid"}

# METADATA
# title: The statements of a parsed document in one shape
# description: |
#   Sid (or the position), Effect, Action, NotAction, Resource, NotResource and Principal as
#   lists; a principal of "*" or of AWS "*" becomes "*"; Condition as given.
normalized_statements(document) := [_normalize(n, s) | some n, s in statements(document)]

_normalize(n, s) := {
	"sid": _sid(n, s),
	"effect": object.get(s, "Effect", ""),
	"actions": [lower(a) | some a in as_list(object.get(s, "Action", null))],
	"not_actions": [lower(a) | some a in as_list(object.get(s, "NotAction", null))],
	"resources": as_list(object.get(s, "Resource", null)),
	"not_resources": as_list(object.get(s, "NotResource", null)),
	"principals": _principals(object.get(s, "Principal", null)),
	"not_principal": "NotPrincipal" in object.keys(s),
	"conditions": _object_or_empty(object.get(s, "Condition", {})),
}

_sid(n, s) := s.Sid if {
	is_string(s.Sid)
	s.Sid != ""
} else := format_int(n, 10)

_principals(p) := as_list(p) if not is_object(p)

else := [x |
	some value in p
	some x in as_list(value)
]

# METADATA
# title: Whether an Allow statement applies to every principal
# scope: document
# description: A Principal of "*" or of AWS "*", or a NotPrincipal (everyone but a few).
to_everyone(statement) if {
	statement.effect == "Allow"
	"*" in statement.principals
}

to_everyone(statement) if {
	statement.effect == "Allow"
	statement.not_principal
}

# Condition keys that tie a request to a known account, organisation, source or network.
_narrowing_keys := {
	"aws:sourcearn",
	"aws:sourceaccount",
	"aws:sourceowner",
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:principalaccount",
	"aws:principalarn",
	"aws:sourceorgid",
	"aws:sourceorgpaths",
	"aws:sourcevpc",
	"aws:sourcevpce",
	"aws:sourceip",
	"aws:userid",
	# KMS's own key for the account of the caller.
	"kms:calleraccount",
}

# Operators that narrow when they match; negated operators and IfExists variants do not,
# because a request without the key (or with any other value) still passes them.
_narrowing_operators := {
	"stringequals",
	"stringequalsignorecase",
	"stringlike",
	"arnequals",
	"arnlike",
	"ipaddress",
}

_open_values := {"*", "0.0.0.0/0", "::/0"}

_all_narrow(values) if {
	every v in values {
		not v in _open_values
	}
}

# METADATA
# title: Whether a statement's Condition ties requests to known accounts, sources or networks
narrowed(statement) if _narrowed(statement)

_narrowed(statement) if {
	some operator, block in statement.conditions
	lower(operator) in _narrowing_operators
	is_object(block)
	some key, value in block
	lower(key) in _narrowing_keys
	values := as_list(value)
	count(values) > 0
	_all_narrow(values)
}

# METADATA
# title: Whether a statement grants access to anyone on the internet
# description: The principal "*" (or a NotPrincipal) is judged together with the Condition.
public_statement(statement) if {
	to_everyone(statement)
	not _narrowed(statement)
}

# METADATA
# title: Whether an Allow statement grants one of the given actions, NotAction counting as all
# scope: document
allows_any_of(statement, actions) if {
	statement.effect == "Allow"
	some a in statement.actions
	a in actions
}

allows_any_of(statement, _) if {
	statement.effect == "Allow"
	count(statement.not_actions) > 0
}

# METADATA
# title: Whether a document denies every request that does not use TLS
# description: A Deny statement for every principal with Bool aws:SecureTransport false.
denies_insecure_transport(document) if {
	some s in normalized_statements(document)
	s.effect == "Deny"
	"*" in s.principals
	some a in s.actions
	a in {"*", "s3:*", "sqs:*", "sns:*"}
	some operator, block in s.conditions
	lower(operator) == "bool"
	some key, value in block
	lower(key) == "aws:securetransport"
	some v in as_list(value)
	lower(format_value(v)) == "false"
}

# METADATA
# title: A scalar as text (policy values may be strings, booleans or numbers)
format_value(v) := v if is_string(v)

else := json.marshal(v)

# METADATA
# title: The first statement of the documents that grants access to anyone, as a verdict
# description: |
#   documents maps a label (an attribute path or a related address) to a policy_document result.
#   Unknown and invalid documents give unknown; no document, or none public, passes.
public_policy_verdict(documents) := object.union(_related_policy(first[0]), {
	"status": "fail",
	"attribute": first[0],
	"message": concat("", [first[0], ": statement ", first[1], " allows any principal without a narrowing condition"]),
}) if {
	# The first public statement of the first document by label decides: a function has one
	# value, however many statements are public.
	public := [[label, s.sid] |
		some label in sort(object.keys(documents))
		documents[label].state == "known"
		some s in normalized_statements(documents[label].value)
		public_statement(s)
	]
	first := public[0]
} else := object.union(_related_policy(label), {
	"status": "unknown",
	"attribute": label,
	"message": concat("", [label, " is only known after apply or is not valid JSON"]),
}) if {
	label := [candidate |
		some candidate in sort(object.keys(documents))
		documents[candidate].state in {"unknown", "invalid"}
	][0]
} else := {
	"status": "pass",
	"attribute": "policy",
	"message": "no policy statement allows any principal without a narrowing condition",
}

# A linked policy resource that decides the verdict is named as related; the resource's own
# policy attribute is labelled "policy".
_related_policy("policy") := {}

_related_policy(label) := {"related": label} if label != "policy"
