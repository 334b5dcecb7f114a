package threatloop.controls.aws_test

import rego.v1

import data.threatloop.controls.aws.s3
import data.threatloop.lib

_bucket := _rc("aws_s3_bucket.b", {"bucket": "data"}, {"id": true})

# A bucket and one resource of the given type that refers to it through an id unknown at plan time.
_with(address, after, unknown) := _doc(
	[_bucket, _rc(address, after, object.union(unknown, {"bucket": true}))],
	[_declare(_ref(address, "bucket", "aws_s3_bucket.b.id"), unknown)],
)

test_deny_public_read_acl_on_the_bucket if {
	doc := _doc([_rc("aws_s3_bucket.b", {"bucket": "data", "acl": "public-read"}, {})], [])
	s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_deny_public_acl_resource_linked_through_an_unknown_id if {
	doc := _with("aws_s3_bucket_acl.b", {"acl": "public-read-write"}, {})
	v := s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "fail"
	v.related == "aws_s3_bucket_acl.b"
}

test_allow_private_acl_resource if {
	doc := _with("aws_s3_bucket_acl.b", {"acl": "private"}, {})
	s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_unknown_acl_only_known_at_apply if {
	doc := _with("aws_s3_bucket_acl.b", {}, {"acl": true})
	s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}).status == "unknown" with input as doc
}

_group_grant(group, permission) := {
	"grantee": [{"type": "Group", "uri": concat("", ["http://acs.amazonaws.com/groups/global/", group])}],
	"permission": permission,
}

# checkov S3NotAllowAccessToAllAuthenticatedUsers and S3PublicACLWrite grant through access_control_policy.
test_deny_acl_resource_granting_authenticated_users if {
	policy := {"grant": [_group_grant("AuthenticatedUsers", "READ_ACP")]}
	doc := _with("aws_s3_bucket_acl.b", {"access_control_policy": [policy]}, {})
	v := s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "fail"
	v.attribute == "access_control_policy.0.grant.0"
}

test_deny_bucket_grant_to_all_users if {
	grant := {"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": ["WRITE"]}
	doc := _doc([_rc("aws_s3_bucket.b", {"bucket": "data", "grant": [grant]}, {})], [])
	s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_allow_acl_resource_granting_one_canonical_user if {
	grant := {"grantee": [{"type": "CanonicalUser", "id": "abc"}], "permission": "READ"}
	doc := _with("aws_s3_bucket_acl.b", {"access_control_policy": [{"grant": [grant]}]}, {})
	s3.no_public_acl(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_acl_resource_of_a_bucket_in_the_plan_gives_no_verdict_of_its_own if {
	doc := _with("aws_s3_bucket_acl.b", {"acl": "public-read"}, {})
	not s3.no_public_acl(lib.resources["aws_s3_bucket_acl.b"], {}) with input as doc
}

_statement(extra) := object.union({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, extra)

_policy_doc(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_policy_plan(statements) := _with("aws_s3_bucket_policy.b", {"policy": _policy_doc(statements)}, {})

test_deny_policy_with_principal_star if {
	doc := _policy_plan([_statement({"Sid": "Public", "Principal": "*"})])
	v := s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "fail"
	v.attribute == "aws_s3_bucket_policy.b"
	contains(v.message, "Public")
}

test_deny_policy_with_aws_star_principal_in_a_list if {
	doc := _policy_plan([_statement({"Principal": {"AWS": ["*"]}})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_deny_principal_star_with_a_negated_condition if {
	condition := {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}
	doc := _policy_plan([_statement({"Principal": "*", "Condition": condition})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_deny_principal_star_with_a_condition_on_any_account if {
	condition := {"StringLike": {"aws:SourceAccount": "*"}}
	doc := _policy_plan([_statement({"Principal": "*", "Condition": condition})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_allow_principal_star_narrowed_to_the_organisation if {
	condition := {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
	doc := _policy_plan([_statement({"Principal": "*", "Condition": condition})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_allow_named_account_principal if {
	principal := {"AWS": "arn:aws:iam::111122223333:root"}
	doc := _policy_plan([_statement({"Principal": principal})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_allow_deny_statement_with_principal_star if {
	doc := _policy_plan([_statement({"Effect": "Deny", "Principal": "*"})])
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_unknown_policy_known_only_at_apply if {
	doc := _with("aws_s3_bucket_policy.b", {}, {"policy": true})
	s3.no_public_policy(lib.resources["aws_s3_bucket.b"], {}).status == "unknown" with input as doc
}

_tls_deny := {
	"Effect": "Deny",
	"Principal": "*",
	"Action": "s3:*",
	"Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
	"Condition": {"Bool": {"aws:SecureTransport": "false"}},
}

test_allow_policy_denying_insecure_transport if {
	doc := _with("aws_s3_bucket_policy.b", {"policy": _policy_doc([_tls_deny])}, {})
	s3.tls_only(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_deny_bucket_without_a_tls_policy if {
	doc := _with("aws_s3_bucket_policy.b", {"policy": _policy_doc([_statement({"Principal": {"AWS": "x"}})])}, {})
	s3.tls_only(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_deny_tls_condition_that_only_denies_on_true if {
	statement := object.union(_tls_deny, {"Condition": {"Bool": {"aws:SecureTransport": true}}})
	doc := _with("aws_s3_bucket_policy.b", {"policy": _policy_doc([statement])}, {})
	s3.tls_only(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

_sse(algorithm) := {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm}]}]}

_sse_type := "aws_s3_bucket_server_side_encryption_configuration.b"

test_allow_kms_encryption_configuration if {
	doc := _with(_sse_type, _sse("aws:kms"), {})
	s3.kms_encrypted(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_deny_s3_managed_keys_only if {
	v := s3.kms_encrypted(lib.resources["aws_s3_bucket.b"], {}) with input as _with(_sse_type, _sse("AES256"), {})
	v.status == "fail"
	v.related == _sse_type
}

test_deny_bucket_without_encryption_configuration if {
	s3.kms_encrypted(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as _doc([_bucket], [])
}

test_unknown_algorithm_known_only_at_apply if {
	unknown := {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": true}]}]}
	doc := _with(_sse_type, _sse(null), unknown)
	s3.kms_encrypted(lib.resources["aws_s3_bucket.b"], {}).status == "unknown" with input as doc
}

test_allow_versioning_enabled if {
	after := {"versioning_configuration": [{"status": "Enabled"}]}
	doc := _with("aws_s3_bucket_versioning.b", after, {})
	s3.versioning_enabled(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_deny_versioning_suspended if {
	after := {"versioning_configuration": [{"status": "Suspended"}]}
	doc := _with("aws_s3_bucket_versioning.b", after, {})
	s3.versioning_enabled(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as doc
}

test_allow_legacy_inline_versioning if {
	doc := _doc([_rc("aws_s3_bucket.b", {"versioning": [{"enabled": true}]}, {})], [])
	s3.versioning_enabled(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_deny_bucket_without_versioning if {
	s3.versioning_enabled(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as _doc([_bucket], [])
}

test_allow_access_logging_to_a_target_bucket if {
	doc := _with("aws_s3_bucket_logging.b", {"target_bucket": "logs"}, {})
	s3.access_logging(lib.resources["aws_s3_bucket.b"], {}).status == "pass" with input as doc
}

test_deny_bucket_without_access_logging if {
	s3.access_logging(lib.resources["aws_s3_bucket.b"], {}).status == "fail" with input as _doc([_bucket], [])
}

# A bucket and two resources of one type that refer to it, each with its own settings: a function
# judging them must give one verdict, whichever of them decides.
_with_two(type, first, second) := _doc(
	[
		_bucket,
		_rc(concat(".", [type, "one"]), first, {"bucket": true}),
		_rc(concat(".", [type, "two"]), second, {"bucket": true}),
	],
	[
		_ref(concat(".", [type, "one"]), "bucket", "aws_s3_bucket.b.id"),
		_ref(concat(".", [type, "two"]), "bucket", "aws_s3_bucket.b.id"),
	],
)

_all_blocked := {
	"block_public_acls": true,
	"block_public_policy": true,
	"ignore_public_acls": true,
	"restrict_public_buckets": true,
}

test_two_public_access_blocks_that_both_block_give_one_pass if {
	doc := _with_two("aws_s3_bucket_public_access_block", _all_blocked, _all_blocked)
	v := s3.public_access_blocked(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "pass"
	v.related == "aws_s3_bucket_public_access_block.one"
}

_flags_unknown := object.union({flag: true | some flag, _ in _all_blocked}, {"bucket": true})

test_two_public_access_blocks_known_only_at_apply_give_one_unknown if {
	doc := _doc(
		[
			_bucket,
			_rc("aws_s3_bucket_public_access_block.one", {}, _flags_unknown),
			_rc("aws_s3_bucket_public_access_block.two", {}, _flags_unknown),
		],
		[
			_ref("aws_s3_bucket_public_access_block.one", "bucket", "aws_s3_bucket.b.id"),
			_ref("aws_s3_bucket_public_access_block.two", "bucket", "aws_s3_bucket.b.id"),
		],
	)
	v := s3.public_access_blocked(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "unknown"
	v.related == "aws_s3_bucket_public_access_block.one"
}

test_two_policies_that_both_deny_insecure_transport_give_one_pass if {
	policy := {"policy": _policy_doc([_tls_deny])}
	doc := _with_two("aws_s3_bucket_policy", policy, policy)
	v := s3.tls_only(lib.resources["aws_s3_bucket.b"], {}) with input as doc
	v.status == "pass"
	v.attribute == "aws_s3_bucket_policy.one"
}

test_two_policies_known_only_at_apply_give_one_unknown_tls_verdict if {
	doc := _with_two("aws_s3_bucket_policy", {}, {})
	v := s3.tls_only(lib.resources["aws_s3_bucket.b"], {}) with input as {
		"format_version": doc.format_version,
		"configuration": doc.configuration,
		"resource_changes": [object.union(rc, {"change": {"after_unknown": {"bucket": true, "policy": true}}}) |
			some rc in doc.resource_changes
		],
	}
	v.status == "unknown"
	v.attribute == "aws_s3_bucket_policy.one"
}
