"""Each expectation status, with latency and rating."""

import pytest

from crisissim.engine.engine import ActionRefused

BODY = """\
events:
  - id: press
    kind: enquiry
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 10m
    deadline: 30m
    title: Reporter
    expects:
      - {id: holding, role: comms, action: statement, within: 30m}
      - {id: answer, role: comms, action: reply, within: 1h, judged: true}
      - {id: anything, role: dpo, action: any, within: 20m}
  - {id: later, to: [comms], at: 3h, title: Later, body: x,
     expects: [{id: never, role: comms, action: post, within: 2h}]}
"""


def test_met_inside_the_window_with_latency(harness):
    h = harness(BODY).at(25)
    h.engine.act("comms", "statement", {"text": "We are looking into it."})
    assert h.expectation("holding") == "met"
    assert h.engine.state.expectations["holding"].latency_s == 15 * 60


def test_an_answer_at_the_last_second_is_in_time(harness):
    h = harness(BODY).at(40)
    h.engine.act("comms", "statement", {"text": "Just in time."})
    assert h.expectation("holding") == "met"


def test_missed_when_the_window_closes_then_late_after_it(harness):
    h = harness(BODY).at(41)
    assert h.expectation("holding") == "missed"
    h.engine.act("comms", "statement", {"text": "Sorry."})
    assert h.expectation("holding") == "late"
    assert h.engine.state.expectations["holding"].latency_s == 31 * 60


def test_pending_before_the_event_and_at_endex_with_an_open_window(harness):
    h = harness(BODY).at(5)
    assert h.expectation("holding") == "pending"
    h.at(240)
    assert h.expectation("never") == "open"  # the debrief reports an open window as pending


def test_a_reply_counts_only_for_its_own_event(harness):
    h = harness(BODY).at(185)
    h.engine.act("comms", "reply", {"event": "later", "text": "x"})
    assert h.expectation("answer") == "missed"


def test_any_action_counts_but_a_note_does_not(harness):
    h = harness(BODY).at(12)
    h.engine.act("dpo", "note", {"text": "watching"})
    assert h.expectation("anything") == "open"
    h.engine.act("dpo", "decision", {"text": "assess the breach"})
    assert h.expectation("anything") == "met"


def test_only_the_first_matching_action_counts(harness):
    h = harness(BODY).at(15)
    h.engine.act("comms", "statement", {"text": "first"})
    h.at(50)
    h.engine.act("comms", "statement", {"text": "second"})
    assert h.expectation("holding") == "met"
    assert h.engine.state.expectations["holding"].latency_s == 5 * 60


def test_judged_expectation_takes_a_hseep_rating(harness):
    h = harness(BODY).at(20)
    h.engine.command("rate", {"expectation": "answer", "rating": "s"})
    assert h.engine.state.expectations["answer"].rating == "S"
    with pytest.raises(ActionRefused, match="P, S, M or U"):
        h.engine.command("rate", {"expectation": "answer", "rating": "X"})
