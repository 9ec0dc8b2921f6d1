"""Requests written straight into a journal, as the seat server writes them: for the engine's
side of seats under test (the desk's pick-up, a restart), without a server in between.

No seat uses it: seats, in a browser or a terminal, talk to the seat server (crisissim/web/),
which alone writes their ``join`` and ``request`` records. It opens the journal without the
driver lock (only the playing process plays it) and writes nothing but those two kinds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crisissim.journal import records as rec
from crisissim.journal.backends import open_store
from crisissim.journal.explain import refusal_text
from crisissim.journal.interface import JournalError
from crisissim.journal.seats import code_matches, join_delay
from crisissim.scenario import Scenario, parse
from crisissim.scenario.actions import ACTION_FIELDS, field_problems, normalise

FAILURE_WINDOW_S = 600


class RequestRefused(ValueError):
    """A request the seat itself can tell is wrong: nothing was sent. ``refusal`` says why, as the
    engine would (:func:`crisissim.journal.explain.refusal_text` renders it)."""

    def __init__(self, refusal: rec.Refusal) -> None:
        super().__init__(refusal_text(refusal))
        self.refusal = refusal


class SeatClient:
    def __init__(self, path: str | Path, *, wall: Callable[[], float] = time.time) -> None:
        self.journal = open_store(path)
        self.wall = wall
        loaded = parse(self.journal.meta.get("scenario_text", "").encode(), self.journal.meta.get("scenario_path", "?"))
        if loaded.scenario is None:
            self.journal.close()
            raise JournalError(path, "the scenario stored in it cannot be read by this crisissim")
        self.scenario: Scenario = loaded.scenario
        self.role: str | None = None

    def close(self) -> None:
        self.journal.close()

    def _codes(self) -> dict[str, rec.SeatCode]:
        latest: dict[str, rec.SeatCode] = {}
        for record in self.journal.records(kinds=(rec.Kind.SEAT_CODE,)):
            if isinstance(data := record.data, rec.SeatCode):
                latest[data.role] = data
        return latest

    def recent_failures(self) -> int:
        since = self.wall() - FAILURE_WINDOW_S
        return sum(
            1
            for r in self.journal.records(kinds=(rec.Kind.JOIN,))
            if isinstance(data := r.data, rec.Join) and not data.ok and r.wall >= since
        )

    def wait_before_next_try(self) -> float:
        return join_delay(self.recent_failures())

    def join(self, code: str, role: str | None = None) -> str | None:
        """The role this code opens (only ``role``'s, when given), or None; journaled either way."""
        codes = self._codes()
        candidates = [role] if role else list(codes)
        matched = next((r for r in candidates if r in codes and code_matches(codes[r], code)), None)
        sim = self._sim()
        self.journal.append_record(sim, self.wall(), matched or role, rec.Join(ok=matched is not None))
        self.journal.commit()
        self.role = matched
        return matched

    def _sim(self) -> float:
        last = self.journal.last()
        return last.sim if last else 0.0

    def request(self, kind: str, fields: dict[str, Any]) -> int:
        """Send an action to the exercise; committed before this returns."""
        if self.role is None:
            raise RequestRefused(rec.NotJoined())
        problems = field_problems(kind, fields, ACTION_FIELDS)
        if problems:
            raise RequestRefused(rec.BadFields.of(kind, problems))
        request = rec.Request(action=kind, fields=normalise(kind, fields))
        seq = self.journal.append_record(self._sim(), self.wall(), self.role, request)
        self.journal.commit()
        return seq
