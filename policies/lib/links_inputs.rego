# Links through module inputs
#
# A module call passes a reference into a variable (bucket_id = aws_s3_bucket.b.id) and a resource
# of the module refers to that variable (bucket = var.bucket_id): the resource is linked to the
# caller's resource, per module instance.
package threatloop.lib

import rego.v1

# A resource in a child module that refers to var.<input>, where the module call passes a
# reference to a resource of the calling module: the module's bucket_id = aws_s3_bucket.b.id and
# the block's bucket = var.bucket_id. One step up is followed: an input passed on through a
# second module call is not.
_input_edges contains edge if {
	some module in config_modules
	module.path != ""
	some resource in object.get(module.module, "resources", [])
	resource.mode == "managed"
	some attr, expression in object.get(resource, "expressions", {})
	some reference in object.get(expression, "references", [])
	some m in regex.find_all_string_submatch_n(`^var\.([a-zA-Z_][a-zA-Z0-9_-]*)$`, reference, 1)
	some passed in object.get(module.inputs, [m[1], "references"], [])
	[target_name, key] := _resource_reference(passed)
	edge := {
		"from": _join(module.path, resource.address),
		"type": resource.type,
		"attr": attr,
		"target": _join(module.parent, target_name),
		"key": key,
		"call": module.name,
	}
}

_input_referrers[edge.target][concat(".", [edge.type, edge.attr])] contains edge if {
	some edge in _input_edges
	edge.key != null
}

_input_referrers[edge.target][concat(".", [edge.type, edge.attr])] contains edge if {
	some edge in _input_edges
	edge.key == null
	not _input_keyed[edge.from][edge.attr][edge.target]
}

_input_keyed[edge.from][edge.attr][edge.target] if {
	some edge in _input_edges
	edge.key != null
}

_linked_by_input(target, type, attr) := {address |
	some edge in object.get(_input_referrers, [target.config, concat(".", [type, attr])], set())
	some module, addresses in object.get(_instances, edge.from, {})
	_called_from(module, target.module, edge.call, edge.key, target.index)
	some address in addresses
}

# The module instance is a call of the target's module; a keyless reference from a module with
# count or for_each pairs the module's key with the target's key.
_called_from(module, parent, call, key, index) if {
	key != null
	key == index
	module == _join(parent, concat("", ["module.", call]))
}

_called_from(module, parent, call, key, index) if {
	key != null
	key == index
	startswith(module, concat("", [_join(parent, concat("", ["module.", call])), "["]))
}

_called_from(module, parent, call, null, null) if {
	module == _join(parent, concat("", ["module.", call]))
}

_called_from(module, parent, call, null, index) if {
	index != null
	module == concat("", [_join(parent, concat("", ["module.", call])), "[", json.marshal(index), "]"])
}

_input_references[edge.from][edge.attr] contains edge if {
	some edges in _input_referrers
	some referrers in edges
	some edge in referrers
}

# The reverse of _linked_by_input: from a resource in a module instance to the resource of the
# calling module instance that the module input refers to.
_targets_by_input(from, attr) := {address |
	some edge in object.get(_input_references, [from.config, attr], set())
	pattern := concat("", [`^(?:(.*)\.)?module\.`, edge.call, `(\[.*\])?$`])
	some m in regex.find_all_string_submatch_n(pattern, from.module, 1)
	index := _input_index(edge.key, m[2])
	some address in object.get(_instance_at, [edge.target, [m[1], index]], set())
}

# A pinned key names the instance; without one, the module instance's own key does.
_input_index(key, _) := key if key != null

_input_index(null, bracketed) := _key(bracketed)
