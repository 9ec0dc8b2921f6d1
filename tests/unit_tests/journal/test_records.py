"""The record types: they read every kind the engine writes, and the docs list them as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crisissim.journal import records as r

DOCS = Path(__file__).resolve().parents[3] / "docs" / "journal.md"


def _section(name: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"docs/journal.md has no {name} section"
    return match.group(1)


def test_docs_list_every_record_kind_as_the_types_say():
    assert _section("records") == r.markdown_table(), "regenerate with crisissim.journal.records.markdown_table()"


def test_docs_list_every_reason_code_as_the_types_say():
    assert _section("reasons") == r.reasons_table(), "regenerate with crisissim.journal.records.reasons_table()"


def test_docs_list_every_refusal_code_as_the_types_say():
    assert _section("refusals") == r.refusals_table(), "regenerate with crisissim.journal.records.refusals_table()"


def test_a_refusal_reads_back_as_its_code_and_an_old_sentence_as_it_was():
    refused = r.Refused(request=3, reason=r.AlreadyDecided(event="soc-call", role="dpo", option="isolate"))
    assert r.decode("refused", r.encode(refused)) == refused
    old = '{"request": 3, "reason": "the exercise has ended"}'
    assert r.decode("refused", old).reason == "the exercise has ended"


def test_every_kind_has_exactly_one_type():
    assert set(r.TYPES) == set(r.Kind)


@pytest.mark.parametrize(
    "record",
    [
        r.Skipped(
            event="x",
            due_s=60.0,
            reason=r.Unreachable(
                after={"any": [{"chose": "a.b"}, {"met": "m"}]},
                causes=(r.BranchNotTaken(event="a", option="b", chosen="c"), r.ExpectationWasMissed(expectation="m")),
            ),
        ),
        r.Skipped(event="x", due_s=None, reason=r.ByFacilitator()),
        r.Clock(clock="gdpr", status=r.ClockChange.STOPPED, verdict=r.ClockStatus.MET, elapsed_s=10.5),
        r.Action(action="reply", fields={"event": "e", "text": "t"}, playbook=0),
        r.Control(control=r.Pace.SPEED, fields={"speed": 120.0}),
    ],
    ids=lambda rec: rec.KIND,
)
def test_records_read_back_as_written(record):
    assert r.decode(record.KIND, r.encode(record)) == record


def test_an_older_journal_reason_is_read_as_its_sentence():
    old = '{"event":"x","reason":"only when holding missed, which did not hold","due_s":600.0}'
    assert r.decode("skipped", old).reason == "only when holding missed, which did not hold"


def test_a_payload_that_is_not_its_kind_says_which_field():
    with pytest.raises(r.RecordError, match=re.escape("payload.due_s: missing (required: a number)")):
        r.decode("due", '{"event": "x"}')
    with pytest.raises(r.RecordError, match=re.escape("kind: 'fried' is not a record kind (one of: start, due,")):
        r.decode("fried", "{}")


@pytest.mark.parametrize(
    ("kind", "payload", "said"),
    [
        ("action", "{}", 'payload.action: missing (required: a text naming it, e.g. "statement")'),
        ("action", '{"action": 3}', "payload.action: a whole number where it must be a text"),
        (
            "control",
            '{"control": "pause", "playbook": "2"}',
            "payload.playbook: a text where it must be a whole number",
        ),
        (
            "clock",
            '{"clock": "gdpr", "status": "late"}',
            "payload.status: 'late' is not one of: started, stopped, breached",
        ),
        (
            "storm",
            '{"storm": "s", "status": "started", "crowd": "many"}',
            "payload.crowd: a text where it must be a whole number or null",
        ),
        ("post", "[1, 2]", "payload: a list where it must be a JSON object"),
        ("end", '{"reason": ', "payload: not JSON"),
    ],
)
def test_a_bad_payload_names_the_field_and_what_would_be_right(kind: str, payload: str, said: str):
    with pytest.raises(r.RecordError) as refused:
        r.decode(kind, payload)
    assert str(refused.value).startswith(said)
    assert "\n" not in str(refused.value)


def test_actions_keep_their_fields_in_the_order_given():
    text = r.encode(r.Action(action="statement", fields={"channels": ["press"], "text": "t"}, request=7))
    assert text == '{"action":"statement","channels":["press"],"text":"t","request":7}'


def test_a_seats_token_hash_leave_and_client_id_are_optional_and_read_back():
    """Journals from before seats carried on across a restart read as they are, and the new fields
    round-trip; a request's own id is no action field (the engine would refuse it)."""
    assert r.decode("join", b'{"ok":true}') == r.Join(ok=True)
    joined = r.Join(ok=True, salt="ab", token_hash="cd")
    left = r.Join(ok=True, left=12)
    for record in (joined, left):
        assert r.decode("join", r.encode_bytes(record)) == record
    asked = r.decode("request", b'{"action":"reply","event":"x","text":"t","client_id":"c-1"}')
    assert isinstance(asked, r.Request) and asked.client_id == "c-1"
    assert asked.fields == {"event": "x", "text": "t"}
    assert r.decode("request", b'{"action":"reply","text":"t"}').client_id is None
    taken = r.decode("action", b'{"action":"reply","text":"t","client_id":"c-1"}')
    assert isinstance(taken, r.Action) and taken.fields["client_id"] == "c-1"  # only a request has its own id
