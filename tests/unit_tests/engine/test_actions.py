"""Actions are validated: a refused action says why and journals nothing."""

import pytest

from crisissim.engine.engine import ActionRefused
from crisissim.i18n import translator
from crisissim.journal import records as r
from crisissim.journal.explain import Names, refusal_text

BODY = """\
events:
  - {id: alert, to: [it], at: 10m, title: Alert, body: x, options: {isolate: Isolate, watch: Watch}}
  - {id: later, to: [it], at: 2h, title: Later, body: y}
"""

REFUSED = [
    ("it", "choose", {"event": "nope", "option": "isolate"}, r.UnknownEvent(event="nope")),
    ("it", "choose", {"event": "alert", "option": "pay"}, r.NoSuchOption(event="alert", option="pay")),
    ("legal", "statement", {"text": "x"}, r.UnknownRole(role="legal")),
    ("comms", "choose", {"event": "alert", "option": "isolate"}, r.NotSentTo(event="alert", role="comms")),
    ("it", "reply", {"event": "later", "text": "x"}, r.NotYetSent(event="later")),
    ("it", "statement", {"txt": "x"}, "has no field 'txt'; did you mean 'text'?"),
    ("it", "statement", {"text": "  "}, "'statement' needs 'text'"),
    ("it", "statment", {"text": "x"}, "did you mean 'statement'?"),
    ("it", "statement", {"text": "x", "channels": ["radio"]}, "unknown channel 'radio'"),
    ("it", "post", {"text": "x", "reply_to": "storm#1"}, r.NoSuchPost(post="storm#1")),
]


@pytest.mark.parametrize(("role", "kind", "fields", "why"), REFUSED)
def test_refused_with_a_reason_and_nothing_journaled(harness, role, kind, fields, why):
    h = harness(BODY).at(15)
    before = len(h.sink.records)
    with pytest.raises(ActionRefused) as refused:
        h.engine.act(role, kind, fields)
    if isinstance(why, str):  # wrong fields: the code names them, its detail says how, for a playbook's author
        assert isinstance(refused.value.refusal, r.BadFields) and why in refused.value.refusal.detail
        assert why in str(refused.value)
    else:
        assert refused.value.refusal == why
    assert len(h.sink.records) == before


def test_a_decision_is_taken_once(harness):
    h = harness(BODY).at(15)
    h.engine.act("it", "choose", {"event": "alert", "option": "isolate"})
    with pytest.raises(ActionRefused) as refused:
        h.engine.act("it", "choose", {"event": "alert", "option": "watch"})
    assert refused.value.refusal == r.AlreadyDecided(event="alert", role="it", option="isolate")


def test_a_refusal_reads_in_the_exercise_language_with_names_not_ids(harness):
    h = harness(BODY).at(15)
    h.engine.act("it", "choose", {"event": "alert", "option": "isolate"})
    with pytest.raises(ActionRefused) as refused:
        h.engine.act("it", "choose", {"event": "alert", "option": "watch"})
    names = Names(h.engine.scenario)
    dutch = refusal_text(refused.value.refusal, translator("nl"), names)
    english = refusal_text(refused.value.refusal, translator("en"), names)
    role = h.engine.scenario.roles["it"].name
    assert dutch == f"over “Alert” is al besloten door {role}: Isolate"
    assert english == f"“Alert” was already decided by {role}: Isolate"
    assert "alert" not in dutch and "isolate" not in dutch


def test_accepted_action_is_journaled_with_the_format_field_names(harness):
    h = harness(BODY).at(15)
    h.engine.act("it", "statement", {"text": "We are on it."})
    sim, kind, role, payload = next(r for r in reversed(h.sink.records) if r[1] == "action")
    assert (sim, kind, role) == (900, "action", "it")
    assert payload == {"action": "statement", "text": "We are on it.", "channels": ["website", "social", "press"]}


def test_nothing_is_taken_after_endex(harness):
    h = harness(BODY).at(240)
    with pytest.raises(ActionRefused) as refused:
        h.engine.act("it", "statement", {"text": "x"})
    assert refused.value.refusal == r.HasEnded()
