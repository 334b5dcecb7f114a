# METADATA
# title: ECR controls
# description: Checks on repositories and the repository policies linked to them.
package threatloop.controls.aws.ecr

import rego.v1

import data.threatloop.lib

# METADATA
# title: Image tags are immutable
immutable_tags(resource, _) := lib.expect(resource, ["image_tag_mutability"], ["IMMUTABLE"], "MUTABLE", why) if {
	why := "a pushed tag can be overwritten with another image"
}

# METADATA
# title: Images are scanned on push
scan_on_push(resource, _) := lib.expect(resource, path, [true], false, why) if {
	path := ["image_scanning_configuration", 0, "scan_on_push"]
	why := "vulnerable images are not flagged when they are pushed"
}

# METADATA
# title: No repository policy grants access to any principal
# description: Reads every aws_ecr_repository_policy that refers to the repository; an orphan policy is judged alone.
# scope: document
policy_not_public(resource, _) := lib.public_policy_verdict(documents) if {
	resource.type == "aws_ecr_repository"
	documents := lib.policy_documents(resource, "aws_ecr_repository_policy", "repository")
}

policy_not_public(resource, _) := lib.public_policy_verdict({"policy": lib.policy_document(resource, ["policy"])}) if {
	resource.type == "aws_ecr_repository_policy"
	not lib.attached(resource, "repository", "aws_ecr_repository")
}
