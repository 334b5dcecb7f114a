# METADATA
# title: CloudTrail controls
# description: Checks on trails.
package threatloop.controls.aws.cloudtrail

import rego.v1

import data.threatloop.lib

# METADATA
# title: The trail records every region
multi_region(resource, _) := lib.expect(resource, ["is_multi_region_trail"], [true], false, why) if {
	why := "activity in other regions goes unrecorded"
}

# METADATA
# title: Log file integrity validation is on
log_validation(resource, _) := lib.expect(resource, ["enable_log_file_validation"], [true], false, why) if {
	why := "altered or deleted log files cannot be detected"
}

# METADATA
# title: Logs are encrypted with a customer managed key
kms_encrypted(resource, _) := lib.expect_set(resource, ["kms_key_id"], why) if {
	why := "anyone who can read the log bucket can read the logs"
}
