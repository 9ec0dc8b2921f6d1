"""An expectation that says ``early: true`` is met by an action taken before its event fired,
the moment the event fires; without it, such an action does not count. A fire undone takes
that back with the fire."""

from __future__ import annotations

from crisissim.journal.readmodel import ExerciseView, StillTime
from tests.unit_tests.engine.conftest import Harness

EVENTS = """\
events:
  - id: report
    to: [dpo]
    at: 2h
    title: Forensic report
    body: 48,000 patients.
    expects:
      - {{id: letter, role: dpo, action: notify_subjects, within: 1h{early}}}
"""
LETTER = {"nature": "Your data were stolen.", "contact": "DPO, dpo@example.org"}


def expectation_records(h: Harness) -> list[dict]:
    return [p for _, kind, _, p in h.sink.records if kind == "expectation"]


def test_an_early_expectation_is_met_when_its_event_fires_by_the_letter_sent_before() -> None:
    h = Harness(EVENTS.format(early=", early: true")).at(30)
    h.engine.act("dpo", "notify_subjects", LETTER)
    assert h.expectation("letter") == "pending"
    h.at(121)
    assert h.expectation("letter") == "met"
    [record] = expectation_records(h)
    assert record["status"] == "met" and record["latency_s"] == 0.0 and record["early_s"] == 90 * 60


def test_without_early_the_letter_sent_before_does_not_count() -> None:
    h = Harness(EVENTS.format(early="")).at(30)
    h.engine.act("dpo", "notify_subjects", LETTER)
    h.at(200)
    assert h.expectation("letter") == "missed"


def test_an_exception_of_art_34_3_answers_an_expected_communication() -> None:
    h = Harness(EVENTS.format(early="")).at(121)
    h.engine.act("dpo", "subjects_exception", {"ground": "unintelligible", "reasoning": "AES-256, key kept safe."})
    assert h.expectation("letter") == "met"


def test_a_fire_undone_takes_back_the_early_meeting_and_the_event_meets_it_again_at_its_time() -> None:
    h = Harness(EVENTS.format(early=", early: true")).at(30)
    h.engine.act("dpo", "notify_subjects", LETTER)
    h.at(40)
    h.engine.command("fire", {"event": "report"})
    assert h.expectation("letter") == "met"
    h.engine.command("undo")
    assert h.expectation("letter") == "pending"
    h.at(121)
    assert h.expectation("letter") == "met"
    assert [r["early_s"] for r in expectation_records(h)] == [10 * 60, 90 * 60]


def test_the_read_model_takes_the_early_meeting_back_with_the_fire() -> None:
    h = Harness(EVENTS.format(early=", early: true")).at(30)
    h.engine.act("dpo", "notify_subjects", LETTER)
    h.at(40)
    h.engine.command("fire", {"event": "report"})
    h.engine.command("undo")
    view = ExerciseView(h.scenario, (), StillTime(), h.engine.datetime_at(0))
    for sim, role, record in h.sink.entries:
        view.apply(sim, role, record)
    assert view.expectations["letter"].status == "pending" and view.expectations["letter"].early_s is None
