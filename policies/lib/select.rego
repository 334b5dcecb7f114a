# Threats evaluated in one run
#
# A host that splits the work between several evaluators (one per worker thread) gives each the
# package names of its share in data.threatloop_run.threats. The selection is read from data,
# which an input document cannot set, so a plan can never switch a threat off. Without it, as in
# opa eval, conftest and OPA servers, every threat is evaluated.
package threatloop.lib

import rego.v1

# METADATA
# title: Whether the threat of the given package is evaluated in this run
# scope: document
selected(_) if not data.threatloop_run.threats

selected(name) if name in data.threatloop_run.threats
