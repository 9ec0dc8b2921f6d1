"""The control cell's requests to a team's engine, and the engine's side that answers them.

A many-team exercise has one engine process per team (``crisissim engine``), and the control
cell watches them all from another process. It cannot drive an engine it does not own, so it
asks: a ``control-request`` record (:class:`~crisissim.journal.records.ControlRequest`) appended
to the team's journal, as a seat's request is. The engine that owns the journal reads it
(:class:`ControlDesk`) and does what its own console would do for the same key: it pauses,
resumes, changes speed, advances, or gives the facilitator's command, and journals that, with
the request's seq in ``request``; or it journals a ``refused`` with the refusal code.

Replay takes the answer and never the request (requests are side records), so a team's journal
plays again the same whether it was paced from the control cell or from a console of its own,
and a restarted engine does not answer a request twice: the answered ones carry its seq.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from crisissim.engine.engine import ActionRefused
from crisissim.exercise.serve import ShownClock
from crisissim.journal import JournalError, Store, readable
from crisissim.journal import records as rec
from crisissim.scenario.actions import FACILITATOR_FIELDS

PACE_FIELDS: Mapping[str, Mapping[str, bool]] = {
    rec.Pace.PAUSE: {},
    rec.Pace.RESUME: {},
    rec.Pace.SPEED: {"speed": True},
    rec.Pace.ADVANCE: {},
}
"""The changes of pace the control cell may ask for, and their fields (required?): a speed needs one."""

CONTROL_FIELDS: Mapping[str, Mapping[str, bool]] = {**PACE_FIELDS, **FACILITATOR_FIELDS}
"""Everything a control request may ask: a change of pace, or a facilitator command (the registry's)."""


class Pacer(Protocol):
    """What answers a control request: the live driver of the engine that owns the journal
    (:class:`~crisissim.engine.drivers.LiveDriver`), through the same calls its console's keys make."""

    @property
    def paused(self) -> bool: ...

    def pause(self, request: int | None = None) -> None: ...

    def resume(self, request: int | None = None) -> None: ...

    def set_speed(self, rate: float, request: int | None = None) -> None: ...

    def advance(self, request: int | None = None) -> float | None: ...

    def command(self, name: str, fields: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> int: ...

    @property
    def ended(self) -> bool: ...


def ask(journal: Store, control: str, fields: Mapping[str, Any] | None = None, *, wall: float | None = None) -> int:
    """Append a control request to a team's journal and commit it; returns its seq.

    Any process may ask (the control cell, a test): only the engine that owns the journal answers.
    The request's simulated time is the engine's clock as it last noted it (or the journal's last
    record): a request is beside the exercise and moves nothing itself. Raises JournalError if the
    journal cannot be written."""
    note = ShownClock.read(journal)
    if note is not None:
        sim = note.sim
    else:
        last = journal.last()
        sim = last.sim if last is not None else 0.0
    record = rec.ControlRequest(control=control, fields=dict(fields or {}))
    seq = journal.append_record(sim, time.time() if wall is None else wall, None, record)
    journal.commit()
    return seq


def problems(control: str, fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a control request's fields, as ``(field, what)`` pairs ([] when it is right)."""
    spec = CONTROL_FIELDS.get(control)
    if spec is None:
        return [("control", f"'{control}' is no change of pace or facilitator command")]
    found = [(name, "is missing") for name, required in spec.items() if required and name not in fields]
    found += [(name, "is not a field of this request") for name in fields if name not in spec]
    if control == rec.Pace.SPEED and "speed" in fields:
        speed = fields["speed"]
        good = isinstance(speed, int | float) and not isinstance(speed, bool) and math.isfinite(speed) and speed > 0
        if not good:
            found.append(("speed", "must be a number of simulated seconds per wall second, more than 0"))
    return found


@dataclass
class ControlDesk:
    """The engine's side: takes the control cell's requests from its journal, through its driver.

    Reads only ``control-request`` records after the last one read, so a poll costs the same
    however long the exercise has run."""

    journal: Store
    now: Callable[[], float]
    wall: Callable[[], float] = time.time
    last_seq: int = 0
    taken: int = 0
    refused: int = 0
    _answered: set[int] = field(default_factory=set)

    def catch_up(self) -> None:
        """The requests the journal already answers (a restarted engine): they are not taken again."""
        done: set[int] = set()
        for record in readable(self.journal, kinds=(rec.Kind.CONTROL, rec.Kind.ACTION, rec.Kind.REFUSED)):
            data = record.data
            if isinstance(data, rec.Control | rec.Action | rec.Refused) and data.request is not None:
                done.add(data.request)
        self._answered = done
        self.last_seq = 0

    def poll(self, pacer: Pacer) -> int:
        """Answer every new request; returns how many were answered (taken or refused)."""
        answered = 0
        for record in list(self.journal.records(after_seq=self.last_seq, kinds=(rec.Kind.CONTROL_REQUEST,))):
            self.last_seq = record.seq
            try:
                data = record.data
            except JournalError:
                continue  # a row that is no request (added by hand) asks nothing
            if record.seq in self._answered or not isinstance(data, rec.ControlRequest):
                continue
            try:
                self._take(pacer, record.seq, data.control, dict(data.fields))
                self.taken += 1
            except ActionRefused as exc:
                self.journal.append_record(
                    self.now(), self.wall(), None, rec.Refused(request=record.seq, reason=exc.refusal)
                )
                self.journal.commit()
                self.refused += 1
            self._answered.add(record.seq)
            answered += 1
        return answered

    def _take(self, pacer: Pacer, seq: int, control: str, fields: dict[str, Any]) -> None:
        """What the console's key for ``control`` does, with the request's seq on the answer."""
        found = problems(control, fields)
        if found:
            raise ActionRefused(rec.BadFields.of(control, found))
        if pacer.ended:
            raise ActionRefused(rec.HasEnded())
        match control:
            case rec.Pace.PAUSE:
                if pacer.paused:
                    raise ActionRefused(rec.PaceHolds(pace=rec.Pace.PAUSE))
                pacer.pause(seq)
            case rec.Pace.RESUME:
                if not pacer.paused:
                    raise ActionRefused(rec.PaceHolds(pace=rec.Pace.RESUME))
                pacer.resume(seq)
            case rec.Pace.SPEED:
                pacer.set_speed(float(fields["speed"]), seq)
            case rec.Pace.ADVANCE:
                if pacer.advance(seq) is None:
                    raise ActionRefused(rec.PaceHolds(pace=rec.Pace.ADVANCE))
            case _:
                pacer.command(control, fields, {"request": seq})
