"""Seats in other processes: an action from a seat meets an expectation in the engine, a
wrong code is refused, and a seat never receives what its role may not see."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import Static

from crisissim.engine.seats import SeatDesk
from crisissim.exercise import load_checked, new_run
from crisissim.exercise.seat_client import SeatClient as ApiSeatClient
from crisissim.journal.seat_client import SeatClient
from crisissim.tui.labels import Labels
from crisissim.tui.seat import JoinScreen, SeatApp, SeatSession
from tests.conftest import VALID
from tests.functional_tests.web_support import seat_server

SEAT_SCRIPT = r"""
import json, sys, time
from crisissim.journal.seat_client import SeatClient
from crisissim.journal.follower import Follower

journal, role, code, wrong = sys.argv[1:5]
client = SeatClient(journal)
out = {"wrong": client.join(wrong, role), "delay": client.wait_before_next_try()}
out["role"] = client.join(code, role)
seen = []
follower = Follower(client.journal, role, lambda r: seen.append((r.kind, r.payload, r.role)))
follower.poll()
request = client.request("statement", {"text": "We are investigating."})
answer = None
for _ in range(100):
    follower.poll()
    answer = next((k for k, p, _ in seen if p.get("request") == request), None)
    if answer:
        break
    time.sleep(0.05)
out["answer"] = answer
out["seen"] = seen
print(json.dumps(out))
"""


def exercise(tmp_path: Path):
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    loaded = load_checked(path)
    run = new_run(loaded.scenario, loaded.text, str(path), seed=5, journal_path=tmp_path / "j.sqlite", mode="serve")
    desk = SeatDesk(run.journal, list(loaded.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    run.engine.start()
    run.engine.advance_to(40 * 60)  # the reporter called at T+0:30; comms owes a holding statement
    run.engine.command("flag", {"flag": "secret-branch"})
    return run, desk, codes


def test_a_seat_process_meets_an_expectation_and_sees_only_its_role(tmp_path):
    run, desk, codes = exercise(tmp_path)
    seat = subprocess.Popen(
        [sys.executable, "-c", SEAT_SCRIPT, str(run.journal.path), "comms", codes["comms"], codes["dpo"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while seat.poll() is None and time.monotonic() < deadline:
        desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
        time.sleep(0.05)
    out, err = seat.communicate(timeout=10)
    assert seat.returncode == 0, err
    result = json.loads(out)
    assert result["wrong"] is None  # another role's code does not open this role's seat
    assert result["delay"] == 1.0
    assert result["role"] == "comms"
    assert result["answer"] == "action"
    assert run.engine.state.expectations["holding"].status == "met"
    kinds = {kind for kind, _, _ in result["seen"]}
    assert "expectation" not in kinds and "seat-code" not in kinds and "join" not in kinds
    fired_to = [
        payload["to"]
        for kind, payload, _ in result["seen"]
        if kind == "fired" and payload["kind"] not in ("article", "storm")
    ]
    assert fired_to and all("comms" in to for to in fired_to)  # the alert to it and dpo is not among them
    controls = [payload["control"] for kind, payload, _ in result["seen"] if kind == "control"]
    assert "flag" not in controls
    assert not any(role not in (None, "comms") for _, _, role in result["seen"])
    run.journal.close()


def test_a_refused_request_is_answered_and_journals_no_action(tmp_path):
    run, desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "it")
        assert client.join(codes["it"], "it") == ("it", 0.0)
        request = client.request("choose", {"event": "alert", "option": "isolate"})
        again = client.request("choose", {"event": "alert", "option": "monitor"})
        desk.poll(lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra))
        answers = {r.payload["request"]: r.kind for r in run.journal.records(kinds=("action", "refused"))}
        assert answers == {request: "action", again: "refused"}
        refusal = run.journal.last("refused").payload["reason"]
        assert refusal == {"code": "already-decided", "event": "alert", "role": "it", "option": "isolate"}
        time.sleep(0.5)  # the server reads the answers
        said = SeatSession(client, "it", Labels("nl"))
        said.pending[again] = "choose"
        said.follower.poll()
        scenario = run.scenario
        role, option = scenario.roles["it"].name, scenario.event("alert").options["isolate"]
        assert said.answers[-1] == (
            False,
            f"kiezen: over “{said.view.titles['alert']}” is al besloten door {role}: {option}",
        )
        client.close()
    assert run.engine.state.choices["alert"] == ("isolate", "it")
    run.journal.close()


def test_the_playing_process_takes_a_request_once_even_after_a_restart(tmp_path):
    run, desk, codes = exercise(tmp_path)
    client = SeatClient(run.journal.path)
    client.join(codes["comms"], "comms")
    client.request("statement", {"text": "First."})
    act = lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra)  # noqa: E731
    desk.poll(act)
    fresh = SeatDesk(run.journal, desk.roles, now=desk.now, wall=desk.wall)
    fresh.catch_up()
    assert fresh.poll(act) == 0
    assert run.journal.count("action") == 1
    client.close()
    run.journal.close()


async def test_the_seat_app_asks_for_the_code_then_shows_one_role(tmp_path):
    """The terminal seat is a client of the seat server: it never opens the journal."""
    run, _desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "dpo")
        app = SeatApp(client, "dpo")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["comms"], "enter")  # another role's code
            await pilot.pause(0.2)
            assert app.session is None
            await pilot.pause(1.2)  # after a wrong code, this address waits a second before the next try
            await pilot.press(*codes["dpo"], "enter")
            await pilot.pause(0.6)
            assert app.session is not None and app.session.role == "dpo"
            titles = [item.title for item in app.session.view.inbox["dpo"]]
            assert "Outbound traffic alert" in titles and "Reporter calls" not in titles
            assert app.session.scenario.events == []  # the MSEL stays with the facilitator
            await pilot.press("s")
            await pilot.press(*"We assess the breach now.")
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)
        client.close()
    request = run.journal.last("request")
    assert request.role == "dpo" and request.payload["text"] == "We assess the breach now."
    assert [r.payload["ok"] for r in run.journal.records(kinds=("join",))] == [False, True]
    run.journal.close()


def test_a_request_behind_many_records_is_still_taken(tmp_path):
    """A storm can write thousands of records between two polls; no request may be passed over."""
    run, desk, codes = exercise(tmp_path)
    act = lambda role, kind, fields, extra: run.engine.act(role, kind, fields, extra=extra)  # noqa: E731
    desk.poll(act)
    client = SeatClient(run.journal.path)
    client.join(codes["comms"], "comms")
    for n in range(12_000):  # more than one tail's worth of other records
        run.journal.append(run.engine.now, time.time(), "note-filler", None, {"n": n})
    run.journal.commit()
    request = client.request("statement", {"text": "Still here."})
    assert desk.poll(act) == 1
    assert run.journal.last("action").payload["request"] == request
    client.close()
    run.journal.close()


async def test_a_new_code_ends_the_terminal_seat_and_says_why(tmp_path):
    run, desk, codes = exercise(tmp_path)
    with seat_server(run.journal.path) as (url, _server):
        client = ApiSeatClient(url, "it")
        app = SeatApp(client, "it", "nl")
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(*codes["it"], "enter")
            await pilot.pause(0.4)
            assert app.session is not None
            desk.issue("it")  # the console's r
            await pilot.pause(0.8)
            assert isinstance(app.screen, JoinScreen) and app.session is None
            said = str(app.screen.query_one("#join-message", Static).render())
            assert said.startswith("Deze plek is beëindigd")
            await pilot.press(*desk.codes["it"], "enter")
            await pilot.pause(0.4)
            assert app.session is not None and app.session.role == "it"
        client.close()
    run.journal.close()
