"""What a seat may see, join codes, and the slowdown for wrong codes."""

import pytest

from crisissim.journal.records import to_builtins
from crisissim.journal.seats import code_matches, code_record, join_delay, new_code, visible_to, visible_to_room
from crisissim.journal.store import Record

#: What a record of each kind holds besides the fields a case names (records are typed).
FULL = {
    "fired": {
        "event": "e",
        "kind": "inject",
        "channel": "email",
        "title": "t",
        "body": "b",
        "from": "",
        "to": [],
        "options": {},
        "deadline_s": None,
        "due_s": None,
        "forced": False,
    },
    "post": {
        "storm": "s",
        "n": 1,
        "name": "n",
        "handle": "@h",
        "persona": "p",
        "followers": 1,
        "verified": False,
        "text": "x",
        "sentiment": 0.0,
        "likes": 0,
        "reposts": 0,
    },
    "expectation": {"expectation": "x", "event": "e", "status": "met", "latency_s": None},
    "skipped": {"event": "x", "reason": "r", "due_s": None},
    "start": {
        "scenario": "s",
        "title": "t",
        "seed": 1,
        "language": "en",
        "start": "2026-01-01T09:00:00",
        "duration_s": 60,
        "speed": 1.0,
    },
}


def record(kind, payload, role=None):
    return Record(1, 0.0, 0.0, kind, role, {**FULL.get(kind, {}), **payload})


@pytest.mark.parametrize(
    ("kind", "payload", "role", "visible"),
    [
        ("fired", {"kind": "inject", "to": ["comms", "dpo"]}, None, True),
        ("fired", {"kind": "inject", "to": ["it"]}, None, False),
        ("fired", {"kind": "article", "to": ["it"]}, None, True),
        ("post", {"storm": "s", "text": "x"}, None, True),
        ("clock", {"clock": "gdpr", "status": "started"}, None, True),
        ("action", {"action": "statement"}, "comms", True),
        ("action", {"action": "decision"}, "exec", False),
        ("expectation", {"expectation": "holding", "status": "met"}, "comms", False),
        ("control", {"control": "pause"}, None, True),
        ("control", {"control": "fire", "event": "x"}, None, False),
        ("control", {"control": "rate", "expectation": "holding", "rating": "U"}, None, False),
        ("control", {"control": "flag", "flag": "ransom-paid"}, None, False),
        ("skipped", {"event": "x", "reason": "r"}, None, False),
        ("seat-code", {"role": "comms", "salt": "s", "hash": "h"}, None, False),
        ("join", {"ok": False}, "comms", False),
        ("hotwash", {"answers": ["fine"]}, "comms", True),  # its own answers: its seat shows them at EndEx
        ("hotwash", {"answers": ["fine"]}, "dpo", False),
        ("refused", {"request": 3, "reason": "r"}, "comms", True),
        ("refused", {"request": 3, "reason": "r"}, "dpo", False),
    ],
)
def test_a_seat_sees_only_what_its_role_may(kind, payload, role, visible):
    assert visible_to("comms", record(kind, payload, role)) is visible


@pytest.mark.parametrize(
    ("kind", "payload", "role", "visible"),
    [
        ("fired", {"kind": "inject", "to": ["it"]}, None, True),  # what any role received
        ("fired", {"kind": "article", "to": []}, None, True),
        ("post", {"storm": "s", "text": "x"}, None, True),
        ("clock", {"clock": "gdpr", "status": "started"}, None, True),
        ("start", {}, None, True),
        ("end", {"reason": "facilitator"}, None, True),
        ("action", {"action": "statement"}, "comms", True),
        ("action", {"action": "decision"}, "it", True),
        ("action", {"action": "note", "text": "a controller's aside"}, "facilitator", False),
        ("action", {"action": "note"}, "observer", False),
        ("hotwash", {"answers": ["fine"]}, "comms", True),
        ("due", {"event": "x", "due_s": 60}, None, False),
        ("skipped", {"event": "x", "reason": "r"}, None, False),
        ("expectation", {"expectation": "holding", "status": "met"}, "comms", False),
        ("control", {"control": "resume"}, None, True),
        ("control", {"control": "speed", "speed": 120}, None, True),
        ("control", {"control": "fire", "event": "x"}, None, False),
        ("control", {"control": "skip", "event": "x"}, None, False),
        ("control", {"control": "rate", "expectation": "holding", "rating": "U"}, None, False),
        ("control", {"control": "flag", "flag": "ransom-paid"}, None, False),
        ("control", {"control": "note", "text": "x"}, None, False),
        ("seat-code", {"role": "comms", "salt": "s", "hash": "h"}, None, False),
        ("join", {"ok": True}, "comms", False),
        ("request", {"action": "statement", "text": "x"}, "comms", False),
        ("refused", {"request": 3, "reason": "r"}, "comms", False),
    ],
)
def test_the_room_sees_what_the_team_may_and_nothing_of_the_facilitator(kind, payload, role, visible):
    assert visible_to_room({"comms", "dpo", "it"}, record(kind, payload, role)) is visible


def test_codes_match_only_themselves_and_are_stored_hashed():
    code = new_code()
    payload = code_record("comms", code)
    assert code not in str(to_builtins(payload))
    assert code_matches(payload, code) and code_matches(payload, f" {code.lower()} ")
    assert not code_matches(payload, new_code())
    assert len({new_code() for _ in range(200)}) == 200


def test_wrong_codes_slow_down():
    assert [join_delay(n) for n in range(8)] == [0, 1, 2, 4, 8, 16, 30, 30]
