# Relations between resource types
#
# Attributes that name another resource, used to join resources by a known literal value (a
# bucket's name written out in full) besides the configuration's references. One entry per
# "<referring type>.<attribute>"; keys are the target's attributes to compare with.
package threatloop.lib

import rego.v1

# METADATA
# title: Attributes that name another resource by a literal value
# scope: document
relations["aws_s3_bucket_public_access_block.bucket"] := {"to": "aws_s3_bucket", "keys": ["id", "bucket"]}

relations["aws_security_group_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}

relations["aws_vpc_security_group_ingress_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}

relations["aws_vpc_security_group_egress_rule.security_group_id"] := {"to": "aws_security_group", "keys": ["id"]}
