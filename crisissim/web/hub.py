"""The seat server's one view of the exercise: the journal followed once, each role's read model,
the seats' tokens and the throttle on wrong codes.

Every seat of a role, in a browser or a terminal, is served from the same read model
(:class:`~crisissim.journal.readmodel.ExerciseView`), fed with exactly the records that role may
see (:func:`~crisissim.journal.seats.visible_to`, and the undo of a message it saw,
:func:`~crisissim.journal.seats.undo_seen`): the rule of every seat, decided in one place. A seat
costs a token and a connection here, not a process.

The hub writes only what seats say: a ``join`` for every code tried and a ``request`` for every
action asked, each committed before the seat is told. The engine in the console decides on the
requests and journals the ``action`` or the ``refused``; the hub reads those back and tells the
seat. A new code for a role (the console's ``r``) ends the tokens of that role's seats.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crisissim.content.events import DEFAULT_START
from crisissim.exercise.serve import SeatsSummary, bound_by_console
from crisissim.journal import JournalError, Store
from crisissim.journal import records as rec
from crisissim.journal.backends import open_store
from crisissim.journal.follower import Follower
from crisissim.journal.interface import Record
from crisissim.journal.readmodel import ExerciseView
from crisissim.journal.seats import code_matches, join_delay, seal_token, token_matches, undo_seen, visible_to
from crisissim.scenario import Scenario, parse
from crisissim.scenario.actions import HOTWASH, REQUEST_FIELDS, field_problems, normalise

FAILURE_WINDOW_S = 600.0
"""How long a wrong code counts against the address it came from."""
POLL_S = 0.2
"""How often the journal is read for what is new."""
MAX_SEATS = 400
"""Tokens the hub holds at once; the oldest goes when a join would pass it."""
SEEN_S = 10.0
"""A seat that asked anything this recently, or has a stream open, counts as connected."""
CLIENT_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
"""What a seat's own id for a request may be (the page and the terminal seat make 32 hex digits)."""
RECENT = 2000
"""A role's latest records its streams are served from, without reading the journal again: two
hundred seats then cost one read and one JSON encoding of each record, not one per stream."""


class Refusal(Exception):
    """A request the hub refuses before it reaches the journal: ``refusal`` says why, as the
    engine would (:func:`crisissim.journal.explain.refusal_text`)."""

    def __init__(self, refusal: rec.Refusal) -> None:
        super().__init__(type(refusal).__name__)
        self.refusal = refusal


@dataclass
class Seat:
    """One joined seat: its token opens its role, until the role's code is renewed."""

    token: str
    role: str
    joined_seq: int
    read: set[str] = field(default_factory=set)
    """The messages this seat has opened: its inbox's unread marks are its own."""
    seen: float = 0.0
    """When it last asked anything (monotonic seconds)."""
    streams: int = 0
    """Its live streams open now."""


@dataclass(frozen=True)
class Sealed:
    """A seat known only by its token's salted hash, from its ``join`` record: one a console before
    a restart let in. Its token opens its role again, until the role's code is renewed or it leaves."""

    role: str
    joined_seq: int
    salt: str
    token_hash: str


@dataclass
class Asked:
    """A request of a role's seat, and what the exercise did with it."""

    seq: int
    sim: float
    kind: str
    fields: dict[str, Any]
    taken: bool | None = None
    """None while the exercise has not answered; True taken; False refused (``refusal`` says why)."""
    refusal: rec.Refusal | str | None = None


@dataclass
class RoleState:
    """What a role's seats are shown: the role's read model, its requests, the messages it was sent."""

    view: ExerciseView
    asked: dict[int, Asked] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    """Each event delivered to the role, with the seq of its first ``fired``: an undo names only these."""
    recent: list[tuple[int, Record, str]] = field(default_factory=list)
    """The role's latest records as its seats get them (its undo instead of the facilitator's), each
    with its row as JSON: every record it may see after ``since`` and up to what the hub has read."""
    since: int = 0


@dataclass
class JoinResult:
    """The answer to a code: a seat (its token and role), or how long to wait before the next try."""

    seat: Seat | None
    wait: float
    tried: bool = True
    """False when the address was still waiting: its code was not even tried."""


def record_row(record: Record) -> list[Any]:
    """A record as the API gives it to a seat: ``[seq, sim, wall, kind, role, payload]``."""
    return [record.seq, record.sim, record.wall, record.kind, record.role, record.text]


def scenario_of(journal: Store) -> Scenario:
    """The scenario a journal was started with, as the console plays it."""
    loaded = parse(journal.meta.get("scenario_text", "").encode(), journal.meta.get("scenario_path", "?"))
    if loaded.scenario is None:
        raise JournalError(journal.location, "the scenario stored in it cannot be read by this crisissim")
    return loaded.scenario


class Hub:
    """The journal of a running exercise as its seats see it (see the module's docstring)."""

    def __init__(
        self,
        location: str,
        *,
        wall: Callable[[], float] = time.time,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.journal = open_store(location)
        self.wall, self.monotonic = wall, clock
        self.scenario = scenario_of(self.journal)
        self.follower = Follower(self.journal, "", self._take, wall=wall, sees=lambda _record: True)
        start = self.scenario.start or DEFAULT_START
        self.roles: dict[str, RoleState] = {
            role: RoleState(ExerciseView(self.scenario, [role], self.follower, start)) for role in self.scenario.roles
        }
        self.codes: dict[str, tuple[int, rec.SeatCode]] = {}
        """Each role's current join code (its hash), with the seq that issued it."""
        self.seats: dict[str, Seat] = {}
        self.sealed: dict[int, Sealed] = {}
        """The seats the journal knows by their tokens' hashes, by the seq of their join."""
        self.clients: dict[tuple[str, str], int] = {}
        """Each request's own id (a role's), with its seq: a repeat is answered with the first."""
        self.failures: dict[str, deque[float]] = {}
        self.version = 0
        """Bumps when anything a seat may see came in: the streams wake on it."""
        self._waiters: set[asyncio.Event] = set()
        self.ending = False
        """Set when the server stops: every stream ends."""
        self.summary = SeatsSummary()
        """The console's view of the seats, made anew in the hub's thread: the console only reads it."""
        while self.follower.poll():  # the whole journal before the first seat: its seats and their requests' ids
            pass
        self._bound()

    def close(self) -> None:
        self.journal.close()

    # following the journal -------------------------------------------------------------------------

    def poll(self) -> int:
        """Read what is new in the journal; wake every stream when something came in."""
        read = self.follower.poll()
        self._bound()
        if read:
            self.version += 1
            for waiter in self._waiters:
                waiter.set()
        return read

    def _bound(self) -> None:
        """Stop every seat's clock where the live console has vouched for it (``ShownClock``)."""
        bound_by_console(self.follower, self.journal)

    @property
    def until(self) -> float | None:
        """The furthest a seat's clock may run before the next update; None: unbounded."""
        bound = self.follower.bound
        return None if bound is None else max(bound, self.follower.anchor_sim)

    def waiter(self) -> asyncio.Event:
        """An event a stream waits on; set whenever the journal had something new."""
        event = asyncio.Event()
        self._waiters.add(event)
        return event

    def end_streams(self) -> None:
        """Wake every stream to end: the server is stopping."""
        self.ending = True
        for waiter in self._waiters:
            waiter.set()

    def forget(self, event: asyncio.Event) -> None:
        self._waiters.discard(event)

    async def follow(self) -> None:
        """Poll the journal for as long as the server runs."""
        while True:
            with contextlib.suppress(JournalError):  # a moment's lock or a damaged row: the next poll tries again
                self.poll()
            self.summary = self.summarise()
            await asyncio.sleep(POLL_S)

    def summarise(self) -> SeatsSummary:
        """Who is connected per role, and the wrong codes of the last ten minutes."""
        now = self.monotonic()
        connected = dict.fromkeys(self.roles, 0)
        for seat in self.seats.values():
            if seat.streams or now - seat.seen <= SEEN_S:
                connected[seat.role] += 1
        for address in list(self.failures):
            self.wait_for(address)  # drops what is older than the window
        counted = [len(failures) for failures in self.failures.values()]
        return SeatsSummary(connected, sum(counted), len(counted))

    def _take(self, record: Record) -> None:
        data = record.data
        rows: dict[int, str] = {}
        if isinstance(data, rec.SeatCode):
            self.codes[data.role] = (record.seq, data)
            ended = [t for t, seat in self.seats.items() if seat.role == data.role and seat.joined_seq < record.seq]
            for token in ended:
                del self.seats[token]  # a new code ends the seats the old one opened
            for seq in [seq for seq, s in self.sealed.items() if s.role == data.role and seq < record.seq]:
                del self.sealed[seq]
            return
        if isinstance(data, rec.Join):
            self._joined(record.seq, record.role, data)
            return
        if isinstance(data, rec.Request) and data.client_id is not None and record.role:
            self.clients.setdefault((record.role, data.client_id), record.seq)
        for role, state in self.roles.items():
            if visible_to(role, record):
                if isinstance(data, rec.Fired) and data.event not in state.seen:
                    state.seen[data.event] = record.seq
                state.view.apply(record.sim, record.role, data)
                self._answer(state, record)
                self._keep(state, record, rows)
            elif (undo := undo_seen(record, self._seen_before(state, record.seq))) is not None:
                state.view.apply(undo.sim, undo.role, undo.data)
                self._keep(state, undo, {})

    @staticmethod
    def _keep(state: RoleState, record: Record, rows: dict[int, str]) -> None:
        """Keep a record a role's seats get, its row encoded once for every role (``rows``)."""
        row = rows.get(record.seq)
        if row is None:
            row = rows[record.seq] = json.dumps(record_row(record))
        state.recent.append((record.seq, record, row))
        if len(state.recent) > 2 * RECENT:
            cut = len(state.recent) - RECENT
            state.since = state.recent[cut - 1][0]
            del state.recent[:cut]

    def _joined(self, seq: int, role: str | None, data: rec.Join) -> None:
        """A join the journal holds: a seat's token by its hash, or a seat that left."""
        if data.left is not None:
            self.sealed.pop(data.left, None)
            for token in [t for t, seat in self.seats.items() if seat.joined_seq == data.left]:
                del self.seats[token]
        elif data.ok and role and data.salt and data.token_hash:
            self.sealed[seq] = Sealed(role, seq, data.salt, data.token_hash)
            if len(self.sealed) > MAX_SEATS:
                del self.sealed[next(iter(self.sealed))]

    @staticmethod
    def _seen_before(state: RoleState, seq: int) -> set[str]:
        return {event for event, first in state.seen.items() if first < seq}

    @staticmethod
    def _answer(state: RoleState, record: Record) -> None:
        data = record.data
        if isinstance(data, rec.Request):
            state.asked[record.seq] = Asked(record.seq, record.sim, data.action, dict(data.fields))
        elif isinstance(data, rec.Action | rec.Refused | rec.Hotwash) and data.request in state.asked:
            asked = state.asked[data.request]
            asked.taken = not isinstance(data, rec.Refused)
            asked.refusal = data.reason if isinstance(data, rec.Refused) else None

    def records_for(self, role: str, after: int, limit: int = 2000) -> list[Record]:
        """What a seat of ``role`` may see after ``after``, up to what the hub has read: the records
        a terminal seat folds into its own read model."""
        return [record for _seq, record, _row in self._recent(role, after, limit)] or self._read(role, after, limit)

    def rows_for(self, role: str, after: int, limit: int = 2000) -> list[tuple[int, str]]:
        """The same as :meth:`records_for`, each as its seq and its row in JSON (``[seq, sim, wall,
        kind, role, payload]``), as the streams send them."""
        recent = self._recent(role, after, limit)
        if recent or after >= self.roles[role].since:
            return [(seq, row) for seq, _record, row in recent]
        return [(record.seq, json.dumps(record_row(record))) for record in self._read(role, after, limit)]

    def _recent(self, role: str, after: int, limit: int) -> list[tuple[int, Record, str]]:
        """From the role's latest records, when they reach back to ``after``: none else."""
        state = self.roles[role]
        if after < state.since:
            return []
        start = bisect_right(state.recent, after, key=lambda kept: kept[0])
        return state.recent[start : start + limit]

    def _read(self, role: str, after: int, limit: int) -> list[Record]:
        """From the journal itself: a seat catching up from further back than the latest records."""
        state = self.roles[role]
        if after >= state.since:
            return []
        out: list[Record] = []
        for record in self.journal.tail(after, limit=limit):
            if record.seq > self.follower.last_seq:
                break
            try:
                if visible_to(role, record):
                    out.append(record)
                elif (undo := undo_seen(record, self._seen_before(state, record.seq))) is not None:
                    out.append(undo)
            except JournalError:
                continue
        return out

    # joining ---------------------------------------------------------------------------------------

    def wait_for(self, address: str) -> float:
        """Seconds ``address`` must still wait before its next try: 1, 2, 4 … up to 30 after its
        own wrong codes of the last ten minutes. Another address's wrong codes never count."""
        failures = self.failures.get(address)
        if not failures:
            return 0.0
        now = self.monotonic()
        while failures and failures[0] < now - FAILURE_WINDOW_S:
            failures.popleft()
        if not failures:
            del self.failures[address]
            return 0.0
        return max(0.0, failures[-1] + join_delay(len(failures)) - now)

    def join(self, code: str, address: str, role: str | None = None) -> JoinResult:
        """A token for the role this code opens (only ``role``'s, when given), or the wait; every
        code tried is journaled. An address still waiting is told so, and its code not tried."""
        wait = self.wait_for(address)
        if wait > 0:
            return JoinResult(None, wait, tried=False)
        code = code.strip()[:32]
        candidates = [role] if role else list(self.codes)
        matched = next((r for r in candidates if r in self.codes and code_matches(self.codes[r][1], code)), None)
        if matched is None:
            self.journal.append_record(self._sim(), self.wall(), role, rec.Join(ok=False))
            self.journal.commit()
            failures = self.failures.setdefault(address, deque())
            failures.append(self.monotonic())
            return JoinResult(None, join_delay(len(failures)))
        token = secrets.token_urlsafe(24)
        salt, token_hash = seal_token(token)  # a resumed console lets this seat in again by it
        seq = self.journal.append_record(
            self._sim(), self.wall(), matched, rec.Join(ok=True, salt=salt, token_hash=token_hash)
        )
        self.journal.commit()
        if len(self.seats) >= MAX_SEATS:
            del self.seats[next(iter(self.seats))]
        seat = Seat(token, matched, seq, seen=self.monotonic())
        self.seats[seat.token] = seat
        return JoinResult(seat, 0.0)

    def seat(self, token: str | None) -> Seat | None:
        """The seat a token opens; None for no token, a wrong one, or one a new code has ended."""
        seat = self.seats.get(token) if token else None
        if seat is None and token:
            seat = self._unseal(token)
        if seat is not None:
            seat.seen = self.monotonic()
        return seat

    def _unseal(self, token: str) -> Seat | None:
        """The seat a console before a restart let in with this token, if it was not ended since."""
        for sealed in self.sealed.values():
            if token_matches(sealed.salt, sealed.token_hash, token):
                if len(self.seats) >= MAX_SEATS:
                    del self.seats[next(iter(self.seats))]
                seat = self.seats[token] = Seat(token, sealed.role, sealed.joined_seq)
                return seat
        return None

    def leave(self, token: str) -> None:
        """The seat leaves: its token ends, and the journal says so, so that it stays ended after a restart."""
        seat = self.seats.pop(token, None) or self._unseal(token)
        if seat is None:
            return
        self.seats.pop(token, None)
        self.sealed.pop(seat.joined_seq, None)
        self.journal.append_record(self._sim(), self.wall(), seat.role, rec.Join(ok=True, left=seat.joined_seq))
        self.journal.commit()

    # asking ----------------------------------------------------------------------------------------

    def request(self, seat: Seat, kind: str, fields: dict[str, Any], client_id: str | None = None) -> int:
        """Journal an action the seat asks for; committed before this returns. :class:`Refusal`
        for fields the engine would refuse anyway (nothing is journaled then).

        ``client_id`` is the seat's own id for it: a seat that did not hear the answer (the
        console stopped, the network went) sends it again, and is answered with the first one's
        seq, so that nothing is taken twice. An id that is not one (:data:`CLIENT_ID`) is left out."""
        if self.seat(seat.token) is not seat:
            raise Refusal(rec.NotJoined())
        if client_id is not None and not CLIENT_ID.fullmatch(client_id):
            client_id = None
        if client_id is not None and (first := self.clients.get((seat.role, client_id))) is not None:
            return first
        problems = field_problems(kind, fields, REQUEST_FIELDS)
        if problems:
            raise Refusal(rec.BadFields.of(kind, problems))
        if kind == HOTWASH and not self.roles[seat.role].view.ended:
            raise Refusal(rec.NotEnded())  # the engine would refuse it too: said at once
        request = rec.Request(action=kind, fields=normalise(kind, fields), client_id=client_id)
        seq = self.journal.append_record(self._sim(), self.wall(), seat.role, request)
        self.journal.commit()
        if client_id is not None:
            self.clients[seat.role, client_id] = seq
        self.poll()  # the seat sees its request at once, waiting for the exercise's answer
        return seq

    def _sim(self) -> float:
        return self.follower.now
