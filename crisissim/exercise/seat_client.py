"""A terminal seat's side of the seat server: join with a code, follow the role's records, ask.

The terminal seat (``crisissim seat URL --role ROLE``) speaks the same JSON API as the web page
(crisissim/web/app.py): it never opens the journal, so it needs neither the facilitator's file nor
the scenario with its MSEL and controller notes. The server sends it the records its role may
see, which it folds into the same read model as every screen, and what it needs of the scenario
to show them (title, roles, clocks). Standard library only: one persistent HTTP connection.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import secrets
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from crisissim.journal.interface import Record
from crisissim.scenario.model import Clock, Role, Scenario
from crisissim.scenario.regimes import REGIMES

TIMEOUT_S = 10.0


class SeatUnreachable(Exception):
    """The seat server cannot be reached, or answered what no seat server says."""


class SeatEnded(SeatUnreachable):
    """The server no longer knows this seat's token: the facilitator gave the role a new code."""


class RequestRefused(ValueError):
    """A request the seat server refused before the exercise saw it: nothing was sent; ``why`` in
    the exercise's language."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def seat_scenario(data: Mapping[str, Any]) -> Scenario:
    """The scenario as a seat knows it, from the server's ``scenario``: its title, roles, clocks, regimes
    and hot-wash questions, no event (so the read model keeps no MSEL) and no condition (a clock's
    are the facilitator's)."""
    start = data.get("start")
    roles = {role_id: Role.model_validate(role) for role_id, role in dict(data.get("roles", {})).items()}
    clocks = {
        clock_id: Clock.model_construct(label=clock.get("label"), limit=float(clock.get("limit", 0)), objective=None)
        for clock_id, clock in dict(data.get("clocks", {})).items()
    }
    return Scenario.model_construct(
        crisissim=1,
        id=str(data.get("id", "")),
        title=str(data.get("title", "")),
        language=str(data.get("language", "en")),
        start=dt.datetime.fromisoformat(start) if isinstance(start, str) else None,
        duration=float(data.get("duration", 0)),
        speed=float(data.get("speed", 1)),
        roles=roles,
        clocks=clocks,
        # the regimes the server names and this version knows: the regulator form's filings
        regime=[r for r in data.get("regime", ()) if isinstance(r, str) and r in REGIMES],
        # the questions the seat answers at EndEx
        hotwash=[str(q) for q in data.get("hotwash", ()) if isinstance(q, str)],
        events=[],
    )


@dataclass(frozen=True)
class Outgoing:
    """An action the seat has sent, with its own id, until the seat server has journaled it."""

    id: str
    kind: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Sent:
    """What became of an :class:`Outgoing`: journaled as ``seq``, or refused before the exercise saw it (``why``)."""

    item: Outgoing
    seq: int | None
    why: str = ""


class SeatClient:
    """One seat's connection to the seat server at ``url``.

    What the seat sends waits in :attr:`outbox` until the server has it: when the console has
    stopped (or the network went), the seat keeps it, says so, and sends it again once the
    exercise is back; its own id makes sure the server takes it once however often it is sent."""

    def __init__(self, url: str, role: str | None = None) -> None:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SeatUnreachable(f"{url}: not a seat server's address; give it as http://HOST:PORT/")
        self.base = parts.path.rstrip("/") + "/"
        self.netloc = parts.netloc
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.token: str | None = None
        self._connection: http.client.HTTPConnection | None = None
        about = self._call("GET", "api/about")
        self.about = about
        self.role: str | None = None
        if role is not None and role not in about.get("roles", {}):
            raise SeatUnreachable(f"--role: unknown role '{role}' (roles: {', '.join(about.get('roles', {}))})")
        self.scenario = seat_scenario({**about, "roles": {r: {"name": n} for r, n in about.get("roles", {}).items()}})
        self.meta: dict[str, str] = {"speed": str(about.get("speed", 1))}
        """What a follower reads of a journal's meta: the run's speed."""
        self.outbox: list[Outgoing] = []
        self.until: float | None = None
        """Where the seat's clock stops if no update follows (the console's last note); None: it runs on."""

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.https:
                self._connection = http.client.HTTPSConnection(
                    self.host or "", self.port, timeout=TIMEOUT_S, context=ssl.create_default_context()
                )
            else:
                self._connection = http.client.HTTPConnection(self.host or "", self.port, timeout=TIMEOUT_S)
        return self._connection

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        headers = {"accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["content-type"] = "application/json"
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more, anew
            try:
                connection = self._connect()
                connection.request(method, self.base + path, body=payload, headers=headers)
                response = connection.getresponse()
                status, text = response.status, response.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if attempt == 2:
                    raise SeatUnreachable(f"{self.netloc}: {exc}") from None
        try:
            answer = json.loads(text or b"{}")
        except ValueError:
            raise SeatUnreachable(f"{self.netloc}{self.base}{path}: answered {status}, not JSON") from None
        if status == 401 and self.token:
            self.token = None
            raise SeatEnded(f"{self.netloc}: this seat has ended")
        if status != 200:
            raise _Answer(status, answer)
        return answer

    def join(self, code: str, role: str | None = None) -> tuple[str | None, float]:
        """The role this code opens (only ``role``'s, when given), or None and how long to wait."""
        try:
            answer = self._call("POST", "api/join", {"code": code, **({"role": role} if role else {})})
        except _Answer as refused:
            return None, float(refused.answer.get("wait", 0) or 0)
        self.token, self.role = answer["token"], answer["role"]
        self.scenario = seat_scenario(answer["scenario"])
        return self.role, 0.0

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]:
        """The records the role may see after ``after_seq`` (what a follower reads)."""
        try:
            answer = self._call("GET", "api/records?" + urlencode({"after": after_seq}))
        except _Answer as refused:
            raise SeatUnreachable(str(refused.answer.get("error", refused.status))) from None
        until = answer.get("until")
        self.until = float(until) if isinstance(until, int | float) else None
        rows = answer.get("records", [])
        return [
            Record(int(s), float(sim), float(wall), str(k), r, str(p), source="seat") for s, sim, wall, k, r, p in rows
        ]

    def request(self, kind: str, fields: dict[str, Any], client_id: str | None = None) -> int:
        """Send an action to the exercise; journaled (committed) before this returns. With
        ``client_id``, sending it again is answered with the first one's seq."""
        try:
            answer = self._call(
                "POST", "api/request", {"kind": kind, "fields": fields, **({"id": client_id} if client_id else {})}
            )
        except _Answer as refused:
            raise RequestRefused(str(refused.answer.get("refusal") or refused.answer.get("error", ""))) from None
        return int(answer["seq"])

    def send(self, kind: str, fields: dict[str, Any]) -> list[Sent]:
        """Put an action in the outbox and send what it holds (:meth:`flush`)."""
        self.outbox.append(Outgoing(secrets.token_hex(16), kind, dict(fields)))
        return self.flush()

    def flush(self) -> list[Sent]:
        """Send the outbox in order, each with its own id; what the server has leaves it.

        Stops at the first that cannot reach the server (it stays, with those after it: sent
        again by the next flush) and says nothing of it; :class:`SeatEnded` when the seat was
        ended meanwhile (what waits is not sent then: the role's new code is another seat's)."""
        done: list[Sent] = []
        while self.outbox:
            item = self.outbox[0]
            try:
                seq = self.request(item.kind, item.fields, item.id)
            except RequestRefused as refused:
                done.append(Sent(item, None, refused.why))
            except SeatEnded:
                self.outbox.clear()
                raise
            except SeatUnreachable:
                break
            else:
                done.append(Sent(item, seq))
            self.outbox.pop(0)
        return done


class _Answer(Exception):
    """An answer of the server that is not what was asked for: its status and JSON."""

    def __init__(self, status: int, answer: Any) -> None:
        super().__init__(status)
        self.status = status
        self.answer: dict[str, Any] = answer if isinstance(answer, dict) else {}


__all__ = ["Outgoing", "RequestRefused", "SeatClient", "SeatEnded", "SeatUnreachable", "Sent", "seat_scenario"]
