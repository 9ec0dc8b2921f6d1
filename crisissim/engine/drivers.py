"""Drivers move simulated time for the engine; the engine itself never sleeps.

- :func:`play`: headless, as fast as the machine allows, or paced against a :class:`SimClock`.
- :func:`replay`: rebuild an engine from its journal (state and random streams included) and
  continue where the journal ends.
- :class:`LiveDriver`: an asyncio task for the terminal UI that sleeps until the next due
  moment and wakes early on pause, speed change or an action.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from crisissim.engine.clock import SimClock
from crisissim.engine.engine import ActionRefused, Engine
from crisissim.engine.sinks import ReplayMismatch, ReplaySink
from crisissim.journal import Record
from crisissim.journal import records as rec
from crisissim.journal.explain import Names, refusal_text
from crisissim.scenario.durations import format_offset
from crisissim.scenario.playbook import Entry

PACE_STEP_WALL = 0.01  # wall seconds between steps while paced: posts never pile up before an inject


@dataclass
class PlayReport:
    """What happened to the playbook: steps refused by the engine are reported, not fatal."""

    taken: int = 0
    refused: list[str] = field(default_factory=list)


def _entry_due(engine: Engine, entry: Entry) -> float | None:
    if entry.at is not None:
        return float(entry.at)
    state = engine.state.events.get(entry.after or "")
    if state is None or state.status != rec.EventStatus.FIRED or state.fired_s is None:
        return None
    return state.fired_s + entry.delay


def _describe(entry: Entry) -> str:
    when = f"at {format_offset(entry.at)}" if entry.at is not None else f"after {entry.after}"
    who = f"facilitator {entry.facilitator}" if entry.facilitator else f"{entry.role} {entry.action}"
    return f"playbook step #{entry.index + 1} ({when}, {who})"


def take(engine: Engine, entry: Entry, report: PlayReport) -> None:
    extra = {"playbook": entry.index}
    try:
        if entry.facilitator:
            engine.command(entry.facilitator, entry.fields, extra=extra)
        else:
            assert entry.role is not None and entry.action is not None
            engine.act(entry.role, entry.action, entry.fields, extra=extra)
        report.taken += 1
    except ActionRefused as exc:
        why = refusal_text(exc.refusal, names=Names(engine.scenario))  # as a screen says it, in English
        report.refused.append(f"{_describe(entry)}: refused at {format_offset(engine.now)}: {why}")


@contextlib.contextmanager
def _settled() -> Iterator[None]:
    """Keep what exists before the play (the scenario, the personas, their compiled grammars) out
    of the cyclic collector's full passes while it runs: those objects live as long as the
    exercise, and a 72-hour storm's full collections spent most of their time walking them
    (0.14 s of 0.2 s of collecting in bench/crowd_vs_naive.py). They are thawed after only when
    nothing was frozen before: ``gc.unfreeze`` thaws everything, so under a caller that froze its
    own objects (the terminal UI) what was frozen here stays frozen with them, as long-lived as they are."""
    before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if before == 0:
            gc.unfreeze()


def play(
    engine: Engine,
    entries: Iterable[Entry] = (),
    *,
    clock: SimClock | None = None,
    sleep: Callable[[float], None] = time.sleep,
    done: set[int] | frozenset[int] = frozenset(),
    report: PlayReport | None = None,
) -> PlayReport:
    """Play to EndEx, taking the playbook's steps when they are due.

    Without a clock, time jumps from one due moment to the next. With one, it follows the
    clock, committing every ``PACE_STEP_WALL`` seconds so that what happened is on disk.
    """
    with _settled():
        return _play(engine, entries, clock, sleep, done, report or PlayReport())


def _play(
    engine: Engine,
    entries: Iterable[Entry],
    clock: SimClock | None,
    sleep: Callable[[float], None],
    done: set[int] | frozenset[int],
    report: PlayReport,
) -> PlayReport:
    pending = [e for e in entries if e.index not in done]
    engine.start()
    duration = float(engine.scenario.duration)
    while not engine.ended:
        timed = [(due, e) for e in pending if (due := _entry_due(engine, e)) is not None]
        next_step = min((due for due, _ in timed), default=math.inf)
        next_event = engine.next_event_due()
        target = max(engine.now, min(next_step, next_event if next_event is not None else math.inf, duration))
        if clock is not None:
            while clock.now() < target and not engine.ended:
                sleep(min(PACE_STEP_WALL, clock.wall_until(target)))
                engine.advance_to(min(clock.now(), target))
        engine.advance_to(target)
        for due, entry in sorted(timed, key=lambda pair: (pair[0], pair[1].index)):
            if due <= engine.now and not engine.ended:
                pending.remove(entry)
                take(engine, entry, report)
        # steps after an event that was skipped can never be taken
        pending = [
            e for e in pending if e.after is None or engine.state.events[e.after].status != rec.EventStatus.SKIPPED
        ]
    return report


def apply_input(engine: Engine, record: Record) -> None:
    """Take again an action, command or hot-wash answer that the journal holds."""
    data = record.data
    if isinstance(data, rec.Hotwash):
        engine.hotwash(record.role or "", data.answers, data.request)
        return
    if not isinstance(data, rec.Action | rec.Control):
        raise TypeError(f"record {record.seq} ({record.kind}) is not an input")
    extra = {k: v for k, v in (("playbook", data.playbook), ("request", data.request)) if v is not None} or None
    if isinstance(data, rec.Action):
        engine.act(record.role or "", data.action, dict(data.fields), extra=extra)
    elif (pace := data.pace) is not None:
        engine.control(pace, request=data.request, **data.fields)
    else:
        engine.command(data.control, dict(data.fields), extra=extra)


class JournalMismatch(Exception):
    """Replaying the journal did not give what it holds: another scenario, seed or version."""


def replay(engine: Engine, sink: ReplaySink, inputs: list[Record], last_sim: float) -> set[int]:
    """Play the journal's actions into a fresh engine until the journal's end.

    Returns the playbook step indices already taken. Raises :class:`JournalMismatch` if the
    engine does not reproduce the journal exactly; nothing has been written by then.
    """
    try:
        engine.start()
        for record in inputs:
            engine.advance_to(record.sim)
            apply_input(engine, record)
        engine.advance_to(last_sim)
    except ReplayMismatch as exc:
        raise JournalMismatch(str(exc)) from None
    except ActionRefused as exc:
        raise JournalMismatch(f"a journaled action is refused on replay: {exc}") from None
    finally:
        if sys.exc_info()[0] is not None:
            sink.close()  # whatever stopped the replay: its reading of the journal ends here, not at exit
    if (held := sink.held) is not None:
        sink.close()
        raise JournalMismatch(
            f"the journal holds records this scenario and seed do not produce, from record {held.seq} ({held.kind}) on"
        )
    return {
        data.playbook
        for r in inputs
        if isinstance(data := r.data, rec.Action | rec.Control) and data.playbook is not None
    }


class LiveDriver:
    """Runs the engine against the wall clock for a screen; the only place that waits."""

    def __init__(self, engine: Engine, clock: SimClock, *, tick: float = 0.1) -> None:
        self.engine = engine
        self.clock = clock
        self.tick = tick
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    @property
    def paused(self) -> bool:
        """Whether the clock is stopped (what a pause or a resume asked of it last)."""
        return self.clock.paused

    @property
    def ended(self) -> bool:
        """Whether the exercise has reached EndEx: its clock moves no more."""
        return self.engine.ended

    async def run(self) -> None:
        engine, clock = self.engine, self.clock
        engine.start()
        while not engine.ended:
            self._wake.clear()
            if not clock.paused:
                engine.advance_to(clock.now())
            if engine.ended:
                break
            timeout: float | None = None
            if not clock.paused:
                due = engine.next_due()
                timeout = self.tick if due is None else min(self.tick, clock.wall_until(due))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _catch_up(self) -> None:
        if not self.clock.paused:
            self.engine.advance_to(self.clock.now())

    # ``request``: the control cell's request a change of pace answers (crisissim.exercise.control)

    def pause(self, request: int | None = None) -> None:
        self._catch_up()
        self.clock.pause()
        self.engine.control(rec.Pace.PAUSE, request=request)
        self.wake()

    def resume(self, request: int | None = None) -> None:
        self.clock.resume()
        self.engine.control(rec.Pace.RESUME, request=request)
        self.wake()

    def set_speed(self, rate: float, request: int | None = None) -> None:
        self._catch_up()
        self.clock.set_rate(rate)
        self.engine.control(rec.Pace.SPEED, request=request, speed=rate)
        self.wake()

    def advance(self, request: int | None = None) -> float | None:
        """Jump to the next inject; returns its simulated time, or None if nothing is due."""
        self._catch_up()
        target = self.engine.next_event_due()
        if target is None or target <= self.engine.now:
            return None
        self.clock.jump_to(target)
        self.engine.control(rec.Pace.ADVANCE, request=request, to_s=target)
        self.engine.advance_to(target)
        self.wake()
        return target

    def act(self, role: str, kind: str, fields: dict[str, Any], extra: dict[str, Any] | None = None) -> int:
        self._catch_up()
        seq = self.engine.act(role, kind, fields, extra=extra)
        self.wake()
        return seq

    def command(self, name: str, fields: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> int:
        self._catch_up()
        seq = self.engine.command(name, fields, extra=extra)
        self.wake()
        return seq
