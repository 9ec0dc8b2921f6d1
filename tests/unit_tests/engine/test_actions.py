"""Actions are validated: a refused action says why and journals nothing."""

import pytest

from crisissim.engine.engine import ActionRefused

BODY = """\
events:
  - {id: alert, to: [it], at: 10m, title: Alert, body: x, options: {isolate: Isolate, watch: Watch}}
  - {id: later, to: [it], at: 2h, title: Later, body: y}
"""

REFUSED = [
    ("it", "choose", {"event": "nope", "option": "isolate"}, "unknown event 'nope'"),
    ("it", "choose", {"event": "alert", "option": "pay"}, "offers no option 'pay'"),
    ("legal", "statement", {"text": "x"}, "unknown role 'legal'"),
    ("comms", "choose", {"event": "alert", "option": "isolate"}, "was not sent to comms"),
    ("it", "reply", {"event": "later", "text": "x"}, "has not reached anyone yet"),
    ("it", "statement", {"txt": "x"}, "has no field 'txt'; did you mean 'text'?"),
    ("it", "statement", {"text": "  "}, "'statement' needs 'text'"),
    ("it", "statment", {"text": "x"}, "did you mean 'statement'?"),
    ("it", "statement", {"text": "x", "channels": ["radio"]}, "unknown channel 'radio'"),
    ("it", "post", {"text": "x", "reply_to": "storm#1"}, "no post 'storm#1'"),
]


@pytest.mark.parametrize(("role", "kind", "fields", "message"), REFUSED)
def test_refused_with_a_reason_and_nothing_journaled(harness, role, kind, fields, message):
    h = harness(BODY).at(15)
    before = len(h.sink.records)
    with pytest.raises(ActionRefused, match=message.replace("?", r"\?").replace("(", r"\(")):
        h.engine.act(role, kind, fields)
    assert len(h.sink.records) == before


def test_a_decision_is_taken_once(harness):
    h = harness(BODY).at(15)
    h.engine.act("it", "choose", {"event": "alert", "option": "isolate"})
    with pytest.raises(ActionRefused, match="already decided by it: isolate"):
        h.engine.act("it", "choose", {"event": "alert", "option": "watch"})


def test_accepted_action_is_journaled_with_the_format_field_names(harness):
    h = harness(BODY).at(15)
    h.engine.act("it", "statement", {"text": "We are on it."})
    sim, kind, role, payload = next(r for r in reversed(h.sink.records) if r[1] == "action")
    assert (sim, kind, role) == (900, "action", "it")
    assert payload == {"action": "statement", "text": "We are on it.", "channels": ["website", "social", "press"]}


def test_nothing_is_taken_after_endex(harness):
    h = harness(BODY).at(240)
    with pytest.raises(ActionRefused, match="ended"):
        h.engine.act("it", "statement", {"text": "x"})
