"""Seats: participants in other processes, who talk to the exercise only through the journal.

A seat appends a ``request`` (an action it wants taken); the process that plays the exercise
takes it through the engine, which journals the ``action`` or a ``refused`` record. Join
codes are kept as salted hashes (``seat-code``), and every join attempt is journaled
(``join``) so that wrong codes slow down every seat, not just one browser tab. These side
records are not the engine's: replay and the debrief pass over them.

What a seat may see is decided here, once, for every kind of seat.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection

from crisissim.journal import records as rec
from crisissim.journal.records import SIDE_KINDS
from crisissim.journal.store import Record

__all__ = [
    "SIDE_KINDS",
    "code_matches",
    "code_record",
    "join_delay",
    "new_code",
    "undo_seen",
    "visible_to",
    "visible_to_room",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room without doubt
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code.strip().upper()}".encode()).hexdigest()


def code_record(role: str, code: str) -> rec.SeatCode:
    salt = secrets.token_hex(8)
    return rec.SeatCode(role=role, salt=salt, hash=_digest(salt, code))


def code_matches(seat_code: rec.SeatCode, code: str) -> bool:
    return hmac.compare_digest(seat_code.hash, _digest(seat_code.salt, code))


def seal_token(token: str) -> tuple[str, str]:
    """A seat's token as its ``join`` record keeps it: a salt and the salted hash (never the token)."""
    salt = secrets.token_hex(8)
    return salt, _token_digest(salt, token)


def token_matches(salt: str, token_hash: str, token: str) -> bool:
    return hmac.compare_digest(token_hash, _token_digest(salt, token))


def _token_digest(salt: str, token: str) -> str:
    return hashlib.sha256(f"{salt}:token:{token}".encode()).hexdigest()


def join_delay(recent_failures: int) -> float:
    """Seconds a seat waits after a wrong code: 1, 2, 4 … up to 30, counting every seat's
    failures of the last ten minutes."""
    if recent_failures <= 0:
        return 0.0
    return float(min(30, 2 ** (recent_failures - 1)))


def visible_to(role: str, record: Record) -> bool:
    """Whether a seat of ``role`` may see this record.

    A role sees what is sent to it, what the world sees (posts, articles, storms) and the
    exercise clocks; its own actions, its own hot-wash answers (from a seat or the console) and
    the answers to its own requests. Never the MSEL,
    other roles' inboxes or actions, the scoring, the facilitator's commands and notes, or
    the join codes.
    """
    if record.kind in rec.PUBLIC_KINDS:
        return True
    data = record.data
    if isinstance(data, rec.Fired):
        return data.kind in ("article", "storm") or role in data.to
    if isinstance(data, rec.Control):
        return data.pace is not None
    if isinstance(data, rec.Action | rec.Request | rec.Refused | rec.Hotwash):
        return record.role == role
    return False


def visible_to_room(roles: Collection[str], record: Record) -> bool:
    """Whether the room screen, which every participant watches, may see this record.

    The room sees what any of the team's ``roles`` may see at its seat, and each role's own
    actions and hot-wash answers (which roles have answered is shown, not what). Nothing more:
    never the MSEL (what is due, what was skipped), the scoring, the facilitator's commands and
    notes (their role is not one of the team's), the join codes or the seats' requests.
    """
    data = record.data
    if isinstance(data, rec.Action | rec.Hotwash):
        return record.role in roles
    if isinstance(data, rec.Request | rec.Refused | rec.Join):
        return False
    return any(visible_to(role, record) for role in roles)


def undo_seen(record: Record, seen: Collection[str]) -> Record | None:
    """The facilitator's undo as a seat, or the room screen, may fold it, or None.

    An undo is a facilitator's command, which a seat is not given; but when it takes back a
    message the seat was sent (``seen``: the events whose ``fired`` it was given) or a clock
    (which every role sees), the seat must lose them too. So it gets an undo of its own that
    says only that: those messages withdrawn (and pending again, which the seat knows as it
    knew them fired) and the clocks idle again. Nothing of what else it took back, its command
    or the record it names: not the MSEL's schedules, the flags or the ratings.
    """
    if record.kind != rec.Kind.CONTROL:
        return None
    data = record.data
    if not isinstance(data, rec.Control) or data.control != rec.Command.UNDO:
        return None
    withdrawn = [e for e in data.fields.get("withdrawn", ()) if e in seen]
    pending = [e for e in data.fields.get("pending", ()) if e in withdrawn]
    clocks = list(data.fields.get("clocks", ()))
    if not withdrawn and not clocks:
        return None
    fields = {name: ids for name, ids in (("withdrawn", withdrawn), ("pending", pending), ("clocks", clocks)) if ids}
    return Record(record.seq, record.sim, record.wall, record.kind, record.role, {"control": data.control, **fields})
