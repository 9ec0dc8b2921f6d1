"""Undoing the facilitator's last command: a record of its own that the engine, the read model,
the debrief and a resume all fold the same way, and only while nothing has followed from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisissim.debrief.fold import fold
from crisissim.engine.engine import UndoRefused
from crisissim.exercise import load_checked, new_run
from crisissim.exercise.runs import resume_run
from crisissim.journal import records as rec
from tests.conftest import VALID
from tests.unit_tests.engine.conftest import Harness

EVENTS = """\
clocks:
  reg:
    starts: {fired: alert}
    limit: 72h
    stops: {action: notify_regulator}
events:
  - id: alert
    to: [it, dpo]
    at: 30m
    title: Alert
    body: Traffic.
    expects:
      - {id: look, role: it, action: reply, within: 15m}
  - id: follow
    after: alert
    delay: 10m
    to: [it]
    title: Follow-up
    body: More.
  - id: later
    at: 2h
    to: [comms]
    title: Later
    body: Later still.
  - id: paid
    when: {flag: paid}
    at: 3h
    to: [comms]
    title: Paid
    body: Paid.
"""


VALID_EVENTS = """\
events:
  - id: press
    kind: enquiry
    to: [comms]
    at: 30m
    from: A reporter
    title: A reporter calls
    body: What happened?
"""


def undo_fields(h: Harness) -> dict:
    return next(p for _, kind, _, p in reversed(h.sink.records) if kind == "control" and p["control"] == "undo")


def test_a_fire_undone_takes_back_its_message_its_schedules_and_its_clock() -> None:
    h = Harness(EVENTS).at(5)
    h.engine.command("fire", {"event": "alert"})
    assert h.status("alert") == "fired" and h.clock("reg").status == "running"
    assert h.engine.state.events["follow"].due_s == 900
    h.engine.command("undo")
    back = undo_fields(h)
    assert back["command"] == "fire" and back["withdrawn"] == ["alert"] and back["unscheduled"] == ["follow"]
    assert h.status("alert") == "pending" and h.clock("reg").status == "idle"
    assert h.engine.state.events["follow"].due_s is None and h.expectation("look") == "pending"
    h.at(31)  # the alert comes at its own time after all, and with it the follow-up's schedule
    assert h.fired_at("alert") == 1800 and h.clock("reg").started_s == 1800
    assert h.status("follow") == "pending"  # due at 40 minutes, not at the 15 of the fire undone
    h.at(46)
    assert h.fired_at("follow") == 2400 and h.expectation("look") == "missed"


def test_a_skip_undone_lets_the_event_come_at_its_time() -> None:
    h = Harness(EVENTS).at(5)
    h.engine.command("skip", {"event": "later"})
    h.at(10)  # time passing, with nothing journaled, is not something that follows
    h.engine.command("undo")
    assert h.status("later") == "pending"
    h.at(121)
    assert h.fired_at("later") == 7200


def test_a_flag_and_a_rating_undone_are_as_they_were() -> None:
    h = Harness(EVENTS).at(5)
    h.engine.command("flag", {"flag": "paid"})
    h.engine.command("undo")
    assert "paid" not in h.engine.state.flags
    h.engine.command("fire", {"event": "alert"})
    h.engine.command("rate", {"expectation": "look", "rating": "S"})
    h.engine.command("undo")
    assert h.engine.state.expectations["look"].rating is None
    h.at(181)
    assert h.status("paid") == "skipped"


def test_an_undo_says_why_not() -> None:
    h = Harness(EVENTS).at(5)
    with pytest.raises(UndoRefused) as nothing:
        h.engine.command("undo")
    assert nothing.value.refusal == rec.NothingToUndo()
    h.engine.command("fire", {"event": "alert"})
    h.engine.command("note", {"text": "a facilitator's note follows from nothing"})
    h.engine.act("it", "reply", {"event": "alert", "text": "looking"})
    with pytest.raises(UndoRefused) as followed:
        h.engine.command("undo")
    assert followed.value.refusal == rec.UndoFollowed(command="fire", target="alert", kind="action", role="it")
    assert h.status("alert") == "fired"
    h.engine.command("flag", {"flag": "x"})
    h.engine.command("undo")
    with pytest.raises(UndoRefused) as twice:  # an undo is not undone
        h.engine.command("undo")
    assert twice.value.refusal == rec.NothingToUndo()


def test_a_fire_the_crowd_or_the_press_took_up_cannot_be_undone() -> None:
    h = Harness(VALID_EVENTS).at(5)
    h.engine.command("fire", {"event": "press"})
    with pytest.raises(UndoRefused) as lasting:
        h.engine.command("undo")
    assert lasting.value.refusal == rec.UndoLasting(command="fire", target="press", kind="fired", event="press")
    assert h.status("press") == "fired"


def test_a_journal_with_an_undo_resumes_and_reports_what_stood(tmp_path: Path) -> None:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    loaded = load_checked(path)
    assert loaded.scenario is not None
    s = loaded.scenario
    journal = tmp_path / "journal.sqlite"
    run = new_run(s, loaded.text, str(path), seed=s.seed, journal_path=journal, mode="run")
    run.engine.start()
    run.engine.advance_to(60)
    run.engine.command("skip", {"event": "press"})
    run.engine.command("undo")
    run.engine.command("rate", {"expectation": "decide", "rating": "P"})
    run.engine.command("undo")
    run.engine.advance_to(300)
    run.journal.commit()
    run.journal.close()
    again = resume_run(journal)  # replays the undo records into a fresh engine, record for record
    try:
        assert again.engine.state.events["press"].status == "pending"
        assert again.engine.state.expectations["decide"].rating is None
        debrief = fold(again.journal)
        assert debrief.events["press"].status == "pending" and debrief.events["press"].cause is None
        assert debrief.expectations["decide"].rating is None
    finally:
        again.journal.close()
