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
	# The first block by address decides: a function has one value, however many blocks pass.
	address := [a | some a in sort(object.keys(states)); states[a].state == "pass"][0]
} else := {
	"status": "unknown",
	"attribute": concat(", ", states[address].off),
	"related": address,
	"message": concat("", [address, " sets ", concat(", ", states[address].off), " only at apply time"]),
} if {
	address := [a | some a in sort(object.keys(states)); states[a].state == "unknown"][0]
} else := {
	"status": "fail",
	"attribute": concat(", ", states[address].off),
	"related": address,
	"message": concat("", [address, " leaves ", concat(", ", states[address].off), " turned off"]),
} if {
	address := sort(object.keys(states))[0]
}

_public_acls := ["public-read", "public-read-write", "authenticated-read"]

# METADATA
# title: No canned ACL opens the bucket
# scope: document
# description: |
#   Judges the bucket's own acl attribute and every aws_s3_bucket_acl that refers to it; an ACL
#   resource whose bucket is outside the plan is judged on its own.
no_public_acl(resource, params) := lib.worst(verdicts) if {
	resource.type == "aws_s3_bucket"
	forbidden := object.get(params, "acls", _public_acls)
	canned := lib.expect_not(resource, ["acl"], forbidden, "private", "the ACL grants access to everyone")
	own := lib.worst([canned, _grant_verdict(_bucket_public_grants(resource))])
	verdicts := array.concat([own], [object.union(_acl_verdict(lib.resources[a], forbidden), {"related": a}) |
		some a in sort(lib.linked(resource, "aws_s3_bucket_acl", "bucket"))
	])
}

no_public_acl(resource, params) := _acl_verdict(resource, object.get(params, "acls", _public_acls)) if {
	resource.type == "aws_s3_bucket_acl"
	not lib.attached(resource, "bucket", "aws_s3_bucket")
}

_acl_verdict(acl, forbidden) := lib.worst([canned, _grant_verdict(_acl_public_grants(acl))]) if {
	canned := lib.expect_not(acl, ["acl"], forbidden, "private", "the ACL grants access to everyone")
}

# Grants to these groups open the bucket to anyone, or to any AWS account holder.
_public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

_acl_public_grants(acl) := [lib.path_string(["access_control_policy", p, "grant", i]) |
	some p, policy in object.get(acl.values, "access_control_policy", [])
	some i, grant in object.get(policy, "grant", [])
	some grantee in object.get(grant, "grantee", [])
	grantee.uri in _public_groups
]

_bucket_public_grants(bucket) := [lib.path_string(["grant", i]) |
	some i, grant in object.get(bucket.values, "grant", [])
	grant.uri in _public_groups
]

_grant_verdict(paths) := {
	"status": "fail",
	"attribute": paths[0],
	"message": "a grant opens the bucket to all users or to every authenticated AWS user",
} if {
	count(paths) > 0
} else := {
	"status": "pass",
	"attribute": "grant",
	"message": "no grant names the AllUsers or AuthenticatedUsers group",
}

# METADATA
# title: No bucket policy grants access to any principal
# scope: document
# description: |
#   Reads the bucket's policy attribute and every aws_s3_bucket_policy that refers to it. A
#   statement with Principal "*" fails unless its Condition ties it to known accounts or sources.
no_public_policy(resource, _) := lib.public_policy_verdict(documents) if {
	resource.type == "aws_s3_bucket"
	documents := lib.policy_documents(resource, "aws_s3_bucket_policy", "bucket")
}

no_public_policy(resource, _) := lib.public_policy_verdict({"policy": lib.policy_document(resource, ["policy"])}) if {
	resource.type == "aws_s3_bucket_policy"
	not lib.attached(resource, "bucket", "aws_s3_bucket")
}

# METADATA
# title: The bucket policy denies requests without TLS
# description: |
#   Passes when a policy of the bucket has a Deny statement for every principal on s3:* (or *)
#   with the condition Bool aws:SecureTransport false.
tls_only(resource, _) := _tls_verdict(documents) if {
	documents := lib.policy_documents(resource, "aws_s3_bucket_policy", "bucket")
}

_tls_verdict(documents) := {
	"status": "pass",
	"attribute": label,
	"message": concat("", [label, " denies requests that do not use TLS"]),
} if {
	# The first policy by label decides: a function has one value, however many policies deny.
	label := [l |
		some l in sort(object.keys(documents))
		documents[l].state == "known"
		lib.denies_insecure_transport(documents[l].value)
	][0]
} else := {
	"status": "unknown",
	"attribute": label,
	"message": concat("", [label, " is only known after apply or is not valid JSON"]),
} if {
	label := [l | some l in sort(object.keys(documents)); documents[l].state in {"unknown", "invalid"}][0]
} else := {
	"status": "fail",
	"attribute": "aws_s3_bucket_policy",
	"message": "no bucket policy denies requests where aws:SecureTransport is false",
}

_sse_path := ["rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"]

# METADATA
# title: Objects are encrypted by default with a KMS key
# description: |
#   Reads the aws_s3_bucket_server_side_encryption_configuration that refers to the bucket, or
#   the bucket's own server_side_encryption_configuration block (AWS provider 3.x).
kms_encrypted(resource, params) := lib.best([linked, own]) if {
	algorithms := object.get(params, "algorithms", ["aws:kms", "aws:kms:dsse"])
	why := "objects are not encrypted with a KMS key by default"
	type := "aws_s3_bucket_server_side_encryption_configuration"
	linked := lib.linked_expect(resource, type, "bucket", _sse_path, algorithms, null, why)
	own_path := array.concat(["server_side_encryption_configuration", 0], _sse_path)
	own := lib.expect(resource, own_path, algorithms, null, why)
}

# METADATA
# title: Versioning is enabled
# description: Reads the aws_s3_bucket_versioning that refers to the bucket, or its own versioning block.
versioning_enabled(resource, _) := lib.best([linked, own]) if {
	why := "overwritten and deleted objects cannot be recovered"
	path := ["versioning_configuration", 0, "status"]
	linked := lib.linked_expect(resource, "aws_s3_bucket_versioning", "bucket", path, ["Enabled"], null, why)
	own := lib.expect(resource, ["versioning", 0, "enabled"], [true], false, why)
}

# METADATA
# title: Server access logging is enabled
# description: Reads the aws_s3_bucket_logging that refers to the bucket, or its own logging block.
access_logging(resource, _) := lib.best([linked, own]) if {
	why := "requests to the bucket leave no access log"
	judged := {address: lib.expect_set(lib.resources[address], ["target_bucket"], why) |
		some address in lib.linked(resource, "aws_s3_bucket_logging", "bucket")
	}
	linked := lib.best_linked(judged, lib.missing_link("aws_s3_bucket_logging", why))
	own := lib.expect_set(resource, ["logging", 0, "target_bucket"], why)
}
