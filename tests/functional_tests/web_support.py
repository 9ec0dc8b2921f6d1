"""The seat server for tests: the real app on a free loopback port, in a thread, as `serve` runs it."""

from __future__ import annotations

import contextlib
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from crisissim.web.server import SeatServer, bind, serve_seats


def wait_served(url: str, timeout: float = 30.0) -> None:
    """Wait until the seats at ``url`` answer (a server in this process, or a console started as a process)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "api/about", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def seat_server(
    journal: Path | str, language: str | None = None, *, proxies: str = ""
) -> Iterator[tuple[str, SeatServer]]:
    """The seats of ``journal`` served on 127.0.0.1 (a port the system picks); yields the base URL."""
    sock = bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    server = serve_seats(str(journal), sock, language, proxies=proxies)
    try:
        wait_served(url, timeout=10)
        yield url, server
    finally:
        server.stop()
