"""Seats for a live exercise: the join codes, and where the seats are served.

The seat server itself is the web app (crisissim/web/), which the command line starts beside the
console. Seats never write to the journal: they send requests through the seat server, which the
engine alone decides on (see architecture.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from crisissim.engine.seats import SeatDesk
from crisissim.exercise.runs import Run
from crisissim.journal import JournalError, Store, readable
from crisissim.journal import records as rec
from crisissim.journal.follower import Follower


@dataclass(frozen=True)
class SeatsSummary:
    """What the console shows of the seats beside their codes: how many are connected per role,
    and the wrong codes of the last ten minutes (how many, from how many addresses)."""

    connected: Mapping[str, int] = field(default_factory=dict)
    wrong_codes: int = 0
    addresses: int = 0


#: Hosts that serve this machine only; any other host puts the seats on the network.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def beyond_loopback(host: str) -> bool:
    """Whether seats served on ``host`` can be reached from other machines (the codes are then the only guard)."""
    return host not in LOOPBACK


def seat_url(host: str, port: int) -> str:
    """The address participants open; an IPv6 host goes in brackets."""
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def seat_desk(run: Run, *, resumed: bool = False) -> SeatDesk:
    """The desk that answers this run's seats, with a new join code for every role.

    A resumed exercise keeps the codes it gave (the seat server knows them by their hashes), so
    the seats that were playing carry on and a code on a card still works: only a role that never
    had one gets a new code."""
    desk = SeatDesk(run.journal, list(run.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    if not resumed:
        desk.issue()
        return desk
    for record in readable(run.journal, kinds=(rec.Kind.SEAT_CODE,)):
        if isinstance(code := record.data, rec.SeatCode):
            desk.given.add(code.role)
    for role in desk.roles:
        if role not in desk.given:
            desk.issue(role)
    return desk


# the clock the seats were shown -------------------------------------------------------------------

CLOCK_ASIDE = "clock"
"""The key a live console keeps its clock under, aside in the journal (:meth:`Store.set_aside`)."""
SEAT_LEAD_S = 2.0
"""How far (wall seconds at the exercise's speed) a seat's clock may run past the console's last note."""
NOTE_EVERY_S = 0.5
"""How often a live console notes its clock: well within :data:`SEAT_LEAD_S`, so a live seat never waits on it."""


@dataclass(frozen=True)
class ShownClock:
    """The live console's clock as it last noted it: its time, pace, and ``until``, the furthest any
    seat may show before the next note.

    Seats' clocks run on between updates (the read model extrapolates from the last record), and a
    resumed run starts from its journal: without this a seat that showed T+2:10 would show T+2:04
    after the restart. So the console notes ``until`` (its time plus :data:`SEAT_LEAD_S` at its
    speed) every :data:`NOTE_EVERY_S`, aside from the records; the seat server stops every seat's
    clock there; and a resumed run first advances to it. Nothing journaled changes, and the
    advance is an ordinary ``control`` record, so replay stays exact."""

    sim: float
    until: float
    rate: float
    paused: bool
    wall: float

    def text(self) -> str:
        return json.dumps(
            {"sim": self.sim, "until": self.until, "rate": self.rate, "paused": self.paused, "wall": self.wall}
        )

    @classmethod
    def read(cls, journal: Store) -> ShownClock | None:
        """The last note in ``journal``; None for none (no served console played it) or one that cannot be read."""
        try:
            text = journal.aside(CLOCK_ASIDE)
            if text is None:
                return None
            data = json.loads(text)
            return cls(
                float(data["sim"]), float(data["until"]), float(data["rate"]), bool(data["paused"]), float(data["wall"])
            )
        except (JournalError, ValueError, TypeError, KeyError):
            return None


@dataclass
class ClockNotes:
    """Notes the live console's clock aside in its journal: every :data:`NOTE_EVERY_S`, and at once
    when it pauses, resumes or changes speed (so a seat never waits on the next note)."""

    journal: Store
    wall: Callable[[], float] = time.time
    _last: tuple[float, float, bool] | None = None

    def note(self, sim: float, rate: float, paused: bool) -> None:
        now = self.wall()
        if self._last is not None and now - self._last[0] < NOTE_EVERY_S and self._last[1:] == (rate, paused):
            return
        until = sim if paused else sim + rate * SEAT_LEAD_S
        try:
            self.journal.set_aside(CLOCK_ASIDE, ShownClock(sim, until, rate, paused, now).text())
        except JournalError:
            return  # a moment's lock: the next note tries again, and seats wait at the last one meanwhile
        self._last = (now, rate, paused)


def bound_by_console(follower: Follower, journal: Store) -> ShownClock | None:
    """Let ``follower``'s clock run no further than the live console last vouched for in ``journal``
    (:class:`ShownClock`), so that a screen following a console that died stands still; returns
    that note (None: no console notes its clock here, and the clock is unbounded)."""
    note = ShownClock.read(journal)
    follower.bound = note.until if note is not None else None
    return note


def served(journal: Store) -> bool:
    """Whether ``crisissim serve`` made this journal: its resume serves the seats again."""
    return journal.meta.get("mode") == "serve"


def resume_seats_clock(run: Run) -> float:
    """Bring a resumed served exercise to where its seats' clocks were, paused: returns the time.

    The replay ends at the journal's last record; the seats may have shown up to the console's
    last note (:class:`ShownClock`). The run advances there (a ``control: advance`` record, as the
    console's ``n``, so replay stays exact) and, if the journal had it running, pauses there (the
    seats must not show a running clock the paused console does not run)."""
    engine = run.engine
    if engine.ended:
        return engine.now
    note = ShownClock.read(run.journal)
    target = max(engine.now, note.until if note is not None else 0.0)
    if target > engine.now:
        engine.control(rec.Pace.ADVANCE, to_s=target)
        engine.advance_to(target)
    if not engine.ended and _running(run.journal):
        engine.control(rec.Pace.PAUSE)
    run.journal.commit()
    return engine.now


def _running(journal: Store) -> bool:
    """Whether the journal's last pause or resume left the clock running."""
    running = False
    for record in readable(journal, kinds=(rec.Kind.CONTROL,)):
        pace = record.data.pace if isinstance(record.data, rec.Control) else None
        if pace in (rec.Pace.PAUSE, rec.Pace.RESUME):
            running = pace == rec.Pace.RESUME
    return running
