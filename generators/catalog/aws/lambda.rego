# METADATA
# title: Lambda controls
# description: Checks on function URLs and resource-based permissions.
package threatloop.controls.aws.lambda

import rego.v1

import data.threatloop.lib

# METADATA
# title: Function URLs require IAM authentication
url_authenticated(resource, _) := lib.expect_not(resource, ["authorization_type"], ["NONE"], "NONE", why) if {
	why := "anyone on the internet can invoke the function"
}

# METADATA
# title: Permissions do not let every principal invoke the function
# description: |
#   A permission for principal "*" fails unless source_arn, source_account or principal_org_id
#   narrows it; unknown while the principal or those values are only known after apply.
permission_not_public(resource, _) := verdict if {
	principal := lib.attr(resource, ["principal"])
	verdict := _permission(resource, principal)
}

_narrowing := ["source_arn", "source_account", "principal_org_id"]

_permission(resource, principal) := {
	"status": "unknown",
	"attribute": "principal",
	"message": "principal is only known after apply",
} if {
	principal.state == "unknown"
} else := {
	"status": "pass",
	"attribute": "principal",
	"message": concat("", ["principal is ", principal.value]),
} if {
	principal.value != "*"
} else := lib.best([lib.expect_set(resource, [field], why) | some field in _narrowing]) if {
	why := "any AWS account can invoke the function"
}
