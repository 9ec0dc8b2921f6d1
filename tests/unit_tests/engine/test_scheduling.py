"""Each way an event becomes due, fires or is skipped."""

import pytest

from crisissim.engine.engine import ActionRefused
from crisissim.journal.explain import reason_text

EVENTS = """\
events:
  - {id: a, to: [it], at: 10m, title: A, body: a, options: {x: X, y: Y}}
  - {id: by-id, to: [it], after: a, title: B, body: b}
  - {id: by-id-delay, to: [it], after: a, delay: 15m, title: C, body: c}
  - {id: by-list, to: [it], after: [a, by-id-delay], title: D, body: d}
  - {id: by-choice-x, to: [it], after: {chose: a.x}, delay: 5m, title: E, body: e}
  - {id: by-choice-y, to: [it], after: {chose: a.y}, title: F, body: f}
  - {id: after-y, to: [it], after: by-choice-y, title: G, body: g}
  - {id: guarded, to: [it], at: 1h, when: {flag: go}, title: H, body: h}
  - {id: spare, to: [it], title: Contingency, body: i}
  - {id: by-flag, to: [it], after: {flag: alarm}, delay: 1m, title: J, body: j}
"""


def test_at_fires_at_its_offset(harness):
    h = harness(EVENTS).at(9.9)
    assert h.status("a") == "pending"
    h.at(10)
    assert h.status("a") == "fired" and h.fired_at("a") == 600


def test_after_an_id_fires_with_it_and_delay_counts_from_it(harness):
    h = harness(EVENTS).at(10)
    assert h.fired_at("by-id") == 600
    assert h.status("by-id-delay") == "pending"
    h.at(25)
    assert h.fired_at("by-id-delay") == 1500


def test_after_a_list_waits_for_all(harness):
    h = harness(EVENTS).at(24)
    assert h.status("by-list") == "pending"
    h.at(25)
    assert h.fired_at("by-list") == 1500


def test_after_a_condition_counts_delay_from_when_it_first_holds(harness):
    h = harness(EVENTS).at(12)
    h.engine.act("it", "choose", {"event": "a", "option": "x"})
    h.at(16.9)
    assert h.status("by-choice-x") == "pending"
    h.at(17)
    assert h.fired_at("by-choice-x") == 17 * 60


def test_the_branch_not_chosen_is_skipped_and_the_skip_propagates(harness):
    h = harness(EVENTS).at(12)
    h.engine.act("it", "choose", {"event": "a", "option": "x"})
    assert h.status("by-choice-y") == "skipped"
    assert "a was decided: x" in reason_text(h.engine.state.events["by-choice-y"].reason)
    assert h.status("after-y") == "skipped"
    assert "by-choice-y was skipped" in reason_text(h.engine.state.events["after-y"].reason)


def test_a_guard_that_does_not_hold_skips_when_due(harness):
    h = harness(EVENTS).at(60)
    assert h.status("guarded") == "skipped"
    assert "flag go" in reason_text(h.engine.state.events["guarded"].reason)


def test_a_guard_that_holds_lets_it_fire(harness):
    h = harness(EVENTS).at(30)
    h.engine.command("flag", {"flag": "go"})
    h.at(60)
    assert h.status("guarded") == "fired"


def test_contingency_is_never_due_by_itself_but_fires_by_hand(harness):
    h = harness(EVENTS).at(240)
    assert h.status("spare") == "pending"
    h = harness(EVENTS).at(30)
    h.engine.command("fire", {"event": "spare"})
    assert h.fired_at("spare") == 1800


def test_fire_now_overrides_a_guard_and_the_schedule(harness):
    h = harness(EVENTS).at(5)
    h.engine.command("fire", {"event": "guarded"})
    assert h.fired_at("guarded") == 300
    h.at(60)
    assert [p["event"] for p in h.sink.of("fired")].count("guarded") == 1  # not again at T+1:00


def test_facilitator_skip_propagates_with_the_reason(harness):
    h = harness(EVENTS).at(5)
    h.engine.command("skip", {"event": "a", "reason": "not needed today"})
    assert reason_text(h.engine.state.events["a"].reason) == "not needed today"
    assert h.status("by-id") == "skipped" and h.status("by-list") == "skipped"
    h.at(240)
    assert h.status("by-id-delay") == "skipped"


def test_flag_condition_schedules(harness):
    h = harness(EVENTS).at(30)
    h.engine.command("flag", {"flag": "alarm"})
    h.at(31)
    assert h.fired_at("by-flag") == 31 * 60


def test_events_still_waiting_at_endex_stay_pending(harness):
    h = harness(EVENTS).at(240)
    assert h.engine.ended and h.engine.end_reason == "duration"
    assert h.status("by-choice-x") == "pending" and h.status("spare") == "pending"


def test_firing_or_skipping_twice_is_refused(harness):
    h = harness(EVENTS).at(10)
    with pytest.raises(ActionRefused, match="already fired"):
        h.engine.command("fire", {"event": "a"})
    with pytest.raises(ActionRefused, match="already fired"):
        h.engine.command("skip", {"event": "a"})


def test_time_never_runs_backwards(harness):
    h = harness(EVENTS).at(30)
    h.engine.advance_to(60)
    assert h.engine.now == 1800


def test_ad_hoc_inject_reaches_the_roles(harness):
    h = harness(EVENTS).at(3)
    h.engine.command("inject", {"title": "Power cut", "body": "The building is dark.", "to": ["dpo"]})
    fired = [p for p in h.sink.of("fired") if p["event"] == "adhoc-1"]
    assert fired and fired[0]["to"] == ["dpo"] and fired[0]["title"] == "Power cut"
