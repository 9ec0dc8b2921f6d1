"""Control requests: what the control cell asks a team's engine, and what the engine journals in answer.

The engine answers as its console's key would, with the request's seq on the answer; what it
cannot do is a ``refused`` with a code. A journal paced by requests resumes exactly, and a
restarted engine does not take a request twice.
"""

from __future__ import annotations

import time
from pathlib import Path

from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import LiveDriver
from crisissim.exercise.control import ControlDesk, ask
from crisissim.exercise.runs import Run, new_run, resume_run
from crisissim.journal import readable
from crisissim.journal import records as rec
from crisissim.journal.explain import refusal_text
from tests.unit_tests.engine.conftest import HEAD, scenario

BODY = """\
events:
  - {id: first, to: [it], at: 10m, title: First, body: x}
  - {id: second, to: [it], at: 2h, title: Second, body: y}
"""


def _run(path: Path) -> Run:
    run = new_run(scenario(BODY), HEAD + BODY, "drill.yaml", seed=3, journal_path=path, mode="serve", speed=60)
    run.engine.start()
    run.journal.commit()
    return run


def _desk(run: Run) -> tuple[ControlDesk, LiveDriver]:
    driver = LiveDriver(run.engine, SimClock(time.monotonic, sim=run.engine.now, rate=60, paused=True))
    desk = ControlDesk(run.journal, now=lambda: run.engine.now)
    desk.catch_up()
    return desk, driver


def _answers(run: Run) -> list[tuple[str, dict[str, object]]]:
    out = []
    for record in readable(run.journal, kinds=(rec.Kind.CONTROL, rec.Kind.REFUSED, rec.Kind.ACTION)):
        out.append((record.kind, record.payload))
    return out


def test_each_request_is_answered_as_the_console_would_with_its_seq(tmp_path: Path):
    run = _run(tmp_path / "x.a.sqlite")
    desk, driver = _desk(run)
    resume = ask(run.journal, "resume")
    again = ask(run.journal, "resume")
    speed = ask(run.journal, "speed", {"speed": 600})
    bad = ask(run.journal, "speed", {"speed": 0})
    advance = ask(run.journal, "advance")
    inject = ask(run.journal, "inject", {"title": "To all teams", "body": "The minister calls.", "to": ["it"]})
    unknown = ask(run.journal, "rewind")
    assert desk.poll(driver) == 7
    assert desk.poll(driver) == 0  # answered once

    answers = _answers(run)
    assert answers[0] == ("control", {"control": "resume", "request": resume})
    assert answers[1] == ("refused", {"request": again, "reason": {"code": "pace-holds", "pace": "resume"}})
    assert answers[2] == ("control", {"control": "speed", "speed": 600, "request": speed})
    assert answers[3][0] == "refused" and answers[3][1]["request"] == bad
    assert answers[4] == ("control", {"control": "advance", "to_s": 600.0, "request": advance})
    assert answers[5][1]["control"] == "inject" and answers[5][1]["request"] == inject
    assert answers[6][0] == "refused" and answers[6][1]["request"] == unknown
    assert driver.clock.rate == 600 and not driver.paused
    assert run.engine.state.events["first"].status == rec.EventStatus.FIRED
    assert refusal_text(rec.PaceHolds(pace=rec.Pace.RESUME)) == "the clock is already running"
    run.journal.close()


def test_a_journal_paced_by_requests_resumes_exactly_and_takes_no_request_twice(tmp_path: Path):
    path = tmp_path / "x.b.sqlite"
    run = _run(path)
    desk, driver = _desk(run)
    ask(run.journal, "flag", {"flag": "ransom-paid"})
    ask(run.journal, "advance")
    ask(run.journal, "note", {"text": "the control cell watches"})
    desk.poll(driver)
    before = _answers(run)
    run.journal.close()

    resumed = resume_run(path)  # the replay checks every record the engine wrote against the journal
    assert "ransom-paid" in resumed.engine.state.flags
    desk, driver = _desk(resumed)
    assert desk.poll(driver) == 0
    assert _answers(resumed) == before
    resumed.journal.close()
