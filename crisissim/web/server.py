"""Serving the seats' app beside the console: uvicorn in a thread of the console's own process.

The socket is bound before the console opens, so a busy port is a clear error at once rather
than a server that silently never answers; the server runs in a daemon thread, so it ends with
the console however the console ends (ctrl+q, a crash, a kill): no seat server outlives it. A
seat costs the server a connection, not a process.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from dataclasses import dataclass

import uvicorn

from crisissim.exercise.serve import SeatsSummary
from crisissim.web.app import SeatApp, create_app

#: Connections uvicorn holds at once before it answers 503: every seat's page, stream and API calls.
MAX_CONNECTIONS = 1200


class PortBusy(OSError):
    """The address cannot be bound: another program (or another ``crisissim serve``) has it."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; :class:`PortBusy` when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortBusy(exc.errno, f"{host}:{port}: {exc.strerror or exc}") from None
    sock.listen(512)
    sock.set_inheritable(False)
    return sock


@dataclass
class SeatServer:
    """The seats' app served on a bound socket, in a thread; :meth:`stop` ends it."""

    app: SeatApp
    sock: socket.socket
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self, timeout: float = 3.0) -> None:
        self.app.end_streams()
        self.server.should_exit = True
        self.thread.join(timeout)
        with contextlib.suppress(OSError):
            self.sock.close()

    @property
    def started(self) -> bool:
        return bool(self.server.started)

    def summary(self) -> SeatsSummary:
        """Who is connected per role and the recent wrong codes, for the console (any thread may read it)."""
        hub = getattr(self.app, "hub", None)
        return hub.summary if hub is not None else SeatsSummary()


def serve_seats(location: str, sock: socket.socket, language: str | None = None, *, proxies: str = "") -> SeatServer:
    """Start serving the seats of the journal at ``location`` on a socket from :func:`bind`.

    ``proxies`` (addresses, comma-separated) are the TLS proxies whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` are believed: then wrong codes are counted by the participant's address,
    not the proxy's, and the seat's cookie is Secure. Nobody else's are (a participant could
    otherwise pick the address its wrong codes count against). uvicorn sets no signal handlers
    outside the main thread: the console keeps its own."""
    app = create_app(location, language)
    config = uvicorn.Config(
        app,
        lifespan="on",
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or "",
        limit_concurrency=MAX_CONNECTIONS,
        timeout_graceful_shutdown=1,
        h11_max_incomplete_event_size=16 * 1024,
    )
    server = uvicorn.Server(config)

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name="crisissim-seats", daemon=True)
    thread.start()
    return SeatServer(app, sock, server, thread)
