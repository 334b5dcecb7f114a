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
