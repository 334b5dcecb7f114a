# METADATA
# title: S3 controls
# description: Checks on S3 buckets, decided through the resources linked to each bucket.
package threatloop.controls.aws.s3

import rego.v1

import data.threatloop.lib

_all_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# METADATA
# title: Public access to the bucket is blocked
# description: |
#   Passes when a public access block that refers to the bucket (or the account-level block) turns
#   on every flag; unknown while a flag or the link is only known after apply.
public_access_blocked(bucket, params) := _verdict(states) if {
	flags := object.get(params, "flags", _all_flags)
	states := {address: _block_state(lib.resources[address], flags) | some address in _blocks(bucket)}
}

_blocks(bucket) := linked | lib.of_type("aws_s3_account_public_access_block") if {
	linked := lib.linked(bucket, "aws_s3_bucket_public_access_block", "bucket")
}

_block_state(block, flags) := {"state": "pass", "off": []} if {
	every flag in flags {
		lib.attr(block, [flag]) == {"state": "known", "value": true}
	}
} else := {"state": "fail", "off": off} if {
	off := [flag |
		some flag in flags
		lib.attr(block, [flag]).state != "unknown"
		lib.attr(block, [flag]) != {"state": "known", "value": true}
	]
	count(off) > 0
} else := {"state": "unknown", "off": [flag | some flag in flags; lib.attr(block, [flag]).state == "unknown"]}

_verdict(states) := {
	"status": "fail",
	"attribute": "aws_s3_bucket_public_access_block",
	"message": "no public access block refers to this bucket, so public ACLs and policies are allowed",
} if {
	count(states) == 0
} else := {
	"status": "pass",
	"attribute": "aws_s3_bucket_public_access_block",
	"related": address,
	"message": concat("", [address, " blocks public access"]),
} if {
	some address in sort(object.keys(states))
	states[address].state == "pass"
} else := {
	"status": "unknown",
	"attribute": concat(", ", states[address].off),
	"related": address,
	"message": concat("", [address, " sets ", concat(", ", states[address].off), " only at apply time"]),
} if {
	some address in sort(object.keys(states))
	states[address].state == "unknown"
} else := {
	"status": "fail",
	"attribute": concat(", ", states[address].off),
	"related": address,
	"message": concat("", [address, " leaves ", concat(", ", states[address].off), " turned off"]),
} if {
	address := sort(object.keys(states))[0]
}
