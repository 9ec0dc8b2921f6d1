"""Every branch path through a scenario, with its length."""

from crisissim.engine.paths import branch_paths
from tests.unit_tests.engine.conftest import scenario

BODY = """\
events:
  - {id: alert, to: [it], at: 10m, title: Alert, body: x, options: {isolate: Isolate, watch: Watch}}
  - {id: isolated, to: [it], after: {chose: alert.isolate}, delay: 10m, title: Isolated, body: x}
  - {id: spreading, to: [it], after: {chose: alert.watch}, delay: 1h, title: Spreading, body: x}
  - {id: press, kind: enquiry, journalist: {persona: regional-reporter}, to: [comms], at: 30m, title: Press,
     expects: [{id: holding, role: comms, action: statement, within: 20m}]}
  - {id: harsh, kind: article, after: {missed: holding}, title: Silence, body: x}
  - {id: bribe, to: [dpo], after: {flag: paid}, title: Paid, body: x}
"""


def test_each_combination_of_decision_outcome_and_flag_is_a_path():
    paths, played = branch_paths(scenario(BODY))
    assert played == 3 * 2 * 2  # isolate / watch / no choice, holding met / missed, flag set / not
    assert len(paths) == 12
    by_choice = {p.choices: p for p in paths}
    longest = by_choice[("alert: watch", "holding missed", "flag paid")]
    assert set(longest.fired) == {"alert", "spreading", "press", "harsh", "bribe"}
    assert longest.last_s == 70 * 60
    quiet = by_choice[("holding met",)]
    assert set(quiet.fired) == {"alert", "press"}
    assert quiet.wall_s(60) == quiet.last_s / 60


def test_paths_play_no_storm():
    body = (
        BODY
        + """\
  - {id: storm, kind: storm, at: 0m, title: Storm, duration: 3h, rate: 60, crowd: {troll: 1},
     reacts: [{when: {action: statement}, rate: 0.5}]}
"""
    )
    paths, _ = branch_paths(scenario(body))
    assert all("storm" in p.fired for p in paths)
