"""The control cell, driven by its keys: every team in its table, pace for all, a broadcast to the teams chosen.

Three teams' journals are made as ``serve --teams`` makes them; each team's engine is played in
this process (:func:`crisissim.exercise.team_engine.open_team_engine`, stepped by the test as its
process steps it), so what the control cell asks is answered in each team's journal as it is live.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, Input, TextArea

from crisissim.exercise.team_engine import TeamEngine, open_team_engine
from crisissim.exercise.teams import read_teams
from crisissim.exercise.teams_live import EngineProcess, make_team_journals
from crisissim.journal import open_store, readable
from crisissim.journal import records as rec
from crisissim.tui.control.app import ControlApp, TeamScreen, TeamsTable
from crisissim.tui.control.watch import TeamWatch, watch_team
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import FormScreen

SCENARIO = "first-hour-quickstart"
TEAMS = ("north", "east", "south")


def _exercise(tmp_path: Path) -> tuple[list[TeamEngine], list[TeamWatch]]:
    teams = make_team_journals(SCENARIO, read_teams(",".join(TEAMS), None, "serve"), str(tmp_path / "national.sqlite"))
    engines = [open_team_engine(t.location) for t in teams]
    watches = [watch_team(t.name, t.location, "en") for t in teams]
    return engines, watches


def _close(engines: list[TeamEngine], watches: list[TeamWatch]) -> None:
    for watch in watches:
        watch.close()
    for engine in engines:
        engine.stop()


def _controls(location: str) -> list[dict[str, Any]]:
    """The team's answers to control requests, as its engine journaled them."""
    with open_store(location, readonly=True) as journal:
        return [r.payload for r in readable(journal, kinds=(rec.Kind.CONTROL,)) if "request" in r.payload]


def _fired(location: str) -> list[dict[str, Any]]:
    with open_store(location, readonly=True) as journal:
        return [r.payload for r in readable(journal, kinds=(rec.Kind.FIRED,))]


async def test_the_table_shows_every_team_and_space_pauses_and_resumes_each_one(tmp_path: Path):
    engines, watches = _exercise(tmp_path)
    try:
        app = ControlApp(watches, Labels("en"), "national")
        async with app.run_test(size=(120, 36)) as pilot:
            table = app.screen.query_one(TeamsTable)
            assert table.row_count == 3
            assert [str(table.get_row_at(i)[0]) for i in range(3)] == list(TEAMS)
            assert all("PAUSED" in str(table.get_row_at(i)[1]) for i in range(3))  # engines start paused

            await pilot.press("space")  # none runs: start every team together
            for engine in engines:
                engine.step()
            app.follow()
            await pilot.pause()
            assert all(not w.view.paused for w in watches)

            await pilot.press("space")  # all run: pause every team
            for engine in engines:
                engine.step()
            app.refresh_state()
            await pilot.pause()
            assert all(w.view.paused for w in watches)
            assert all("PAUSED" in str(table.get_row_at(i)[1]) for i in range(3))
            assert "plays" in str(table.get_row_at(0)[2])
        for watch in watches:
            assert [c["control"] for c in _controls(watch.journal.location)] == ["resume", "pause"]
    finally:
        _close(engines, watches)


async def test_a_broadcast_reaches_each_chosen_team_as_an_inject(tmp_path: Path):
    engines, watches = _exercise(tmp_path)
    try:
        app = ControlApp(watches, Labels("en"), "national")
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.press("b")
            form = app.screen
            assert isinstance(form, FormScreen)
            form.query_one("#field-teams-east", Checkbox).value = False
            form.query_one("#field-title", Input).value = "Minister on the phone"
            form.query_one("#field-body", TextArea).text = "The minister wants a briefing at noon."
            await pilot.press("ctrl+s")
            await pilot.pause()
            for engine in engines:
                engine.step()
        injects = {w.name: [f for f in _fired(w.journal.location) if f.get("adhoc")] for w in watches}
        assert [f["title"] for f in injects["north"]] == ["Minister on the phone"]
        assert [f["title"] for f in injects["south"]] == ["Minister on the phone"]
        assert injects["east"] == []
        assert injects["north"][0]["body"] == "The minister wants a briefing at noon."
    finally:
        _close(engines, watches)


async def test_a_team_opens_with_its_full_state_and_its_keys_go_to_its_engine(tmp_path: Path):
    engines, watches = _exercise(tmp_path)
    try:
        app = ControlApp(watches, Labels("en"), "national")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "enter")
            assert isinstance(app.screen, TeamScreen) and app.screen.team.name == "east"
            await pilot.press("n")  # to the first inject, as the console's n
            engines[1].step()
            app.refresh_state()
            await pilot.pause()
            await pilot.press("escape")
            assert not isinstance(app.screen, TeamScreen)
        assert [c["control"] for c in _controls(watches[1].journal.location)] == ["advance"]
        assert _controls(watches[0].journal.location) == []
        assert [f["event"] for f in _fired(watches[1].journal.location)][:1] == ["login-alert"]
    finally:
        _close(engines, watches)


async def test_the_control_cell_speaks_dutch(tmp_path: Path):
    engines, watches = _exercise(tmp_path)
    try:
        app = ControlApp(watches, Labels("nl"), "landelijk")
        async with app.run_test(size=(120, 36)):
            table = app.screen.query_one(TeamsTable)
            assert [str(c.label) for c in table.columns.values()][:3] == ["Team", "Klok", "Engine"]
            assert "GEPAUZEERD" in str(table.get_row_at(0)[1])
    finally:
        _close(engines, watches)


async def test_a_team_whose_engine_died_shows_stopped_and_r_starts_it_again(tmp_path: Path):
    teams = make_team_journals(SCENARIO, read_teams(",".join(TEAMS), None, "serve"), str(tmp_path / "national.sqlite"))
    dead = EngineProcess("east", teams[1].location, tmp_path / "east.engine.log")
    dead.process = subprocess.Popen([sys.executable, "-c", "pass"])  # an engine that has exited
    dead.process.wait()
    watches = [watch_team(t.name, t.location, "en", dead if t.name == "east" else None) for t in teams]
    try:
        app = ControlApp(watches, Labels("en"), "national")
        async with app.run_test(size=(120, 36)) as pilot:
            table = app.screen.query_one(TeamsTable)
            assert "STOPPED" in str(table.get_row_at(1)[2])
            await pilot.press("down", "r")
            assert dead.starts == 1 and dead.running  # a crisissim engine on east's journal
            app.refresh_state()
            await pilot.pause()
            assert "starting" in str(table.get_row_at(1)[2])
    finally:
        dead.stop()
        for watch in watches:
            watch.close()
    assert dead.process is not None and dead.process.returncode in (0, -signal.SIGTERM)
