"""One team as the control cell sees it: its journal followed into the one read model.

The control cell plays no team: each team's engine runs in a process of its own. It follows each
team's journal as the room screen follows one (:class:`~crisissim.journal.follower.Follower`, the
read model :class:`~crisissim.journal.readmodel.ExerciseView`), but with the facilitator's eyes:
every record, the script included. What it asks of a team goes to that team's engine as a control
request (:func:`crisissim.exercise.control.ask`), which the engine answers in the same journal.

A :class:`TeamWatch` is a :class:`~crisissim.tui.screen_session.ScreenSession`, so the console's
own widgets (status bar, MSEL, feed) show a team's full state in the control cell's drill-in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crisissim.content.events import DEFAULT_START
from crisissim.exercise.control import ask
from crisissim.exercise.serve import ShownClock, bound_by_console
from crisissim.exercise.teams_live import STALE_S, EngineProcess
from crisissim.journal import JournalError, Record, Store, open_store
from crisissim.journal import records as rec
from crisissim.journal.follower import Follower
from crisissim.journal.readmodel import ExerciseView, InboxItem
from crisissim.journal.records import ClockStatus, ExpectationStatus
from crisissim.scenario import Scenario, parse
from crisissim.tui.labels import Labels

VOLUME_MINUTES = 10
"""A storm's volume is its posts per minute over this many simulated minutes: at a high speed the
current minute is over before the table is redrawn."""


def _everything(_record: Record) -> bool:
    """The control cell is the facilitator's: it sees every record of the exercise."""
    return True


@dataclass
class TeamWatch:
    """A team's journal, followed; what the control cell's table and drill-in read."""

    name: str
    journal: Store
    scenario: Scenario
    labels: Labels
    engine: EngineProcess | None = None
    """The team's engine process, when this control cell started it (it can then start it again)."""
    codes: Mapping[str, str] = field(default_factory=dict)
    """Each role's join code in the clear, when this control cell made the team's journal."""
    wall: Callable[[], float] = time.time
    follower: Follower = field(init=False)
    view: ExerciseView = field(init=False)
    roles: list[str] = field(init=False)
    seats: int = 0
    """Seats joined and not left, from the journal's ``join`` records."""
    note: ShownClock | None = None
    """The engine's last note of its clock: its heartbeat."""
    asked: set[int] = field(default_factory=set)
    """The seqs of this control cell's requests whose refusal it would say."""
    refusals: list[rec.Refusal | str] = field(default_factory=list)
    """Why the engine refused this control cell's requests, not yet said on screen."""

    def __post_init__(self) -> None:
        self.roles = list(self.scenario.roles)
        self.follower = Follower(self.journal, "", self._apply, wall=self.wall, sees=_everything)
        self.view = ExerciseView(self.scenario, self.roles, self.follower, self.scenario.start or DEFAULT_START)

    def _apply(self, record: Record) -> None:
        data = record.data
        if isinstance(data, rec.Join):
            if data.left is not None:
                self.seats = max(0, self.seats - 1)
            elif data.ok and data.token_hash is not None:
                self.seats += 1
            return
        if isinstance(data, rec.Refused) and data.request in self.asked:
            self.asked.discard(data.request)
            self.refusals.append(data.reason)
            return
        if record.kind in rec.SIDE_KINDS:
            return
        self.view.apply(record.sim, record.role, data)

    def follow(self) -> int:
        """Read what is new in the team's journal, however much; returns how many records were read."""
        self.note = bound_by_console(self.follower, self.journal)
        return self.follower.drain()

    # what the table shows ---------------------------------------------------------------------------

    @property
    def alive(self) -> bool:
        """Whether the team's engine plays: its clock note is fresh, and its process (if this control
        cell started it) is there. A process that exited because another crisissim owns the journal
        leaves the other's fresh note: that team is played, only not from here."""
        fresh = self.note is not None and self.wall() - self.note.wall <= STALE_S
        if self.engine is None or self.engine.process is None or self.engine.running:
            return fresh
        return fresh and self.engine.process.returncode == 2

    @property
    def starting(self) -> bool:
        """Whether its engine process was just started and does not play yet (it loads and replays first)."""
        return self.engine is not None and self.engine.starting and not self.alive

    @property
    def expectations(self) -> tuple[int, int]:
        """Met (in time or late) and missed, so far."""
        statuses = [x.status for x in self.view.expectations.values()]
        met = sum(s in (ExpectationStatus.MET, ExpectationStatus.LATE) for s in statuses)
        return met, sum(s == ExpectationStatus.MISSED for s in statuses)

    @property
    def pending_decisions(self) -> list[InboxItem]:
        """Decisions delivered and not taken yet, once each (a decision sent to two roles is one)."""
        seen: dict[str, InboxItem] = {}
        for items in self.view.inbox.values():
            for item in items:
                if item.options and item.decided is None and item.event in self.view.events:
                    seen.setdefault(item.event, item)
        return list(seen.values())

    @property
    def running_clocks(self) -> list[tuple[str, float]]:
        """The regulator's clocks that run, with the simulated seconds left (negative: overdue)."""
        out = []
        for clock_id, clock in self.view.clocks.items():
            if clock.status in (ClockStatus.RUNNING, ClockStatus.BREACHED) and clock.started_s is not None:
                left = (clock.limit_s or 0.0) - (self.view.now - clock.started_s)
                out.append((clock_id, left))
        return out

    @property
    def storm(self) -> tuple[float, int] | None:
        """The mood (-1 to 1) and posts per simulated minute (over the last :data:`VOLUME_MINUTES`) of the
        team's active storms; None: no storm."""
        active = [s for s in self.view.storms.values() if s.active and s.total]
        if not active:
            return None
        for storm in active:
            storm.roll_to(self.view.now)
        moods = [m for s in active for m in s.moods]
        recent = sum(sum(list(s.buckets)[-VOLUME_MINUTES:]) for s in active)
        return (sum(moods) / len(moods) if moods else 0.0), round(recent / VOLUME_MINUTES)

    # what it asks ------------------------------------------------------------------------------------

    def ask(self, control: str, fields: Mapping[str, Any] | None = None) -> int:
        """Ask the team's engine for a change of pace or a facilitator command; the seq of the request."""
        seq = ask(self.journal, control, fields)
        self.asked.add(seq)
        return seq

    def close(self) -> None:
        self.journal.close()


def watch_team(
    name: str,
    location: str,
    language: str | None,
    engine: EngineProcess | None = None,
    codes: Mapping[str, str] | None = None,
    wall: Callable[[], float] = time.time,
) -> TeamWatch:
    """Open a team's journal to follow it and to ask its engine (no lock: the engine owns it).

    Raises JournalError for a journal that cannot be opened or holds a scenario this crisissim cannot read."""
    store = open_store(location)
    loaded = parse(store.meta.get("scenario_text", "").encode("utf-8"), store.meta.get("scenario_path", "?"))
    if loaded.scenario is None:
        store.close()
        raise JournalError(location, "the scenario stored in it cannot be read by this crisissim")
    labels = Labels(language or loaded.scenario.language)
    return TeamWatch(name, store, loaded.scenario, labels, engine, dict(codes or {}), wall)
