"""A live exercise of many teams: each team's journal, its engine process, and the seats' server.

``crisissim serve SCENARIO --teams a,b,c --journal BASE`` makes every team's journal (the teams
convention: :mod:`crisissim.exercise.teams`), issues each team's join codes as a single-team serve
does, starts one ``crisissim engine`` process per team and the seats' server for all of them, and
hands the lot to the control cell. Engines start paused: the facilitator starts every team together,
or one by one, from the control cell. An engine that dies is started again on its journal, which it
resumes where it was (see :mod:`crisissim.exercise.team_engine`).

Nothing here draws: the control cell (crisissim/tui/control/) reads the teams' journals and asks
their engines through control requests (:mod:`crisissim.exercise.control`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from crisissim.exercise.checks import checked_scenario
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import new_run
from crisissim.exercise.serve import ShownClock, seat_desk
from crisissim.exercise.teams import exercise_name, sibling_locations, team_location, team_meta, team_of
from crisissim.journal import JournalError, Store, open_store
from crisissim.journal.backends import is_postgres
from crisissim.scenario.teams import TeamsPlan

STALE_S = 5.0
"""An engine whose clock note is older than this (wall seconds) is taken for dead: it notes every half second."""
START_S = 120.0
"""How long an engine may take to start (scenario, personas, the replay of its journal) before it is taken for dead."""
STOP_WAIT_S = 10.0
"""How long a stopped engine has to pause, commit and let go of its journal before it is killed."""


@dataclass(frozen=True)
class TeamJournal:
    """One team of a live exercise: its name, its journal's location, its screens' language, its join codes."""

    name: str
    location: str
    language: str | None
    codes: Mapping[str, str] = field(default_factory=dict)
    """Each role's join code in the clear, as made when the team's journal was (empty for a restart:
    the codes given then still work, and only their hashes are journaled)."""


def make_team_journals(
    reference: str | None, plan: TeamsPlan, base: str, *, seed: int | None = None, speed: float | None = None
) -> list[TeamJournal]:
    """Check the scenario, then make every team's journal with its join codes; BadInput if one cannot be made.

    Every location is checked before any journal is made, so a team whose journal exists already
    leaves nothing behind for the others."""
    checked = checked_scenario(reference)
    scenario = checked.scenario
    locations = {team.name: team_location(base, team.name) for team in plan.teams}
    if not is_postgres(base):
        taken = [where for where in locations.values() if Path(where.removeprefix("sqlite:")).exists()]
        if taken:
            raise BadInput(*(str(JournalError(where, "exists already; choose another --journal")) for where in taken))
        Path(locations[plan.teams[0].name].removeprefix("sqlite:")).parent.mkdir(parents=True, exist_ok=True)
    made: list[TeamJournal] = []
    for team in plan.teams:
        try:
            run = new_run(
                scenario,
                checked.text,
                checked.file,
                seed=plan.seed_of(team, scenario.seed if seed is None else seed),
                journal_path=locations[team.name],
                mode="serve",
                speed=speed if speed is not None else scenario.speed,
                extra_meta=team_meta(base, plan, team),
            )
        except JournalError as exc:
            raise BadInput(str(exc)) from None
        try:
            codes = seat_desk(run).codes
        finally:
            run.journal.close()  # its engine process owns it from here
        made.append(TeamJournal(team.name, locations[team.name], team.language, dict(codes)))
    return made


def existing_teams(location: str) -> list[TeamJournal]:
    """Every team's journal of the exercise that the team's journal at ``location`` belongs to.

    For ``serve --resume TEAM_JOURNAL --teams``: the control cell of an exercise whose console was
    closed (or whose engines died) opens on all its teams again. BadInput for a journal that is no team's."""
    try:
        with open_store(location, readonly=True) as store:
            meta = dict(store.meta)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    if team_of(meta) is None:
        raise BadInput(
            str(
                JournalError(
                    location, "is the journal of one exercise, not a team's: continue it with crisissim serve --resume"
                )
            )
        )
    return [TeamJournal(name, where, None) for name, where in sibling_locations(location, meta).items()]


def engine_command(location: str) -> list[str]:
    """The command line that starts a team's engine: this Python, this crisissim."""
    return [sys.executable, "-m", "crisissim", "engine", location]


def log_path(location: str, team: str, folder: Path = Path("runs")) -> Path:
    """Where a team's engine writes what it says: beside its SQLite journal, in ``runs/`` for PostgreSQL."""
    if is_postgres(location):
        return folder / f"{exercise_name(location) or team}.engine.log"
    where = Path(location.removeprefix("sqlite:"))
    return where.with_name(f"{where.stem}.engine.log")


@dataclass
class EngineProcess:
    """A team's engine process, started and watched by the control cell."""

    team: str
    location: str
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    started: float = 0.0
    """When (monotonic) it was last started: an engine loads its scenario and replays its journal
    before it notes its clock."""

    def start(self) -> None:
        """Start the team's engine (again): it resumes the journal, paused."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out: IO[bytes]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                engine_command(self.location),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self.starts += 1
        self.started = time.monotonic()

    @property
    def starting(self) -> bool:
        """Whether it runs but may not have noted its clock yet (within :data:`START_S` of its start)."""
        return self.running and time.monotonic() - self.started < START_S

    @property
    def running(self) -> bool:
        """Whether the process this control cell started is still there."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Ask the engine to stop (it pauses, commits, releases); kill it if it does not in time."""
        _stop(self.process)


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    """Ask a process this control cell started to stop (SIGTERM: an engine pauses, commits and
    releases); kill it if it has not within :data:`STOP_WAIT_S`."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def alive(journal: Store, process: EngineProcess | None = None, *, wall: float | None = None) -> bool:
    """Whether a team's engine is playing: its process is there (when this control cell started it)
    and its clock note is fresh (it notes every half second, so an engine that hangs is seen too)."""
    if process is not None and not process.running:
        return False
    note = ShownClock.read(journal)
    if note is None:
        return False
    return (time.time() if wall is None else wall) - note.wall <= STALE_S


@dataclass
class SeatsProcess:
    """The seats' server for every team (``crisissim seats``), when this crisissim has that command."""

    args: Sequence[str]
    process: subprocess.Popen[bytes] | None = None

    def start(self, log: Path) -> bool:
        """Start it; False (and nothing started) when this crisissim has no ``seats`` command."""
        probe = subprocess.run(
            [sys.executable, "-m", "crisissim", "seats", "--help"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0:
            return False
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crisissim", "seats", *self.args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )
        return True

    def stop(self) -> None:
        _stop(self.process)


def seats_args(
    base: str, teams: Sequence[str], host: str, port: int, workers: int | None, proxy: str | None
) -> list[str]:
    """The agreed command line of the seats' server: every team of the exercise at ``base``."""
    args = [base, "--teams", ",".join(teams), "--host", host, "--port", str(port)]
    if workers is not None:
        args += ["--workers", str(workers)]
    if proxy:
        args += ["--proxy", proxy]
    return args
