package threatloop.controls.gcp_test

import rego.v1

_resource(type, values, unknown) := {
	"address": concat(".", [type, "x"]),
	"module": "",
	"type": type,
	"name": "x",
	"index": null,
	"config": concat(".", [type, "x"]),
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"sensitive": {},
	"deposed": null,
}

# A plan document with the given resource changes and configuration blocks.
_doc(changes, blocks) := {
	"format_version": "1.2",
	"resource_changes": changes,
	"configuration": {"root_module": {"resources": blocks}},
}

_rc(address, after, unknown) := {
	"address": address,
	"module_address": "",
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"index": null,
	"provider_name": "registry.terraform.io/hashicorp/google",
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown, "after_sensitive": {}},
}

# A configuration block that declares the attributes given, with attr referring to target.
_block(address, declared, attr, target) := {
	"address": address,
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"expressions": object.union({a: {} | some a, _ in declared}, {attr: {"references": [target, _base(target)]}}),
}

_base(reference) := concat(".", array.slice(parts, 0, 2)) if parts := split(reference, ".")
