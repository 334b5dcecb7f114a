package threatloop.controls.gcp_test

import rego.v1

import data.threatloop.controls.gcp.kms

test_deny_key_rotating_yearly if {
	key := _resource("google_kms_crypto_key", {"rotation_period": "31536000s"}, {})
	v := kms.rotation_period(key, {"max_days": 90}) with input as {}
	v.status == "fail"
	v.message == "rotation_period is 31536000s: the key must rotate at least every 90 days"
}

test_deny_key_without_rotation if {
	kms.rotation_period(_resource("google_kms_crypto_key", {}, {}), {}).status == "fail" with input as {}
}

test_allow_key_rotating_every_90_days if {
	key := _resource("google_kms_crypto_key", {"rotation_period": "7776000s"}, {})
	kms.rotation_period(key, {}).status == "pass" with input as {}
}
