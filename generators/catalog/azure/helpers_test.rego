package threatloop.controls.azure_test

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

# A plan creating each resource (address to values), linked by literal values only.
_plan(values_by_address) := {
	"format_version": "1.2",
	"resource_changes": [_change(address, values) | some address, values in values_by_address],
}

_change(address, values) := {
	"address": address,
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"index": null,
	"provider_name": "registry.terraform.io/hashicorp/azurerm",
	"change": {"actions": ["create"], "after": values, "after_unknown": {}, "after_sensitive": {}},
}
