package threatloop.lib_test

import rego.v1

import data.threatloop.lib

test_every_threat_is_selected_without_a_run_selection if {
	lib.selected("t_a")
}

test_only_named_threats_are_selected if {
	lib.selected("t_a") with data.threatloop_run.threats as ["t_a", "t_c"]
	not lib.selected("t_b") with data.threatloop_run.threats as ["t_a", "t_c"]
}

test_an_empty_selection_selects_nothing if {
	not lib.selected("t_a") with data.threatloop_run.threats as []
}

test_the_input_cannot_select if {
	lib.selected("t_a") with input as {"threatloop_run": {"threats": []}, "threatloop_threats": []}
}
