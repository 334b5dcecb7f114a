# Setting checks
#
# Most controls compare one attribute, or one attribute of a linked resource, with the values
# that are safe. These helpers turn that comparison into a tri-state verdict, so that every
# control reports unknown values, absent values and linked resources the same way.
package threatloop.lib

import rego.v1

# METADATA
# title: The value at a path with the attribute's state, defaults applied
# description: |
#   An attribute the configuration leaves out is filled by the provider; its default (absent)
#   stands for it even when the plan shows it unknown.
setting(resource, path, absent) := _setting(resource, path, absent, _unknown_flag(resource, path))

# Whether the path is unknown, worked out once for the branches below.
_unknown_flag(resource, path) if is_unknown(resource, path)

else := false

_setting(resource, path, absent, true) := {"state": "known", "value": absent} if {
	undeclared(resource, path[0])
} else := {"state": "unknown"}

_setting(resource, path, absent, false) := {"state": "known", "value": value} if {
	value := object.get(resource.values, path, null)
	value != null
} else := {"state": "known", "value": absent}

# METADATA
# title: Passes when the value at a path is one of the allowed values
# description: The absent value stands for an attribute the configuration leaves out.
expect(resource, path, allowed, absent, why) := _judge(s, path, why, ok) if {
	s := setting(resource, path, absent)
	ok := {"unknown": null, "known": _in(s, allowed)}[s.state]
}

# METADATA
# title: Passes when the value at a path is none of the forbidden values
expect_not(resource, path, forbidden, absent, why) := _judge(s, path, why, ok) if {
	s := setting(resource, path, absent)
	ok := {"unknown": null, "known": _not_in(s, forbidden)}[s.state]
}

# METADATA
# title: Passes when the number at a path is at least the minimum
expect_at_least(resource, path, minimum, absent, why) := _judge(s, path, why, ok) if {
	s := setting(resource, path, absent)
	ok := {"unknown": null, "known": _at_least(s, minimum)}[s.state]
}

# METADATA
# title: Passes when the value at a path is set and not empty
# description: |
#   A value unknown at plan time that the configuration sets from the id, ARN or key id of a
#   resource it manages (kms_key_id = aws_kms_key.k.arn) is set: Terraform creates that resource
#   first, and those attributes are never empty.
expect_set(resource, path, why) := _set_by(path, reference) if {
	setting(resource, path, null).state == "unknown"
	reference := set_by_reference(resource, path)
} else := _judge(s, path, why, ok) if {
	s := setting(resource, path, null)
	ok := {"unknown": null, "known": _filled(s)}[s.state]
}

_set_by(path, reference) := {
	"status": "pass",
	"attribute": path_string(path),
	"message": concat("", [path_string(path), " is set from ", reference]),
}

# METADATA
# title: Passes when the list at a path holds every required value
expect_all(resource, path, required, why) := _judge(s, path, why, ok) if {
	s := setting(resource, path, [])
	ok := {"unknown": null, "known": _holds_all(s, required)}[s.state]
}

# METADATA
# title: Passes when the list at a path holds none of the forbidden values
expect_none_of(resource, path, forbidden, absent, why) := _judge(s, path, why, ok) if {
	s := setting(resource, path, absent)
	ok := {"unknown": null, "known": _holds_none(s, forbidden)}[s.state]
}

_holds_none(s, forbidden) if {
	every v in as_list(s.value) {
		not v in forbidden
	}
} else := false

_in(s, allowed) if s.value in allowed

else := false

_not_in(s, forbidden) if not s.value in forbidden

else := false

_at_least(s, minimum) if {
	_number(s.value) >= minimum
} else := false

# Terraform converts a text holding a number ("100") for a number attribute; a configuration read
# without the provider's schema keeps the text.
_number(value) := value if is_number(value)

else := to_number(value) if {
	is_string(value)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, value)
}

_filled(s) if {
	s.value != null
	s.value != ""
	s.value != []
	s.value != {}
} else := false

_holds_all(s, required) if {
	every r in required {
		r in as_list(s.value)
	}
} else := false

# The setting s is passed in, already worked out, rather than looked up again for the message.
_judge(_, path, _, null) := {
	"status": "unknown",
	"attribute": path_string(path),
	"message": concat("", [path_string(path), " is only known after apply"]),
}

_judge(s, path, _, true) := {
	"status": "pass",
	"attribute": path_string(path),
	"message": concat("", [path_string(path), " is ", show(s.value)]),
}

_judge(s, path, why, false) := {
	"status": "fail",
	"attribute": path_string(path),
	"message": concat("", [path_string(path), " is ", show(s.value), ": ", why]),
}

# METADATA
# title: A value as text for a message; lists and objects as JSON
show(value) := value if is_string(value)

else := "not set" if value == null

else := json.marshal(value)

# METADATA
# title: The most favourable verdict of several ways to meet a control
# description: Pass when one way passes, unknown when one is unknown, else the first failure.
best(verdicts) := _first(verdicts, "pass") if {
	_first(verdicts, "pass")
} else := _first(verdicts, "unknown") if {
	_first(verdicts, "unknown")
} else := verdicts[0]

# METADATA
# title: The least favourable of several verdicts that must all pass
# description: The first failure, else the first unknown, else the first verdict (all passed).
worst(verdicts) := _first(verdicts, "fail") if {
	_first(verdicts, "fail")
} else := _first(verdicts, "unknown") if {
	_first(verdicts, "unknown")
} else := verdicts[0]

# The first verdict of a list with the given status; one value even when several match.
_first(verdicts, status) := matching[0] if {
	matching := [v | some v in verdicts; v.status == status]
	count(matching) > 0
}

# METADATA
# title: Judges a resource by the linked resources of a type that refer to it through an attribute
# description: |
#   Each linked resource is judged by the verdict function's result given in judged (address to
#   verdict); the best verdict wins. With no linked resource the control fails with missing.
best_linked(judged, missing) := missing if {
	count(judged) == 0
} else := best([object.union(judged[address], {"related": address}) | some address in sort(object.keys(judged))])

# METADATA
# title: A failure for a resource that needs a linked resource and has none
missing_link(type, why) := {
	"status": "fail",
	"attribute": type,
	"message": concat("", ["no ", type, " refers to this resource: ", why]),
}

# METADATA
# title: Whether a resource refers through an attribute to a resource of the plan
# description: Such a resource is judged as part of its target and gives no verdict of its own.
attached(resource, attr, type) if {
	some address in targets(resource, attr)
	resources[address].type == type
}

# METADATA
# title: Judges a resource by one setting of the linked resources that refer to it
# description: The best linked verdict wins; without a linked resource the control fails.
linked_expect(resource, type, attr, path, allowed, absent, why) := best_linked(judged, missing_link(type, why)) if {
	judged := {address: expect(resources[address], path, allowed, absent, why) |
		some address in linked(resource, type, attr)
	}
}

# METADATA
# title: The policy documents of a resource and of the linked policy resources
# description: |
#   Maps "policy" (the resource's own attribute, when the configuration sets it) and each linked
#   policy resource's address to a policy_document result.
policy_documents(resource, policy_type, attr) := object.union(own, others) if {
	own := {"policy": policy_document(resource, ["policy"]) | not undeclared(resource, "policy")}
	others := {address: policy_document(resources[address], ["policy"]) |
		some address in linked(resource, policy_type, attr)
	}
}
