"""The playing side of seats: join codes per role, and seat requests taken through the engine.

A request is taken at the moment the playing process reads it, like an action from its own
screen: it meets expectations, stops clocks and moves branches. The action record carries
the request's number, so a seat sees its answer and a restarted process does not take a
request twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crisissim.engine.engine import ActionRefused
from crisissim.journal import Journal
from crisissim.journal.seats import code_payload, new_code

Act = Callable[[str, str, dict[str, Any], dict[str, Any]], int]


@dataclass
class SeatDesk:
    journal: Journal
    roles: list[str]
    now: Callable[[], float]
    wall: Callable[[], float]
    codes: dict[str, str] = field(default_factory=dict)
    last_seq: int = 0
    taken: int = 0
    refused: int = 0

    def issue(self, role: str | None = None) -> dict[str, str]:
        """New join codes (for one role, or all): journaled as salted hashes, shown in the clear
        only to the facilitator. A new code makes the old one stop working for new joins."""
        for r in [role] if role else self.roles:
            self.codes[r] = new_code()
            self.journal.append(self.now(), self.wall(), "seat-code", None, code_payload(r, self.codes[r]))
        self.journal.commit()
        return dict(self.codes)

    def answered(self) -> set[int]:
        done = {int(r.payload["request"]) for r in self.journal.records(kinds=("action",)) if "request" in r.payload}
        done |= {int(r.payload["request"]) for r in self.journal.records(kinds=("refused",))}
        return done

    def catch_up(self) -> None:
        """Start after what was already answered (a resumed exercise takes what was left)."""
        done = self.answered()
        pending = [r.seq for r in self.journal.records(kinds=("request",)) if r.seq not in done]
        self.last_seq = (min(pending) - 1) if pending else self.journal.last_seq()

    def poll(self, act: Act) -> int:
        """Take every new request; ``act(role, kind, fields, extra)`` is the engine's act."""
        requests = [r for r in self.journal.tail(self.last_seq) if r.kind == "request"]
        if not requests:
            self.last_seq = max(self.last_seq, self.journal.last_seq())
            return 0
        done = self.answered()
        for record in requests:
            self.last_seq = max(self.last_seq, record.seq)
            if record.seq in done or record.role not in self.roles:
                continue
            fields = {k: v for k, v in record.payload.items() if k not in ("action", "seat")}
            try:
                act(record.role or "", str(record.payload.get("action")), fields, {"request": record.seq})
                self.taken += 1
            except ActionRefused as exc:
                self.journal.append(
                    self.now(), self.wall(), "refused", record.role, {"request": record.seq, "reason": str(exc)}
                )
                self.journal.commit()
                self.refused += 1
        return len(requests)
