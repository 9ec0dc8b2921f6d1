"""Three teams live, each team's engine a process of its own: kill one, the others play on, it resumes identically.

As ``crisissim serve --teams`` runs them: every team's journal made with its codes, then one
``crisissim engine TEAM_JOURNAL`` process per team, paced by control requests (what the control
cell's keys send). On SQLite, and on the session's throwaway PostgreSQL (skipped, saying why,
where none can be started).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crisissim.engine.drivers import apply_input
from crisissim.engine.engine import Engine
from crisissim.engine.sinks import MemorySink
from crisissim.exercise.control import ask
from crisissim.exercise.serve import ShownClock
from crisissim.exercise.teams import read_teams
from crisissim.exercise.teams_live import EngineProcess, log_path, make_team_journals
from crisissim.journal import open_store, readable
from crisissim.journal import records as rec
from crisissim.scenario import parse
from tests.postgres_server import Server

SCENARIO = "rijnoord-ransomware"  # 72 hours with storms: at 600x it runs for minutes, and its journal grows fast
SPEED = 600.0
CLI = (sys.executable, "-m", "crisissim")
PLAYED = "is being played by another crisissim process"
START_S = 180.0
"""How long an engine may take to start on a busy machine (it loads the scenario and the personas)."""


def wait_for(what: str, check: Callable[[], bool], timeout: float = START_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


def note(location: str) -> ShownClock | None:
    with open_store(location, readonly=True) as journal:
        return ShownClock.read(journal)


def last_seq(location: str) -> int:
    with open_store(location, readonly=True) as journal:
        return journal.last_seq()


def playing(location: str) -> bool:
    """The engine notes its clock every half second: a note of the last two seconds says it plays."""
    shown = note(location)
    return shown is not None and time.time() - shown.wall < 2.0


def running(location: str) -> bool:
    shown = note(location)
    return shown is not None and not shown.paused and shown.sim > 0


def request(location: str, control: str, fields: dict[str, Any] | None = None) -> int:
    with open_store(location) as journal:
        return ask(journal, control, fields)


def answered(location: str, seq: int) -> bool:
    with open_store(location, readonly=True) as journal:
        return any(
            getattr(r.data, "request", None) == seq
            for r in readable(journal, seq, kinds=(rec.Kind.CONTROL, rec.Kind.REFUSED))
        )


def exercise_rows(location: str) -> list[tuple[float, str, str | None, dict[str, Any]]]:
    """The team's exercise as its journal holds it: every record but the seats' and the control cell's."""
    with open_store(location, readonly=True) as journal:
        return [(r.sim, r.kind, r.role, r.payload) for r in journal.records() if r.kind not in rec.SIDE_KINDS]


def headless_replay(location: str) -> list[tuple[float, str, str | None, dict[str, Any]]]:
    """The same inputs played headless into a fresh engine, uninterrupted, to where the journal ends."""
    with open_store(location, readonly=True) as journal:
        meta = dict(journal.meta)
        inputs = list(readable(journal, kinds=rec.INPUT_KINDS))
        end = max(r.sim for r in journal.records() if r.kind not in rec.SIDE_KINDS)
    loaded = parse(meta["scenario_text"].encode(), meta["scenario_path"])
    assert loaded.scenario is not None
    sink = MemorySink()
    engine = Engine(loaded.scenario, seed=int(meta["seed"]), sink=sink)
    engine.start()
    for record in inputs:
        engine.advance_to(record.sim)
        apply_input(engine, record)
    engine.advance_to(end)
    return [(sim, str(kind), role, payload) for sim, kind, role, payload in sink.records]


@pytest.fixture(params=["sqlite", "postgresql"])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "national.sqlite")
    server: Server = request.getfixturevalue("postgresql")
    return server.url(f"national{uuid.uuid4().hex[:8]}")


def test_kill_one_teams_engine_the_others_play_on_and_it_resumes_identically(base: str, tmp_path: Path):
    teams = make_team_journals(SCENARIO, read_teams("north,east,south", None, "serve"), base, speed=SPEED)
    assert [t.name for t in teams] == ["north", "east", "south"]
    assert all(set(t.codes) and len(set(t.codes.values())) == len(t.codes) for t in teams)  # each team its own codes
    where = {t.name: t.location for t in teams}
    engines = {t.name: EngineProcess(t.name, t.location, log_path(t.location, t.name, tmp_path)) for t in teams}
    try:
        for engine in engines.values():
            engine.start()
        for name, location in where.items():
            wait_for(f"{name}'s engine", lambda location=location: playing(location))
        assert not any(running(location) for location in where.values())  # engines start paused

        for location in where.values():
            request(location, "resume")
        for name, location in where.items():
            wait_for(f"{name}'s clock", lambda location=location: running(location), timeout=60)

        os.kill(engines["east"].process.pid, signal.SIGKILL)  # type: ignore[union-attr]
        engines["east"].process.wait()  # type: ignore[union-attr]
        grown = {name: last_seq(where[name]) for name in ("north", "south")}
        for name, seq in grown.items():
            wait_for(f"{name} to play on", lambda name=name, seq=seq: last_seq(where[name]) > seq + 20, timeout=60)

        second = subprocess.run([*CLI, "engine", where["north"]], capture_output=True, text=True, timeout=START_S)
        assert second.returncode == 2, second.stderr
        assert second.stderr.count("\n") == 1 and PLAYED in second.stderr and "Traceback" not in second.stderr

        killed_at = last_seq(where["east"])
        engines["east"].start()  # what the control cell's r does
        wait_for("east's engine again", lambda: playing(where["east"]) and not running(where["east"]))
        resumed = request(where["east"], "resume")
        wait_for("east to answer", lambda: answered(where["east"], resumed), timeout=60)
        wait_for("east to play on", lambda: last_seq(where["east"]) > killed_at + 20, timeout=60)
        for location in where.values():
            request(location, "pause")
        time.sleep(1.0)
    finally:
        for engine in engines.values():
            engine.stop()
    assert {name: engine.process.returncode for name, engine in engines.items()} == dict.fromkeys(where, 0)  # type: ignore[union-attr]
    assert exercise_rows(where["east"]) == headless_replay(where["east"])
    for name in ("north", "south"):
        assert exercise_rows(where[name]) == headless_replay(where[name]), name


def test_an_engine_for_a_journal_that_is_none_says_so_in_one_line(tmp_path: Path):
    missing = tmp_path / "none.sqlite"
    result = subprocess.run([*CLI, "engine", str(missing)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "none.sqlite" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_bad_team_names_before_any_journal_is_made(tmp_path: Path):
    result = subprocess.run(
        [*CLI, "serve", SCENARIO, "--teams", "north,no.rth,north", "--journal", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "crisissim: error: serve: --teams: 'no.rth' is not a team name: letters, digits, '_' and '-', "
        "starting with a letter or digit, at most 40 characters",
        "crisissim: error: serve: --teams: team 'north' is named twice",
    ]
    assert list(tmp_path.iterdir()) == []
