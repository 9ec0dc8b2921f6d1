"""Seats for a live exercise: the join codes, the seat server process, and joining from a terminal.

The seat server (``crisissim.tui.web``) runs in a process of its own, in a new process group, and
starts one process per connected seat; stopping the group stops them all, so no seat outlives
the exercise. Seats never write to the journal: they send requests that the engine alone
decides on (see architecture.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from crisissim.engine.seats import SeatDesk
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import Run
from crisissim.journal import JournalError
from crisissim.journal.seat_client import SeatClient

#: Hosts that serve this machine only; any other host puts the seats on the network.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Seats:
    """The seat side of a served exercise: the desk that answers seats, their URL, the server process."""

    desk: SeatDesk
    url: str
    server: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Stop the seat server and every seat it started."""
        stop_group(self.server)


def beyond_loopback(host: str) -> bool:
    """Whether seats served on ``host`` can be reached from other machines (the codes are then the only guard)."""
    return host not in LOOPBACK


def seat_url(host: str, port: int) -> str:
    """The address participants open; an IPv6 host goes in brackets."""
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def start_seats(run: Run, *, host: str, port: int, language: str | None = None) -> Seats:
    """Issue a join code per role and start the seat server on ``host:port`` for this run's journal."""
    desk = SeatDesk(run.journal, list(run.scenario.roles), now=lambda: run.engine.now, wall=time.time)
    desk.issue()
    url = seat_url(host, port)
    command = [
        sys.executable,
        "-m",
        "crisissim.tui.web",
        "--journal",
        str(run.journal.location),
        "--host",
        host,
        "--port",
        str(port),
    ]
    if language:
        command += ["--lang", language]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return Seats(desk, url, server)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the seat server and every seat process it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 3)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            os.killpg(process.pid, signal.SIGKILL)  # seats still connected
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
        return


def open_seat(journal: Path | str, role: str | None = None) -> SeatClient:
    """A seat's client of a running exercise, for ``role`` if given (checked against the scenario).

    BadInput for a journal that cannot be read or a role the scenario does not have."""
    try:
        client = SeatClient(journal)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    if role and role not in client.scenario.roles:
        client.close()
        raise BadInput(f"crisissim: error: --role: unknown role '{role}' (roles: {', '.join(client.scenario.roles)})")
    return client
