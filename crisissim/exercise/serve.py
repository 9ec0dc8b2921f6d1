"""Seats for a live exercise: the join codes, and where the seats are served.

The seat server itself is the web app (crisissim/web/), which the command line starts beside the
console. Seats never write to the journal: they send requests through the seat server, which the
engine alone decides on (see architecture.md).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from crisissim.engine.seats import SeatDesk
from crisissim.exercise.runs import Run


@dataclass(frozen=True)
class SeatsSummary:
    """What the console shows of the seats beside their codes: how many are connected per role,
    and the wrong codes of the last ten minutes (how many, from how many addresses)."""

    connected: Mapping[str, int] = field(default_factory=dict)
    wrong_codes: int = 0
    addresses: int = 0


#: Hosts that serve this machine only; any other host puts the seats on the network.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def beyond_loopback(host: str) -> bool:
    """Whether seats served on ``host`` can be reached from other machines (the codes are then the only guard)."""
    return host not in LOOPBACK


def seat_url(host: str, port: int) -> str:
    """The address participants open; an IPv6 host goes in brackets."""
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def seat_desk(run: Run) -> SeatDesk:
    """The desk that answers this run's seats, with a new join code for every role."""
    desk = SeatDesk(run.journal, list(run.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    desk.issue()
    return desk
