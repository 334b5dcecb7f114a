# Tri-state access to attribute values
#
# A value is known, unknown until apply (after_unknown), or absent. Controls branch on all three
# so that an unknown value never becomes a guessed pass or fail.
package threatloop.lib

import rego.v1

# METADATA
# title: The state of the attribute at a path
# description: '{"state": "known", "value": v}, {"state": "unknown"} or {"state": "absent"}'
attr(resource, path) := {"state": "unknown"} if {
	_unknown_at(resource, path)
} else := {"state": "known", "value": value} if {
	value := object.get(resource.values, path, null)
	value != null
} else := {"state": "absent"}

# METADATA
# title: Whether the value at a path, or any value above it, is unknown until apply
is_unknown(resource, path) if _unknown_at(resource, path)

# The empty path is the whole resource: unknown when any part of it is.
_unknown_at(resource, []) if _has_true(resource.unknown)

# after_unknown names only what is unknown, so a path whose first step it lacks is known; that
# one lookup settles most calls before the prefixes are tried.
_unknown_at(resource, path) if {
	object.get(resource.unknown, path[0], null) != null
	_unknown_below(resource.unknown, path)
}

_unknown_below(unknown, path) if {
	some n in numbers.range(1, count(path))
	object.get(unknown, array.slice(path, 0, n), false) == true
}

# Nested unknowns inside a known list or object also make the whole value undecidable.
_unknown_below(unknown, path) if {
	below := object.get(unknown, path, false)
	is_object(below)
	_has_true(below)
}

_unknown_below(unknown, path) if {
	below := object.get(unknown, path, false)
	is_array(below)
	_has_true(below)
}

# Marshalling is native in WASM where walk is not; a text without "true" has no true value, and
# only a text that has one is walked.
_has_true(x) if {
	contains(json.marshal(x), "true")
	walk(x, [_, true])
}

# METADATA
# title: An attribute path written as text, such as ingress.1.cidr_blocks
path_string(path) := concat(".", [_segment(p) | some p in path])

_segment(p) := p if is_string(p)

else := format_int(p, 10)

# METADATA
# title: Whether the value at a path, any value above it or any part of it is sensitive
# scope: document
is_sensitive(resource, path) if {
	some n in numbers.range(1, count(path))
	object.get(resource.sensitive, array.slice(path, 0, n), false) == true
}

is_sensitive(resource, path) if {
	below := object.get(resource.sensitive, path, false)
	not is_boolean(below)
	_has_true(below)
}

# METADATA
# title: A value as a message may show it
# description: |
#   Sensitive values (after_sensitive in plans, sensitive_values in state) are replaced by
#   "(sensitive)", so a finding never repeats a secret; judge the value with attr, show it with this.
shown(resource, path) := "(sensitive)" if {
	is_sensitive(resource, path)
} else := object.get(resource.values, path, null)

# METADATA
# title: A verdict's message with the sensitive values of its resources replaced
# description: |
#   The last line of defence: whatever a control wrote into its message, every sensitive string
#   (three characters or longer) of the judged resource and of the related one becomes
#   "(sensitive)". Generated threat modules pass every verdict through it.
redacted(verdict) := strings.replace_n(_secrets(verdict), verdict.message)

_secrets(verdict) := {secret: "(sensitive)" |
	some address in {verdict.address, object.get(verdict, "related", null)}
	resource := resources[address]
	_has_true(resource.sensitive)
	some path
	walk(resource.sensitive, [path, true])
	value := object.get(resource.values, path, null)
	some leaf
	walk(value, [_, leaf])
	secret := _secret_text(leaf)
}

_secret_text(leaf) := leaf if {
	is_string(leaf)
	count(leaf) >= 3
}

_secret_text(leaf) := format_int(leaf, 10) if {
	is_number(leaf)
	leaf == floor(leaf)
	leaf >= 100
}
