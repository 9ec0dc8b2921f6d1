"""``--host 0.0.0.0`` from another machine: a second network namespace opens the seats.

The test's own namespace and a new one are joined by a veth pair with addresses of the
benchmarking range (198.18.0.0/15, never routed), the seats are served on 0.0.0.0 here, and a
participant in the other namespace, which shares nothing of this one's network (no loopback in
common), opens the address the console names: the join page, the files it loads by relative
links, ``api/about``, a join with the role's code, and the role's page with its own files. That
is a working page, from another machine's point of view.

It needs root (CAP_NET_ADMIN) and ``ip`` (iproute2); it skips, saying which is missing, where it
cannot create a namespace. The namespace and the veth pair are removed whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from crisissim.engine.seats import SeatDesk
from crisissim.exercise.addresses import seat_urls
from crisissim.tui.screens.codes import CodesScreen
from crisissim.web.server import bind, serve_seats
from tests.functional_tests.test_seats import exercise
from tests.functional_tests.tui_support import make_app

#: What the participant's machine runs: the standard library only, as a browser would go.
PARTICIPANT = r"""
import json, sys, urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urljoin

url, code = sys.argv[1:3]


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.files, self.forms = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.files.append(attrs.get("href") or attrs.get("src"))
        if tag == "form":
            self.forms.append(attrs.get("action", ""))


opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def get(address, data=None):
    with opener.open(address, data=data, timeout=10) as answer:
        return answer.status, answer.geturl(), answer.headers.get("content-type", ""), answer.read()


def page(address, data=None):
    status, where, kind, body = get(address, data)
    parsed = Page()
    parsed.feed(body.decode("utf-8"))
    files = {}
    for ref in parsed.files:
        file_status, _where, file_kind, file_body = get(urljoin(where, ref))
        files[ref] = [file_status, file_kind.split(";")[0], len(file_body)]
    return {"status": status, "url": where, "type": kind, "html": body.decode("utf-8"), "files": files,
            "forms": parsed.forms}


out = {"join": page(url)}
status, _where, kind, body = get(urljoin(url, "api/about"))
out["about"] = {"status": status, "type": kind, "json": json.loads(body)}
action = urljoin(out["join"]["url"], out["join"]["forms"][0])
out["seat"] = page(action, urlencode({"code": code}).encode())
print(json.dumps(out))
"""


def run_ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20)


@pytest.fixture
def other_machine() -> Iterator[tuple[str, str]]:
    """A second network namespace joined to this one by a veth pair: its name, and this side's address."""
    if shutil.which("ip") is None:
        pytest.skip("needs `ip` (iproute2) to make a second network namespace")
    if os.geteuid() != 0:
        pytest.skip("needs root (CAP_NET_ADMIN) to make a second network namespace")
    tag = f"{os.getpid() % 100_000}"
    namespace, here_end, there_end = f"crisissim-seats-{tag}", f"csa{tag}", f"csb{tag}"
    third = os.getpid() % 250
    here, there = f"198.18.{third}.1", f"198.18.{third}.2"
    made = run_ip("netns", "add", namespace)
    if made.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {made.stderr.strip()}")
    try:
        steps = [
            ("link", "add", here_end, "type", "veth", "peer", "name", there_end),
            ("link", "set", there_end, "netns", namespace),
            ("addr", "add", f"{here}/30", "dev", here_end),
            ("link", "set", here_end, "up"),
            ("-n", namespace, "addr", "add", f"{there}/30", "dev", there_end),
            ("-n", namespace, "link", "set", there_end, "up"),
            ("-n", namespace, "link", "set", "lo", "up"),
        ]
        for step in steps:
            done = run_ip(*step)
            if done.returncode != 0:
                pytest.skip(f"cannot join the namespaces (ip {' '.join(step)}): {done.stderr.strip()}")
        yield namespace, here
    finally:
        run_ip("link", "del", here_end)  # takes its peer with it, if the namespace still holds it
        run_ip("netns", "del", namespace)


def test_seats_on_0_0_0_0_work_from_another_network_namespace(tmp_path: Path, other_machine) -> None:
    namespace, here = other_machine
    run, _desk, codes = exercise(tmp_path)
    sock = bind("0.0.0.0", 0)
    port = sock.getsockname()[1]
    urls = seat_urls("0.0.0.0", port)
    # the console names this machine's own addresses, the veth's among them, never 0.0.0.0 or loopback
    assert f"http://{here}:{port}" in urls
    assert not [u for u in urls if "0.0.0.0" in u or "127." in u]
    server = serve_seats(str(run.journal.path), sock)
    try:
        done = subprocess.run(
            [
                "ip",
                "netns",
                "exec",
                namespace,
                sys.executable,
                "-c",
                PARTICIPANT,
                f"http://{here}:{port}/",
                codes["it"],
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.stop()
        run.journal.close()
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    join, seat = seen["join"], seen["seat"]
    assert join["status"] == 200 and join["type"].startswith("text/html")
    assert 'name="code"' in join["html"] and "0.0.0.0" not in join["html"]
    assert join["files"] and all(status == 200 and size > 0 for status, _kind, size in join["files"].values())
    assert {kind for _status, kind, _size in join["files"].values()} >= {"text/css", "image/svg+xml"}
    assert seen["about"]["status"] == 200 and seen["about"]["json"]["roles"]["it"] == "IT"
    assert seat["status"] == 200 and seat["url"].endswith("/seat")  # the code opened IT's page
    assert "Outbound traffic alert" in seat["html"] and "Reporter calls" not in seat["html"]
    assert "static/seat.js" in seat["files"]
    assert all(status == 200 and size > 0 for status, _kind, size in seat["files"].values())


async def test_the_console_names_each_address_participants_can_open_and_warns(tmp_path: Path) -> None:
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=60)
    session = app.session
    app.desk = SeatDesk(
        session.run.journal, list(session.scenario.roles), now=lambda: session.engine.now, wall=time.time
    )
    app.desk.issue()
    app.seat_urls = ("http://192.168.1.23:8000", "http://[fd00::5]:8000")  # as serve --host :: names them
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        screen = app.screen
        assert isinstance(screen, CodesScreen)
        said = str(screen.query_one("#codes-urls", Static).render()).splitlines()
        assert said[0] == "Deelnemers gaan naar: http://192.168.1.23:8000"
        assert said[1].strip() == "http://[fd00::5]:8000"  # each address on its own line, under the first
        warnings = " ".join(str(w.render()) for w in screen.query(".form-error"))
        assert "TLS-proxy" in warnings
