# METADATA
# title: Terraform resource view
# description: |
#   One view of a Terraform plan or state document (terraform show -json), given as input or as
#   input.plan (the shape HCP Terraform uses). Every lookup is a keyed object built once.
#   https://developer.hashicorp.com/terraform/internals/json-format
package threatloop.lib

import rego.v1

# METADATA
# title: The Terraform document under evaluation
doc := input.plan if is_object(input.plan)

else := input

# METADATA
# title: Kind of document, plan or state
# scope: document
default kind := "invalid"

kind := "plan" if {
	is_string(doc.format_version)
	_is_plan
} else := "state" if {
	is_string(doc.format_version)
	not _is_plan
}

_is_plan if is_array(doc.resource_changes)

_is_plan if is_object(doc.planned_values)

# METADATA
# title: Problems with the document itself
# scope: document
input_errors contains "the input is not a Terraform plan or state: it has no format_version" if {
	kind == "invalid"
}

input_errors contains concat("", ["format_version ", doc.format_version, _supported]) if {
	kind != "invalid"
	not regex.match(`^[01]\.[0-9]+$`, doc.format_version)
}

_supported := " is not supported: threatloop reads Terraform's JSON format 0.x and 1.x"

# METADATA
# title: Every managed resource instance, keyed by its full address
# description: |
#   Deposed objects of a plan or of state are keyed by their address followed by
#   " (deposed <key>)".
#   Data sources are left out: controls judge what Terraform manages.
# scope: document
default resources := {}

resources := _plan_resources if kind == "plan"

resources := _state_resources if kind == "state"

# Built by comprehension, once: OPA's evaluator adds to a partial object rule one key at a time
# with a cost that grows with the object, where a comprehension stays linear.
# regal ignore:prefer-set-or-object-rule
_plan_resources := {key: resource |
	some rc in doc.resource_changes
	rc.mode == "managed"
	key := _change_key(rc)
	resource := _plan_resource(rc)
}

# regal ignore:prefer-set-or-object-rule
_state_resources := {key: resource |
	some module in _state_modules
	some value in object.get(module, "resources", [])
	value.mode == "managed"
	resource := _state_resource(value, object.get(module, "address", ""))
	key := _state_key(resource)
}

# State nests child modules; four levels below the root are read.
_state_modules := array.concat(array.concat([root], level1), array.concat(level2, array.concat(level3, level4))) if {
	root := object.get(doc, ["values", "root_module"], {})
	level1 := [m | some m in object.get(root, "child_modules", [])]
	level2 := [m | some p in level1; some m in object.get(p, "child_modules", [])]
	level3 := [m | some p in level2; some m in object.get(p, "child_modules", [])]
	level4 := [m | some p in level3; some m in object.get(p, "child_modules", [])]
}

_state_key(resource) := resource.address if resource.deposed == null

_state_key(resource) := concat("", [resource.address, " (deposed ", resource.deposed, ")"]) if {
	resource.deposed != null
}

_change_key(rc) := rc.address if not rc.deposed

_change_key(rc) := concat("", [rc.address, " (deposed ", rc.deposed, ")"]) if rc.deposed

_plan_resource(rc) := {
	"address": rc.address,
	"module": object.get(rc, "module_address", ""),
	"type": rc.type,
	"name": rc.name,
	"index": object.get(rc, "index", null),
	"provider": object.get(rc, "provider_name", ""),
	"config": config_address(object.get(rc, "module_address", ""), rc.type, rc.name),
	"actions": rc.change.actions,
	"values": _plan_values(rc.change),
	"unknown": _object_or_empty(object.get(rc.change, "after_unknown", {})),
	"sensitive": _object_or_empty(object.get(rc.change, "after_sensitive", {})),
	"deposed": object.get(rc, "deposed", null),
}

# A deleted object has no after; its before is what the controls can still describe.
_plan_values(change) := change.before if {
	change.actions == ["delete"]
	is_object(change.before)
} else := change.after if {
	is_object(change.after)
} else := {}

_object_or_empty(x) := x if is_object(x)

else := {}

_state_resource(value, module) := {
	"address": value.address,
	"module": module,
	"type": value.type,
	"name": value.name,
	"index": object.get(value, "index", null),
	"provider": object.get(value, "provider_name", ""),
	"config": config_address(module, value.type, value.name),
	"actions": ["no-op"],
	"values": _object_or_empty(object.get(value, "values", {})),
	"unknown": {},
	"sensitive": _object_or_empty(object.get(value, "sensitive_values", {})),
	"deposed": object.get(value, "deposed_key", null),
}

# METADATA
# title: Configuration address of a resource instance
# description: The module path without instance keys, then type and name.
config_address(module, type, name) := concat(".", [type, name]) if module == ""

else := concat(".", [_module_configs[module], type, name]) if _module_configs[module]

else := concat(".", [module_config_path(module), type, name])

# Configuration paths of the document's module instances, worked out once per module instead of
# once per resource: the regular expression is the costliest step of building the view. A complete
# rule is evaluated once and kept, where a partial object would be evaluated per key looked up.
# regal ignore:prefer-set-or-object-rule
_module_configs := {module: module_config_path(module) | some module in _document_modules}

_document_modules contains module if {
	some rc in doc.resource_changes
	module := object.get(rc, "module_address", "")
	module != ""
}

_document_modules contains module.address if {
	some module in _state_modules
	module.address
}

# METADATA
# title: Module instance path without count or for_each keys
module_config_path(module) := concat(".", [concat("", ["module.", m[1]]) |
	some m in regex.find_all_string_submatch_n(_module_step, module, -1)
])

_module_step := `module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?`

# METADATA
# title: Addresses of the resources of each type
by_type[type] contains address if {
	some address, resource in resources
	type := resource.type
}

# METADATA
# title: Addresses of the live resources of a type
# description: Resources a plan deletes are left out; controls judge what will exist.
of_type(type) := object.get(_live_by_type, type, set())

# Worked out once: a function's result is not kept between calls, and controls ask per resource.
# regal ignore:prefer-set-or-object-rule
_live_by_type := {type: addresses |
	some type, addresses_of_type in by_type
	addresses := {address |
		some address in addresses_of_type
		resources[address].actions != ["delete"]
		resources[address].deposed == null
	}
}
