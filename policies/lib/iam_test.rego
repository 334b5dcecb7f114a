package threatloop.lib_test

import rego.v1

import data.threatloop.lib

_public(sid) := {"Sid": sid, "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}

_known(statements) := {"state": "known", "value": {"Statement": statements}}

test_two_public_statements_give_one_verdict_naming_the_first if {
	verdict := lib.public_policy_verdict({"policy": _known([_public("A"), _public("B")])})
	verdict.status == "fail"
	verdict.message == "policy: statement A allows any principal without a narrowing condition"
}

test_two_public_documents_give_one_verdict_naming_the_first_label if {
	documents := {
		"aws_s3_bucket_policy.b": _known([_public("B")]),
		"aws_s3_bucket_policy.a": _known([_public("A")]),
	}
	verdict := lib.public_policy_verdict(documents)
	verdict.related == "aws_s3_bucket_policy.a"
	verdict.attribute == "aws_s3_bucket_policy.a"
}

test_two_unknown_documents_give_one_unknown_verdict if {
	verdict := lib.public_policy_verdict({"x": {"state": "unknown"}, "w": {"state": "invalid"}})
	verdict.status == "unknown"
	verdict.attribute == "w"
}

test_a_public_statement_outweighs_an_unknown_document if {
	verdict := lib.public_policy_verdict({"a": {"state": "unknown"}, "b": _known([_public("S")])})
	verdict.status == "fail"
	verdict.attribute == "b"
}
