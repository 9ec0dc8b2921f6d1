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
from typing import Any

from crisissim.journal.store import Record

SIDE_KINDS = frozenset({"seat-code", "request", "refused", "join"})
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room without doubt
CODE_LENGTH = 6
#: Public for every role: the world outside (posts, news), the clock, and the pace.
_PUBLIC = frozenset({"start", "post", "storm", "reaction", "end"})
_PACE = frozenset({"pause", "resume", "speed", "advance"})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code.strip().upper()}".encode()).hexdigest()


def code_payload(role: str, code: str) -> dict[str, Any]:
    salt = secrets.token_hex(8)
    return {"role": role, "salt": salt, "hash": _digest(salt, code)}


def code_matches(payload: dict[str, Any], code: str) -> bool:
    return hmac.compare_digest(payload["hash"], _digest(payload["salt"], code))


def join_delay(recent_failures: int) -> float:
    """Seconds a seat waits after a wrong code: 1, 2, 4 … up to 30, counting every seat's
    failures of the last ten minutes."""
    if recent_failures <= 0:
        return 0.0
    return float(min(30, 2 ** (recent_failures - 1)))


def visible_to(role: str, record: Record) -> bool:
    """Whether a seat of ``role`` may see this record.

    A role sees what is sent to it, what the world sees (posts, articles, storms) and the
    exercise clocks; its own actions and the answers to its own requests. Never the MSEL,
    other roles' inboxes or actions, the scoring, the facilitator's commands and notes, or
    the join codes.
    """
    kind, payload = record.kind, record.payload
    if kind in _PUBLIC:
        return True
    if kind == "fired":
        return payload.get("kind") in ("article", "storm") or role in payload.get("to", ())
    if kind == "clock":
        return True
    if kind == "control":
        return payload.get("control") in _PACE
    if kind in ("action", "request", "refused"):
        return record.role == role
    return False
