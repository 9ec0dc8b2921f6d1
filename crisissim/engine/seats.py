"""The playing side of seats: join codes per role, and seat requests taken through the engine.

A request is taken at the moment the playing process reads it, like an action from its own
screen: it meets expectations, stops clocks and moves branches. The action record carries
the request's number, so a seat sees its answer and a restarted process does not take a
request twice. A seat's hot-wash answers (:data:`~crisissim.scenario.actions.HOTWASH`) are
taken as the console's own are, by the engine's ``hotwash``, and their record carries the
request's number in the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crisissim.engine.engine import ActionRefused
from crisissim.journal import JournalError, Store, readable
from crisissim.journal import records as rec
from crisissim.journal.seats import code_record, new_code
from crisissim.scenario.actions import HOTWASH

Act = Callable[[str, str, dict[str, Any], dict[str, Any]], int]
Hotwash = Callable[[str, list[str], int], int]
"""``hotwash(role, answers, request)``: the engine's ``hotwash``, for a seat's answers at EndEx."""


@dataclass
class SeatDesk:
    journal: Store
    roles: list[str]
    now: Callable[[], float]
    wall: Callable[[], float]
    codes: dict[str, str] = field(default_factory=dict)
    """Each role's join code in the clear, as this console made it (only the facilitator sees it)."""
    given: set[str] = field(default_factory=set)
    """The roles whose code a console before a restart gave: journaled only as a hash, so it works
    but cannot be shown; a new one (:meth:`issue`) can."""
    last_seq: int = 0
    taken: int = 0
    refused: int = 0

    def issue(self, role: str | None = None) -> dict[str, str]:
        """New join codes (for one role, or all): journaled as salted hashes, shown in the clear
        only to the facilitator. A new code makes the old one stop working for new joins."""
        for r in [role] if role else self.roles:
            self.codes[r] = new_code()
            self.journal.append_record(self.now(), self.wall(), None, code_record(r, self.codes[r]))
        self.journal.commit()
        return dict(self.codes)

    def answered(self) -> set[int]:
        """Requests the journal already holds an answer to (read once, at catch-up)."""
        done: set[int] = set()
        for record in readable(self.journal, kinds=(rec.Kind.ACTION, rec.Kind.REFUSED, rec.Kind.HOTWASH)):
            data = record.data
            if isinstance(data, rec.Action | rec.Refused | rec.Hotwash) and data.request is not None:
                done.add(data.request)
        return done

    def catch_up(self) -> None:
        """Start from the journal as it is: a resumed exercise takes the requests left unanswered.

        Only the playing process answers requests (it holds the driver lock), so after this the
        desk keeps the set of answered requests itself instead of reading the journal again.
        """
        self._answered = self.answered()
        self.last_seq = 0

    def poll(self, act: Act, hotwash: Hotwash | None = None) -> int:
        """Take every new request and return how many were answered; ``act(role, kind, fields,
        extra)`` is the engine's act, ``hotwash`` its hot wash (without it, a hot-wash request
        goes to ``act`` too, which refuses it as no action kind: answered all the same).

        Reads only request records after the last one read (the kind is indexed), so a poll
        costs the same however long the exercise has run, and no request is passed over:
        ``last_seq`` only moves past records actually read.
        """
        if not hasattr(self, "_answered"):
            self.catch_up()
        requests = list(self.journal.records(after_seq=self.last_seq, kinds=(rec.Kind.REQUEST,)))
        answered = 0
        for record in requests:
            self.last_seq = record.seq
            try:
                data = record.data
            except JournalError:
                continue  # a row that is no request (added by hand) asks nothing
            if record.seq in self._answered or record.role not in self.roles or not isinstance(data, rec.Request):
                continue
            try:
                if data.action == HOTWASH and hotwash is not None:
                    given = data.fields.get("answers", [])
                    answers = [str(a) for a in given] if isinstance(given, list) else []
                    hotwash(record.role or "", answers, record.seq)
                else:
                    act(record.role or "", data.action, dict(data.fields), {"request": record.seq})
                self.taken += 1
            except ActionRefused as exc:
                self.journal.append_record(
                    self.now(), self.wall(), record.role, rec.Refused(request=record.seq, reason=exc.refusal)
                )
                self.journal.commit()
                self.refused += 1
            self._answered.add(record.seq)
            answered += 1
        return answered
