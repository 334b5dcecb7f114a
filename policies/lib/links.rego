# Links between resources
#
# Joins a resource to the resources that refer to it through an attribute, by the references of
# the plan's configuration (which hold even when the id is unknown until apply) and by known
# literal values (a bucket's name written out in full).
package threatloop.lib

import rego.v1

# METADATA
# title: Resources of a type whose attribute refers to a resource
# description: Returns the set of addresses, whether the attribute is known or unknown at plan time.
linked(target, type, attr) := {address |
	some address in _linked_any(target, type, attr)
	resources[address].actions != ["delete"]
	resources[address].deposed == null
}

# METADATA
# title: Resources that an attribute of a resource refers to
# description: The reverse of linked, by the same references and literal values.
targets(from, attr) := {address |
	some address in union({
		_targets_by_reference(from, attr),
		_targets_by_literal(from, attr),
		_targets_by_input(from, attr),
	})
	resources[address].actions != ["delete"]
	resources[address].deposed == null
}

_linked_any(target, type, attr) := union({
	_linked_by_reference(target, type, attr),
	_linked_by_literal(target, type, attr),
	_linked_by_input(target, type, attr),
})

_targets_by_reference(from, attr) := {address |
	some ref in object.get(_references, [from.config, attr], set())
	some address in object.get(_instances, [ref.target, from.module], set())
	_same_instance(ref.key, from.index, resources[address].index)
}

# A value that a reference to a resource gave is linked through the reference alone: another
# resource with the same name (a second bucket "logs" in another module) is not its target.
_targets_by_literal(from, attr) := {address |
	relation := relations[concat(".", [from.type, attr])]
	not _references[from.config][attr]
	value := from.values[attr]
	is_string(value)
	some key in relation.keys
	some address in object.get(_target_literal, [relation.to, key, value], set())
}

_target_literal[type][key][value] contains address if {
	some relation in relations
	type := relation.to
	some key in relation.keys
	some address in by_type[type]
	value := resources[address].values[key]
	is_string(value)
}

_linked_by_reference(target, type, attr) := {address |
	some ref in object.get(_referrers, [target.config, concat(".", [type, attr])], set())
	some address in _referring_instances(ref, target)
}

# A reference with an explicit key names one instance, and every instance of the referring block
# holds it; without a key, count and for_each instances pair up by their own keys, found through
# the key index rather than by scanning every instance of the block.
_referring_instances(ref, target) := object.get(_instances, [ref.from, target.module], set()) if {
	ref.key != null
	ref.key == target.index
}

_referring_instances(ref, target) := object.get(_instance_at, path, set()) if {
	ref.key == null
	path := [ref.from, [target.module, target.index]]
}

_linked_by_literal(target, type, attr) := {address |
	relation := concat(".", [type, attr])
	some key in relations[relation].keys
	value := target.values[key]
	is_string(value)
	some address in object.get(_literal, [relation, value], set())
}

# A reference with an explicit key names one instance; without one, count and for_each
# instances pair up by their own keys.
_same_instance(key, _, target_index) if {
	key != null
	key == target_index
}

_same_instance(null, from_index, target_index) if from_index == target_index

_literal[relation][value] contains address if {
	some relation, _ in relations
	parts := split(relation, ".")
	some address in by_type[parts[0]]
	not _references[resources[address].config][parts[1]]
	value := resources[address].values[parts[1]]
	is_string(value)
}

_instances[config][module] contains address if {
	some address, resource in resources
	config := resource.config
	module := resource.module
}

# _instance_at[config][module][JSON of the count or for_each key] holds the instance (and any
# deposed objects of it).
_instance_at[config][key] contains address if {
	some address, resource in resources
	config := resource.config
	key := [resource.module, resource.index]
}

# _referrers[target config address]["<type>.<attribute>"] holds {from, key} pairs.
_referrers[edge.target][concat(".", [edge.type, edge.attr])] contains {"from": edge.from, "key": edge.key} if {
	some edge in _precise_edges
}

# _references[from config address][attribute] holds {target, key} pairs.
_references[edge.from][edge.attr] contains {"target": edge.target, "key": edge.key} if {
	some edge in _precise_edges
}

# Terraform lists "aws_s3_bucket.b[1].id", "aws_s3_bucket.b[1]" and "aws_s3_bucket.b" for one
# reference to an instance; the keyless prefix would pair every instance, so it is dropped when
# the same attribute names the target with a key.
_precise_edges contains edge if {
	some edge in _edges
	edge.key != null
}

_precise_edges contains edge if {
	some edge in _edges
	edge.key == null
	not _keyed[edge.from][edge.attr][edge.target]
}

_keyed[edge.from][edge.attr][edge.target] if {
	some edge in _edges
	edge.key != null
}

_edges contains {"from": from, "type": resource.type, "attr": attr, "target": target, "key": key} if {
	some module in config_modules
	some resource in object.get(module.module, "resources", [])
	resource.mode == "managed"
	from := _join(module.path, resource.address)
	some attr, expression in object.get(resource, "expressions", {})
	some reference in object.get(expression, "references", [])
	[target_name, key] := _resource_reference(reference)
	target := _join(module.path, target_name)
}

# Splits "aws_s3_bucket.b[0].id" into ["aws_s3_bucket.b", 0]; other references do not match.
_resource_reference(reference) := [concat(".", [m[1], m[2]]), _key(m[3])] if {
	some m in regex.find_all_string_submatch_n(_reference_pattern, reference, 1)
	not m[1] in _not_resources
}

# METADATA
# title: The reference to a managed resource's id, ARN or key id that sets a value, if any
# description: |
#   The attribute at the path (nested blocks included) is set from one resource's id, arn or
#   key_id and from nothing else: no variable, local or other resource in the same expression
#   (a conditional on var.enabled could make it null). Undefined otherwise.
set_by_reference(resource, path) := sort(candidates)[0] if {
	block := config_blocks[resource.config]
	listed := object.get(block, array.concat(array.concat(["expressions"], path), ["references"]), [])
	candidates := [reference |
		some reference in listed
		some m in regex.find_all_string_submatch_n(_identity_reference, reference, 1)
		not m[2] in _not_resources
		every other in listed {
			_same_resource(other, m[1])
		}
	]
	count(candidates) > 0
}

# A reference to an id, arn or key_id, with the resource's type and name, and its type.
_identity_reference := concat("", [
	`^((`, _type_pattern, `)\.`, _name_pattern, `)`,
	`(?:`, _key_pattern, `)?\.(?:id|arn|key_id)$`,
])

_same_resource(reference, base) if reference == base

_same_resource(reference, base) if startswith(reference, concat("", [base, "."]))

_same_resource(reference, base) if startswith(reference, concat("", [base, "["]))

_reference_pattern := concat("", [`^(`, _type_pattern, `)\.(`, _name_pattern, `)(`, _key_pattern, `)?`])

# A resource type, a block name, and an instance key as Terraform writes it ([0] or ["a"]).
_type_pattern := `[a-zA-Z][a-zA-Z0-9_]*`

_name_pattern := `[a-zA-Z_][a-zA-Z0-9_-]*`

_key_pattern := `\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]`

_not_resources := {"var", "local", "module", "data", "each", "count", "path", "self", "terraform"}

_key("") := null

_key(bracketed) := json.unmarshal(trim_suffix(trim_prefix(bracketed, "["), "]")) if bracketed != ""

_join("", name) := name

_join(path, name) := concat(".", [path, name]) if path != ""

# METADATA
# title: The configuration block of each resource, keyed by configuration address
# description: A comprehension, so that a lookup by key does not evaluate the rule again.
config_blocks := {_join(module.path, resource.address): resource | # regal ignore:prefer-set-or-object-rule
	some module in config_modules
	some resource in object.get(module.module, "resources", [])
}

# METADATA
# title: Whether the configuration is known and does not set an attribute or block
# description: |
#   Optional and computed attributes that the configuration leaves out are filled by the provider
#   at apply time; at plan time they show as unknown without being a decision of the author.
undeclared(resource, attr) if {
	block := config_blocks[resource.config]
	not attr in object.keys(object.get(block, "expressions", {}))
}

# METADATA
# title: Modules of the configuration with their configuration paths
# description: The root and four levels of module calls below it.
config_modules := array.concat(array.concat([root], level1), array.concat(level2, array.concat(level3, level4))) if {
	root := {"path": "", "module": object.get(doc, ["configuration", "root_module"], {})}
	level1 := _calls(root)
	level2 := [m | some p in level1; some m in _calls(p)]
	level3 := [m | some p in level2; some m in _calls(p)]
	level4 := [m | some p in level3; some m in _calls(p)]
}

_calls(parent) := [_call(parent, name, call) | some name, call in object.get(parent.module, "module_calls", {})]

_call(parent, name, call) := {
	"path": _join(parent.path, concat("", ["module.", name])),
	"parent": parent.path,
	"name": name,
	"inputs": object.get(call, "expressions", {}),
	"module": object.get(call, "module", {}),
}
