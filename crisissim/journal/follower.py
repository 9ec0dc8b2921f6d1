"""Following a live exercise from another process: what a seat knows, read from the journal.

The follower keeps the exercise clock as the playing process runs it (anchored at the last
start, resume, speed or advance record, frozen at a pause and at the end), and hands each
record its role may see (or, for the room screen, what ``sees`` lets through) to a callback: a
seat's or the room's read model (:class:`~crisissim.journal.readmodel.ExerciseView`), which takes
the follower as its time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Protocol

from crisissim.journal import records as rec
from crisissim.journal.interface import JournalError, Record, Store, readable
from crisissim.journal.records import ClockStatus
from crisissim.journal.seats import undo_seen, visible_to


class Followed(Protocol):
    """What a follower reads: a journal (any :class:`~crisissim.journal.interface.Store`), or a
    terminal seat's view of the seat server, which hands it the records its role may see."""

    @property
    def meta(self) -> Mapping[str, str]: ...

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]: ...


class ClockLike(Protocol):
    status: ClockStatus
    started_s: float | None
    stopped_s: float | None


def apply_clock(clock: ClockLike, sim: float, data: rec.Clock) -> None:
    """Fold a ``clock`` record into anything with status, started_s and stopped_s: the one
    reading of clock records, for seats, the screens and the debrief."""
    if data.status == rec.ClockChange.STARTED:
        clock.status, clock.started_s = ClockStatus.RUNNING, sim
    elif data.status == rec.ClockChange.BREACHED:
        clock.status = ClockStatus.BREACHED
    elif data.status == rec.ClockChange.STOPPED:
        clock.stopped_s, clock.status = sim, data.verdict or clock.status


@dataclass
class Follower:
    journal: Followed
    role: str
    on_record: Callable[[Record], None]
    wall: Callable[[], float] = time.time
    last_seq: int = 0
    rate: float = 1.0
    paused: bool = True
    ended: bool = False
    anchor_sim: float = 0.0
    anchor_wall: float = 0.0
    sees: Callable[[Record], bool] | None = None
    """Which records reach ``on_record``; by default what a seat of ``role`` may see."""
    bound: float | None = None
    """The furthest the clock may run ahead of its anchor: what the live console has vouched for
    (``crisissim.exercise.serve.ShownClock``). A seat's clock stops there rather than run on for
    a console that is gone, and so never shows a time a resumed exercise would go back from.
    None: unbounded (a journal no console notes its clock in)."""
    fired: set[str] = field(default_factory=set)
    """The events whose message reached ``on_record``: an undo that takes one back reaches it
    too, told only that (:func:`~crisissim.journal.seats.undo_seen`)."""

    def __post_init__(self) -> None:
        self.rate = float(self.journal.meta.get("speed") or 1.0)

    def _sees(self, record: Record) -> bool:
        return self.sees(record) if self.sees is not None else visible_to(self.role, record)

    @property
    def now(self) -> float:
        """The exercise's simulated time, as the playing process has it now."""
        if self.paused or self.ended:
            return self.anchor_sim
        now = self.anchor_sim + max(0.0, self.wall() - self.anchor_wall) * self.rate
        return now if self.bound is None else min(now, max(self.bound, self.anchor_sim))

    def poll(self, limit: int = 5000) -> int:
        """Take what is new in the journal; returns how many records were read.

        A row that is no record (added by hand while the exercise runs) is passed over: a
        participant's seat must not end because of it (``crisissim verify`` names it).
        """
        try:
            records = self.journal.tail(self.last_seq, limit=limit)
        except JournalError:
            if not isinstance(self.journal, Store):
                raise
            records = list(islice(readable(self.journal, self.last_seq), limit))
        for record in records:
            self.last_seq = record.seq
            try:
                self._track(record)
                if self._sees(record):
                    if record.kind == rec.Kind.FIRED and isinstance(fired := record.data, rec.Fired):
                        self.fired.add(fired.event)
                    self.on_record(record)
                elif (undo := undo_seen(record, self.fired)) is not None:
                    self.on_record(undo)
            except JournalError:
                continue
        return len(records)

    def drain(self, piece: int = 5000) -> int:
        """Take everything new in the journal, however much, ``piece`` records at a time: a screen
        that opens late (the room, the control cell) catches up whole before it draws."""
        total = 0
        while True:
            read = self.poll(limit=piece)
            total += read
            if read < piece:
                return total

    def _anchor(self, record: Record) -> None:
        self.anchor_sim, self.anchor_wall = record.sim, record.wall

    def _track(self, record: Record) -> None:
        if record.sim > self.anchor_sim and (self.paused or self.ended):
            self.anchor_sim = record.sim
        if record.kind == rec.Kind.POST:
            return
        data = record.data
        if isinstance(data, rec.Control):
            pace = data.pace
            if pace == rec.Pace.RESUME:
                self.paused = False
                self._anchor(record)
            elif pace == rec.Pace.PAUSE:
                self.paused = True
                self._anchor(record)
            elif pace == rec.Pace.SPEED:
                self.rate = float(data.fields.get("speed", self.rate))
                self._anchor(record)
            elif pace == rec.Pace.ADVANCE:
                self.anchor_sim, self.anchor_wall = float(data.fields.get("to_s", record.sim)), record.wall
        elif isinstance(data, rec.End):
            self.ended = True
            self.anchor_sim = record.sim
