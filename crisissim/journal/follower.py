"""Following a live exercise from another process: what a seat knows, read from the journal.

The follower keeps the exercise clock as the playing process runs it (anchored at the last
start, resume, speed or advance record, frozen at a pause), the clocks' states and the
end, and hands each record its role may see to a callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from crisissim.journal.seats import visible_to
from crisissim.journal.store import Journal, Record


def apply_clock(clock, record: Record) -> None:
    """Fold a ``clock`` record into anything with status, started_s and stopped_s: the one
    reading of clock records, for seats and for the debrief."""
    payload = record.payload
    if payload["status"] == "started":
        clock.status, clock.started_s = "running", record.sim
    elif payload["status"] == "breached":
        clock.status = "breached"
    elif payload["status"] == "stopped":
        clock.stopped_s, clock.status = record.sim, payload.get("verdict", clock.status)


@dataclass
class ClockFollow:
    status: str = "idle"
    started_s: float | None = None
    stopped_s: float | None = None


@dataclass
class Follower:
    journal: Journal
    role: str
    on_record: Callable[[Record], None]
    wall: Callable[[], float] = time.time
    last_seq: int = 0
    rate: float = 1.0
    paused: bool = True
    ended: bool = False
    anchor_sim: float = 0.0
    anchor_wall: float = 0.0
    clocks: dict[str, ClockFollow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rate = float(self.journal.meta.get("speed") or 1.0)

    @property
    def now(self) -> float:
        """The exercise's simulated time, as the playing process has it now."""
        if self.paused or self.ended:
            return self.anchor_sim
        return self.anchor_sim + max(0.0, self.wall() - self.anchor_wall) * self.rate

    def poll(self, limit: int = 5000) -> int:
        """Take what is new in the journal; returns how many records were read."""
        records = self.journal.tail(self.last_seq, limit=limit)
        for record in records:
            self.last_seq = record.seq
            self._track(record)
            if visible_to(self.role, record):
                self.on_record(record)
        return len(records)

    def _anchor(self, record: Record) -> None:
        self.anchor_sim, self.anchor_wall = record.sim, record.wall

    def _track(self, record: Record) -> None:
        kind, payload = record.kind, record.payload
        if record.sim > self.anchor_sim and (self.paused or self.ended):
            self.anchor_sim = record.sim
        if kind == "control":
            name = payload.get("control")
            if name == "resume":
                self.paused = False
                self._anchor(record)
            elif name == "pause":
                self.paused = True
                self._anchor(record)
            elif name == "speed":
                self.rate = float(payload.get("speed", self.rate))
                self._anchor(record)
            elif name == "advance":
                self.anchor_sim, self.anchor_wall = float(payload.get("to_s", record.sim)), record.wall
        elif kind == "clock":
            apply_clock(self.clocks.setdefault(payload["clock"], ClockFollow()), record)
        elif kind == "end":
            self.ended = True
            self.anchor_sim = record.sim
