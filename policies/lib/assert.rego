# Inline assertions
#
# A control entry of the model may assert conditions on resources itself instead of naming a
# catalog control. The generator writes each assertion as a spec object, data and never Rego
# source, and these fixed rules judge it: model text can change what is checked, not how.
#
# A spec is {"type", "relation", "via", "require", "conditions"}; each condition is
# {"path": [segments], "text": "dotted.path", "op", "value"}, with list indexes as numbers.
package threatloop.lib

import rego.v1

# METADATA
# title: Verdicts of an inline assertion on the resources the threat's bindings select
# description: |
#   self judges the bound resources of the spec's type; references and referenced-by judge each
#   bound resource (the anchor) by the resources of that type related to it through via. Every
#   verdict carries the address it is about; with nothing to judge, the address is the type.
assertion_verdicts(bindings, spec) := _self_verdicts(bindings, spec) if {
	spec.relation == "self"
} else := _linked_verdicts(bindings, spec)

# METADATA
# title: The verdict of an assertion's conditions on one resource
# description: A failed condition fails it, else an unknown one makes it unknown, else it passes.
assertion_judge(resource, conditions) := _summary(resource, [_condition(resource, c) | some c in conditions])

_summary(resource, results) := worst(results) if {
	some result in results
	result.status != "pass"
} else := {
	"status": "pass",
	"attribute": concat(", ", [result.attribute | some result in results]),
	"message": concat("; ", [result.message | some result in results]),
} if {
	count(results) > 0
} else := {"status": "pass", "attribute": "", "message": concat("", [resource.type, " exists"])}

_self_verdicts(bindings, spec) := _require(spec, judged, _nothing(spec)) if {
	judged := {address: assertion_judge(resources[address], spec.conditions) |
		some address in bound(bindings, [spec.type])
	}
}

# all: each judged resource keeps its verdict; any: the best one stands for all; none: each one
# fails. With nothing judged, the verdict given for that case stands alone.
_require(_, judged, nothing) := {nothing} if count(judged) == 0

_require(spec, judged, _) := {object.union(v, {"address": address}) | some address, v in judged} if {
	count(judged) > 0
	spec.require == "all"
}

_require(spec, judged, _) := {best(verdicts)} if {
	verdicts := [object.union(v, {"address": a}) | some a in sort(object.keys(judged)); v := judged[a]]
	count(judged) > 0
	spec.require == "any"
}

_require(spec, judged, _) := {_forbidden(address) | some address, _ in judged} if {
	count(judged) > 0
	spec.require == "none"
}

_forbidden(address) := {
	"status": "fail",
	"address": address,
	"attribute": resources[address].type,
	"message": concat("", [address, " exists, and the assertion requires that none does"]),
}

# With no resource to judge, all and any fail and none passes.
_nothing(spec) := {
	"status": "pass",
	"address": spec.type,
	"attribute": spec.type,
	"message": _absence(spec),
} if {
	spec.require == "none"
} else := {
	"status": "fail",
	"address": spec.type,
	"attribute": spec.type,
	"message": concat("", [_absence(spec), "; the assertion requires at least one"]),
}

_absence(spec) := concat("", ["no ", spec.type, " of the threat's components exists"]) if {
	spec.relation == "self"
}

_absence(spec) := concat("", ["no ", spec.type, " refers through ", spec.via, " to the threat's resources"]) if {
	spec.relation == "references"
}

_absence(spec) := concat("", [_no_referrer, spec.via, " to any ", spec.type]) if {
	spec.relation == "referenced-by"
}

_no_referrer := "no resource of the threat's components refers through "

_linked_verdicts(bindings, spec) := _linked_outcomes(spec, _anchors(bindings, spec))

_linked_outcomes(spec, anchors) := {_nothing(spec)} if {
	count(anchors) == 0
} else := _forbidden_links(spec, anchors) if {
	spec.require == "none"
} else := {_anchor_verdict(spec, anchor) | some anchor in anchors}

# The threat's resources that the assertion judges: for references, those of a type that a
# resource of the spec's type refers to (in this document or by the relations table); for
# referenced-by, those of a type whose resources set via. A resource of another type of the same
# component (an instance beside its security group) is not an anchor.
_anchors(bindings, spec) := {address |
	types := _anchor_types(bindings, spec)
	some address in bound_any(bindings)
	resources[address].type in types
}

# The types the configuration's references (and module inputs) of the spec's type point to,
# read per configuration block rather than per instance, and the relations table's.
_anchor_types(_, spec) := (referred | inputs) | table if {
	spec.relation == "references"
	configs := {resources[address].config | some address in of_type(spec.type)}
	referred := {_config_type(ref.target) |
		some config in configs
		some ref in object.get(_references, [config, spec.via], set())
	}
	inputs := {_config_type(edge.target) |
		some config in configs
		some edge in object.get(_input_references, [config, spec.via], set())
	}
	table := {relation.to | relation := relations[concat(".", [spec.type, spec.via])]}
}

_anchor_types(bindings, spec) := {resources[address].type |
	some address in bound_any(bindings)
	_sets(resources[address], spec.via)
} if {
	spec.relation == "referenced-by"
}

# "module.a.aws_s3_bucket.b" is of type aws_s3_bucket: names hold no dots.
_config_type(address) := parts[count(parts) - 2] if parts := split(address, ".")

_sets(resource, name) if attr(resource, [name]).state != "absent"

_sets(resource, name) if name in object.keys(object.get(config_blocks, [resource.config, "expressions"], {}))

# The resources of the spec's type related to an anchor.
_related(spec, anchor) := linked(resources[anchor], spec.type, spec.via) if spec.relation == "references"

_related(spec, anchor) := {address |
	some address in targets(resources[anchor], spec.via)
	resources[address].type == spec.type
} if {
	spec.relation == "referenced-by"
}

_anchor_verdict(spec, anchor) := object.union(verdict, {"address": anchor}) if {
	judged := {address: _related_verdict(assertion_judge(resources[address], spec.conditions), address) |
		some address in _related(spec, anchor)
	}
	verdict := _linked_outcome(spec, anchor, judged)
}

# A related resource's verdict, told about the anchor: the message names the related resource.
_related_verdict(verdict, address) := object.union(verdict, {
	"related": address,
	"message": concat("", [address, ": ", verdict.message]),
})

_linked_outcome(spec, anchor, judged) := _unknown_link(spec) if {
	count(judged) == 0
	spec.relation == "referenced-by"
	is_unknown(resources[anchor], [spec.via])
} else := _missing_link(spec, anchor) if {
	count(judged) == 0
} else := worst(_in_order(judged)) if {
	spec.require == "all"
} else := best(_in_order(judged))

_in_order(judged) := [v | some a in sort(object.keys(judged)); v := judged[a]]

_unknown_link(spec) := {
	"status": "unknown",
	"attribute": spec.via,
	"message": concat("", [spec.via, " is only known after apply, so the related ", spec.type, " is not known"]),
}

_missing_link(spec, _) := {
	"status": "fail",
	"attribute": spec.type,
	"message": concat("", ["no ", spec.type, " refers to this resource through ", spec.via]),
} if {
	spec.relation == "references"
}

_missing_link(spec, _) := {
	"status": "fail",
	"attribute": spec.via,
	"message": concat("", [spec.via, " refers to no ", spec.type]),
} if {
	spec.relation == "referenced-by"
}

# require none: each related resource fails, once, named with the first anchor it relates to
# (found from the resource through the reverse lookup, so no anchor list is scanned per
# resource); an anchor with nothing related passes.
_forbidden_links(spec, anchors) := fails | passes if {
	related := {anchor: _related(spec, anchor) | some anchor in anchors}
	forbidden := {address | some addresses in related; some address in addresses}
	types := {resources[anchor].type | some anchor in anchors}
	fails := {object.union(_forbidden(address), {"related": _first_anchor(spec, address, anchors, types)}) |
		some address in forbidden
	}
	passes := {_no_link(spec, anchor) | some anchor, addresses in related; count(addresses) == 0}
}

_first_anchor(spec, address, anchors, types) := sort(found)[0] if {
	spec.relation == "references"
	found := [anchor | some anchor in targets(resources[address], spec.via); anchor in anchors]
	count(found) > 0
} else := sort(found)[0] if {
	spec.relation == "referenced-by"
	found := [anchor |
		some type in types
		some anchor in linked(resources[address], type, spec.via)
		anchor in anchors
	]
	count(found) > 0
} else := null

_no_link(spec, anchor) := {
	"status": "pass",
	"address": anchor,
	"attribute": spec.type,
	"message": _missing_link(spec, anchor).message,
}

# One condition on one resource, tri-state.
_condition(resource, c) := {
	"status": "unknown",
	"attribute": c.text,
	"message": concat("", [c.text, " is only known after apply"]),
} if {
	is_unknown(resource, c.path)
} else := _decided(resource, c, _meets(c, object.get(resource.values, c.path, null)))

_meets(c, value) if _holds(c.op, value, c.value)

else := false

_decided(resource, c, true) := {
	"status": "pass",
	"attribute": c.text,
	"message": concat("", [c.text, " is ", show(shown(resource, c.path))]),
}

_decided(resource, c, false) := {
	"status": "fail",
	"attribute": c.text,
	"message": concat("", [c.text, " is ", show(shown(resource, c.path)), "; required: ", _wanted(c)]),
}

_wanted(c) := c.op if c.op in {"exists", "absent"}

else := concat(" ", [c.op, show(c.value)])

_holds("equals", value, want) if value == want

_holds("not-equals", value, want) if value != want

_holds("in", value, want) if _member(value, want)

_holds("not-in", value, want) if not _member(value, want)

_holds("exists", value, _) if value != null

_holds("absent", null, _)

_holds("gte", value, want) if {
	is_number(value)
	value >= want
}

_holds("lte", value, want) if {
	is_number(value)
	value <= want
}

_holds("matches", value, want) if {
	is_string(value)
	glob.match(want, null, value)
}

_member(value, list) if {
	value != null
	value in list
}
