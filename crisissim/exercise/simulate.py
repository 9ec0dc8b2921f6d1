"""Headless play (``simulate``): a new or resumed run, a scripted team, as fast as possible or paced.

Opening and playing are two steps on purpose: the journal's path is shown as soon as it exists,
before a paced run plays for minutes, and a resumed run's playbook is read only once its journal
is open (the order in which problems have always been reported).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from crisissim.engine import state as st
from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import play
from crisissim.exercise.checks import checked_scenario
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import Run, default_journal_path, new_run, resume_run
from crisissim.journal import JournalError
from crisissim.scenario import Scenario
from crisissim.scenario.playbook import Entry, Playbook, load_playbook, parse_playbook

#: How a playbook stored in a journal is named in its problems.
STORED_PLAYBOOK = "stored playbook"


@dataclass(frozen=True)
class Outcome:
    """What a headless run came to: the numbers ``simulate`` prints, and the steps refused."""

    journal_path: Path | str
    now: float
    fired: int
    skipped: int
    pending: int
    posts: int
    refused: tuple[str, ...] = ()
    already_ended: bool = False
    """The journal had reached EndEx before: nothing was played."""


@dataclass
class Simulation:
    """A headless run, opened and owned, ready to :meth:`play` once.

    ``playbook`` is the script read before a new journal was made (so a bad playbook leaves no
    journal behind); ``playbook_path`` is one given to a resumed run, read when it plays; with
    neither, a resumed run plays the playbook its journal stored, if any."""

    run: Run
    resumed: bool
    speed: float | None = None
    playbook: Playbook | None = None
    playbook_path: str | None = None

    def play(self) -> Outcome:
        """Play to EndEx (unless it ended before) and close the journal; BadInput for a bad playbook
        or a journal that cannot be written."""
        run = self.run
        with run.journal:
            entries = self._entries()
            if run.engine.ended:
                return _outcome(run, already_ended=True)
            clock = None
            if self.speed is not None:
                clock = SimClock(time.monotonic, sim=run.engine.now, rate=self.speed, paused=False)
            try:
                report = play(run.engine, entries, clock=clock, done=run.done_steps)
            except JournalError as exc:
                raise BadInput(str(exc)) from None
            return _outcome(run, refused=tuple(report.refused))

    def _entries(self) -> list[Entry]:
        if self.playbook_path is not None:
            return _checked_playbook(self.playbook_path, self.run.scenario).entries
        if self.playbook is not None:
            return self.playbook.entries
        stored = self.run.journal.meta.get("playbook_text") if self.resumed else None
        if stored is not None:
            return parse_playbook(stored.encode(), STORED_PLAYBOOK, self.run.scenario).entries
        return []


def start_simulation(
    reference: str,
    *,
    playbook: str | None = None,
    seed: int | None = None,
    speed: float | None = None,
    journal: Path | str | None = None,
) -> Simulation:
    """A new headless run of a checked scenario; its journal stores the playbook for a resume.

    ``seed`` defaults to the scenario's, ``journal`` to ``runs/<id>-<time>.sqlite``; ``speed``
    paces the run (None: as fast as possible). BadInput for a bad scenario, playbook or journal
    path, raised before any journal exists."""
    checked = checked_scenario(reference)
    scenario = checked.scenario
    book = _checked_playbook(playbook, scenario) if playbook else None
    try:
        run = new_run(
            scenario,
            checked.text,
            checked.file,
            seed=scenario.seed if seed is None else seed,
            journal_path=journal or default_journal_path(scenario.id),
            mode="simulate",
            playbook_text=book.text if book is not None else None,
            speed=speed,
        )
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    return Simulation(run, resumed=False, speed=speed, playbook=book)


def resume_simulation(journal: Path | str, *, playbook: str | None = None, speed: float | None = None) -> Simulation:
    """An interrupted headless run, rebuilt from its journal with the journal's own seed.

    ``playbook`` replaces the stored one (read when it plays). BadInput for a journal that
    cannot be resumed."""
    try:
        run = resume_run(journal)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    return Simulation(run, resumed=True, speed=speed, playbook_path=playbook or None)


def _checked_playbook(path: str, scenario: Scenario) -> Playbook:
    book = load_playbook(path, scenario)
    if book.problems:
        raise BadInput(*(str(p) for p in book.problems))
    return book


def _outcome(run: Run, *, refused: tuple[str, ...] = (), already_ended: bool = False) -> Outcome:
    states = Counter(s.status for s in run.engine.state.events.values())
    return Outcome(
        journal_path=run.journal.location,
        now=run.engine.now,
        fired=states.get(st.FIRED, 0),
        skipped=states.get(st.SKIPPED, 0),
        pending=states.get(st.PENDING, 0),
        posts=sum(r.count for r in run.engine.storms.values()),
        refused=refused,
        already_ended=already_ended,
    )
