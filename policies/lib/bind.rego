# Component bindings
#
# A component of the threat model names the Terraform resources that implement it by type,
# address glob and tags. An address glob matches the full instance address or the configuration
# address (without count and for_each keys), and * matches any run of characters.
package threatloop.lib

import rego.v1

# METADATA
# title: Addresses of the live resources of the given types that match any of the bindings
bound(bindings, types) := {address |
	some type in types
	some address in of_type(type)
	some binding in bindings
	_matches(binding, resources[address])
}

# METADATA
# title: Addresses of the live resources, of any type, that match any of the bindings
# description: A binding that lists types selects those types only; one without selects any type.
bound_any(bindings) := {address |
	some binding in bindings
	some address in _bound_by(binding)
}

_bound_by(binding) := bound([binding], binding.types) if "types" in object.keys(binding)

else := {address |
	some address, resource in resources
	resource.actions != ["delete"]
	resource.deposed == null
	_matches(binding, resource)
}

_matches(binding, resource) if {
	count(object.keys(binding)) > 0
	_type_matches(binding, resource)
	_address_matches(binding, resource)
	_tags_match(binding, resource)
}

_type_matches(binding, _) if not "types" in object.keys(binding)

_type_matches(binding, resource) if resource.type in binding.types

_address_matches(binding, _) if not "addresses" in object.keys(binding)

_address_matches(binding, resource) if {
	some pattern in binding.addresses
	glob.match(pattern, null, resource.address)
}

_address_matches(binding, resource) if {
	some pattern in binding.addresses
	glob.match(pattern, null, resource.config)
}

_tags_match(binding, _) if not "tags" in object.keys(binding)

_tags_match(binding, resource) if {
	every key, value in binding.tags {
		object.get(resource.values, ["tags", key], null) == value
	}
}
