"""A seat in a real browser: headless Chromium opens the page ``crisissim serve`` serves, reaches
the join screen over textual-serve's websocket and gets an answer to a wrong code.

The browser is driven through the Chrome DevTools Protocol with aiohttp (already installed for
textual-serve). The page must load nothing from anywhere but this server: checked on the HTML,
on the scripts and styles it references, and on every request the browser actually makes.

What the terminal shows is not in the DOM: textual.js loads xterm's WebGL and canvas renderers,
so the screen is pixels on a ``<canvas>`` (no ``.xterm-rows``, no accessibility tree unless
screen-reader mode is on, which textual.js does not turn on). The test reads what is on screen
from the bytes the page received over the websocket (the same bytes it writes into xterm), and
relies on the journal for the answer to the code.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from crisissim.journal.store import Journal
from tests.functional_tests.test_seats import exercise

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WRONG_CODE = "0000000"  # join codes never contain 0 (CODE_ALPHABET), so this one can never match
ANSI = re.compile(r"\x1b(?:\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")
WEB = (sys.executable, "-m", "crisissim.tui.web")  # what `crisissim serve` starts
ABSOLUTE_URL = re.compile(r"\b(?:https?|wss?):\/\/[^\s\"'()<>]+", re.IGNORECASE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen[Any]) -> None:
    """End a process started in its own session, with everything it started (seat processes,
    Chromium's renderers): the whole process group, not just its leader."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left, the leader gone or not
    process.wait(timeout=5)


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``python -m crisissim.tui.web`` on a free loopback port, over a journal with join codes."""
    run, _desk, _codes = exercise(tmp_path)
    web: subprocess.Popen[bytes] | None = None
    try:
        for attempt in range(3):  # a free port can be taken between finding it and binding it
            port = _free_port()
            log = (tmp_path / f"web-{attempt}.log").open("wb")
            web = subprocess.Popen(
                [*WEB, "--journal", str(run.journal.path), "--host", "127.0.0.1", "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            base = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 15
            while web.poll() is None and time.monotonic() < deadline:
                with contextlib.suppress(OSError):
                    if _get(base)[0] == 200:
                        yield base, run.journal.path
                        return
                time.sleep(0.1)
            output = (tmp_path / f"web-{attempt}.log").read_text(errors="replace")
            _stop(web)
            web = None
            if "address already in use" not in output.lower():
                pytest.fail(f"the web process did not answer on {base}:\n{output}")
        pytest.fail("no free port for the web process after three tries")
    finally:
        if web is not None:
            _stop(web)
        run.journal.close()


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with a fresh profile; yields its DevTools port."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed ({CHROMIUM} is missing); .ci/run installs it from Debian")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = (tmp_path / "chromium.log").open("wb")
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",  # Chromium picks a free port and writes it to DevToolsActivePort
            "--window-size=1000,700",
            "about:blank",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 15
        while not (active.exists() and active.read_text().strip()):
            if browser.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Chromium did not start:\n{(tmp_path / 'chromium.log').read_text(errors='replace')}")
            time.sleep(0.05)
        yield int(active.read_text().split()[0])
    finally:
        _stop(browser)


class DevTools:
    """Just enough of the Chrome DevTools Protocol: commands with answers, and the events seen."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self.waiting.pop(data["id"], None)
                if future and not future.done():
                    future.set_result(data)
            else:
                self.events.append(data)

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[number] = future
        await self.ws.send_json({"id": number, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 10)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer["result"]

    async def evaluate(self, expression: str) -> Any:
        result = await self("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def received_text(self) -> str:
        """What the server sent the terminal so far, as text without escape sequences."""
        frames = [
            base64.b64decode(event["params"]["response"]["payloadData"])
            for event in self.events
            if event["method"] == "Network.webSocketFrameReceived" and event["params"]["response"]["opcode"] == 2
        ]
        return ANSI.sub("", b"".join(frames).decode("utf-8", errors="replace"))

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"] + [
            e["params"]["url"] for e in self.events if e["method"] == "Network.webSocketCreated"
        ]


async def _until(what: str, check: Any, timeout: float, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(interval)


def _join_records(path: Path) -> list[dict[str, Any]]:
    journal = Journal.open(path, readonly=True)
    try:
        return [dict(r.payload, role=r.role) for r in journal.records(kinds=("join",))]
    finally:
        journal.close()


def _is_ours(url: str, base: str) -> bool:
    """A URL that resolves to this server (relative ones included)."""
    return urljoin(base, url).startswith(base)


def test_the_served_page_loads_nothing_from_elsewhere(served):
    base, _journal = served
    status, body = _get(base)
    assert status == 200
    soup = BeautifulSoup(body, "html5lib")
    references = [
        (tag.name, attr, tag[attr]) for tag in soup.find_all(True) for attr in ("src", "href") if tag.get(attr)
    ]
    assert {r for _, _, r in references} == {f"{base}static/css/xterm.css", f"{base}static/js/textual.js"}
    for name, attr, url in references:
        relative = not urlsplit(url).scheme and not urlsplit(url).netloc
        assert url.startswith(base) or relative, (name, attr, url)
    assert soup.body["data-pingurl"] == ""  # the page's refresh() would fetch it
    assert soup.find(id="terminal")["data-session-websocket-url"] == f"ws://127.0.0.1:{urlsplit(base).port}/ws"
    inline = " ".join(tag.get_text() for tag in soup.find_all(["style", "script"]))
    assert not ABSOLUTE_URL.search(inline) and "url(" not in inline and "@import" not in inline
    assert "googleapis" not in body.decode()

    # xterm.css names two sites, both in its licence comment; outside comments it loads nothing
    css = _get(urljoin(base, "static/css/xterm.css"))[1].decode()
    assert {m.group(0) for m in ABSOLUTE_URL.finditer(css)} <= {
        "https://github.com/chjj/term.js",
        "http://bellard.org/jslinux/",
    }
    css_rules = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert not ABSOLUTE_URL.search(css_rules) and "@import" not in css_rules
    assert all(_is_ours(url, base) for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css_rules))

    # textual.js has no absolute URL at all; its websocket URL comes from the page's data attribute,
    # its downloads from window.location.origin (and the test below watches what is really fetched)
    js = _get(urljoin(base, "static/js/textual.js"))[1].decode()
    assert not ABSOLUTE_URL.search(js)
    assert "googleapis" not in js and "fonts.g" not in js


async def test_a_browser_reaches_the_join_screen_and_a_wrong_code_is_journaled(chromium, served):  # skip before serving
    import aiohttp

    base, journal = served
    async with aiohttp.ClientSession() as http:
        targets = await (await http.get(f"http://127.0.0.1:{chromium}/json/list")).json()
        page = next(t for t in targets if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = DevTools(ws)
            try:
                for domain in ("Network", "Page", "Runtime"):
                    await cdp(f"{domain}.enable")
                await cdp("Page.navigate", url=base)

                # the websocket session started and the seat process wrote its first screen
                await _until(
                    "the terminal's first bytes",
                    lambda: cdp.evaluate("document.body.classList.contains('-first-byte')"),
                    15,
                )
                await _until("the join prompt on screen", lambda: "Join the exercise" in cdp.received_text(), 10)
                assert await cdp.evaluate("document.querySelector('.xterm-rows') === null")  # pixels, not DOM
                assert await cdp.evaluate("document.querySelectorAll('#terminal canvas').length > 0")
                assert _join_records(journal) == []

                await cdp.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
                await cdp("Input.insertText", text=WRONG_CODE)
                for kind in ("keyDown", "keyUp"):
                    await cdp(
                        "Input.dispatchKeyEvent",
                        type=kind,
                        key="Enter",
                        code="Enter",
                        windowsVirtualKeyCode=13,
                        nativeVirtualKeyCode=13,
                        **({"text": "\r"} if kind == "keyDown" else {}),
                    )

                joins = await _until("a join record in the journal", lambda: _join_records(journal), 15)
                assert joins == [{"ok": False, "role": None}]
                await _until("the answer on screen", lambda: "Wrong code." in cdp.received_text(), 10)

                # everything the browser fetched or connected to was this server
                requested = cdp.requested_urls()
                socket_base = f"ws://{urlsplit(base).netloc}/"
                assert {u.split("?")[0] for u in requested} >= {
                    base,
                    f"{base}static/css/xterm.css",
                    f"{base}static/js/textual.js",
                    f"{socket_base}ws",
                }
                elsewhere = [u for u in requested if not (_is_ours(u, base) or u.startswith((socket_base, "data:")))]
                assert elsewhere == [], elsewhere
            finally:
                cdp.reader.cancel()
