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
