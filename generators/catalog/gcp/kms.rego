# METADATA
# title: Cloud KMS controls
# description: Checks on crypto keys.
package threatloop.controls.gcp.kms

import rego.v1

import data.threatloop.lib

# METADATA
# title: Keys rotate at least as often as the maximum period
# description: rotation_period is a duration in seconds such as "7776000s" (90 days).
rotation_period(resource, params) := verdict if {
	maximum := object.get(params, "max_days", 90)
	s := lib.setting(resource, ["rotation_period"], null)
	verdict := _rotation(s, maximum)
}

_rotation(s, maximum) := {
	"status": "unknown",
	"attribute": "rotation_period",
	"message": "rotation_period is only known after apply",
} if {
	s.state == "unknown"
} else := {
	"status": "pass",
	"attribute": "rotation_period",
	"message": concat("", ["rotation_period is ", s.value]),
} if {
	to_number(trim_suffix(s.value, "s")) <= maximum * 86400
} else := {
	"status": "fail",
	"attribute": "rotation_period",
	"message": concat("", [
		"rotation_period is ", lib.show(s.value),
		": the key must rotate at least every ", format_int(maximum, 10), " days",
	]),
}
