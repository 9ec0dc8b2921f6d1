"""Nothing lost when the console dies: ``crisissim serve`` as a real process in a terminal (tmux),
two seats joined through the API, ``kill -9`` of the console, then ``crisissim serve --resume``.

- the seat server dies with the console: its port refuses connections at once;
- what the terminal seat's client sends meanwhile waits in its outbox and is sent after the
  resume, without a new code; a request journaled while no console ran (written with the seat
  server's own code) is taken too; each request is answered exactly once (an action or a
  refusal), and a request sent again with its id is not journaled twice;
- no seat's clock is earlier after the resume than it was before the kill.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crisissim.exercise.seat_client import SeatClient, SeatUnreachable
from crisissim.journal import open_store
from crisissim.journal import records as rec
from crisissim.journal.follower import Follower
from crisissim.journal.seats import CODE_ALPHABET
from crisissim.web.hub import Hub
from tests.functional_tests.web_support import wait_served

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")
ROOT = Path(__file__).resolve().parents[2]


class Console:
    """``crisissim ARGS`` in a tmux session of its own (its own tmux server, by socket name), 120x36."""

    def __init__(self, name: str, args: list[str], cwd: Path) -> None:
        self.socket = f"crisissim-test-{os.getpid()}-{name}"
        command = " ".join([sys.executable, "-m", "crisissim", *args])
        self._tmux("new-session", "-d", "-s", "console", "-x", "120", "-y", "36", f"cd {cwd} && exec {command}")

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "console")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "console", *keys)

    def pid(self) -> int:
        return int(self._tmux("list-panes", "-t", "console", "-F", "#{pane_pid}").split()[0])

    def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never came on the console:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._tmux("kill-server")


@pytest.fixture
def consoles(tmp_path: Path) -> Iterator[Callable[[str, list[str]], Console]]:
    started: list[Console] = []

    def start(name: str, args: list[str]) -> Console:
        console = Console(name, args, tmp_path)
        started.append(console)
        return console

    try:
        yield start
    finally:
        for console in started:
            console.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def refused(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        return False


def codes_on_screen(screen: str, names: dict[str, str]) -> dict[str, str]:
    """Each role's join code as the console's j shows it."""
    code = f"[{CODE_ALPHABET}]{{6}}"
    found = {role: re.search(rf"{re.escape(name)}\s+({code})\s", screen) for role, name in names.items()}
    assert all(found.values()), screen
    return {role: match.group(1) for role, match in found.items() if match}


def answers(journal: Path) -> dict[int, list[str]]:
    """Every request in the journal, with what answered it: ``action`` or ``refused`` records."""
    with open_store(journal, readonly=True) as store:
        asked: dict[int, list[str]] = {}
        for record in store.records():
            data = record.data
            if isinstance(data, rec.Request):
                asked.setdefault(record.seq, [])
            elif isinstance(data, rec.Action | rec.Refused) and data.request is not None:
                asked.setdefault(data.request, []).append(record.kind)
    return asked


def seat_clock(client: SeatClient, role: str) -> Follower:
    """The seat's clock as the terminal seat keeps it: its follower, bounded as the server says."""
    follower = Follower(client, role, lambda _record: None, sees=lambda _record: True)
    while follower.poll():
        pass
    follower.bound = client.until
    return follower


def test_kill_9_of_the_console_then_serve_resume_loses_nothing(consoles, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    journal = tmp_path / "served.sqlite"
    console = consoles("first", ["serve", "--journal", str(journal), "--port", str(port), "--speed", "60"])
    wait_served(url)
    console.wait_for("spatie om de klok")  # StartEx
    console.keys("space")
    console.wait_for("LOOPT")
    names = {"comms": "Communicatie", "dpo": "Functionaris Gegevensbescherming"}
    console.keys("j")
    codes = codes_on_screen(console.wait_for("deelnamecodes"), names)
    console.keys("Escape")

    seats = {role: SeatClient(url, role) for role in names}
    for role, client in seats.items():
        assert client.join(codes[role], role)[0] == role
    before = [
        seats["comms"].request("statement", {"text": "Wij onderzoeken een storing."}, "comms-first"),
        seats["dpo"].request("note", {"text": "Melding voorbereiden."}),
    ]
    deadline = time.monotonic() + 10
    while any(not answers(journal).get(seq) for seq in before):
        assert time.monotonic() < deadline, answers(journal)
        time.sleep(0.1)
    clocks = {role: seat_clock(client, role) for role, client in seats.items()}

    pid = console.pid()
    for clock in clocks.values():  # running, and bounded by what the console last vouched for
        assert not clock.paused and clock.bound is not None and clock.bound < clock.now + 60 * 60
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    shown = {role: max(clock.now, clock.bound or 0.0) for role, clock in clocks.items()}  # the furthest they can show
    while not refused(port):
        assert time.monotonic() - killed < 2.0, "the seat server outlived the console"
        time.sleep(0.05)

    # while no console runs: the terminal seats' sends wait, and one request is journaled by the seat server's code
    assert seats["comms"].send("statement", {"text": "Wij bellen iedereen terug."}) == []
    assert seats["dpo"].send("choose", {"event": "no-such-event", "option": "x"}) == []
    assert [len(client.outbox) for client in seats.values()] == [1, 1]
    hub = Hub(str(journal))
    try:
        joined = hub.join(codes["dpo"], "192.0.2.1", "dpo")
        assert joined.seat is not None
        while_down = hub.request(joined.seat, "note", {"text": "Geschreven terwijl de console weg was."})
    finally:
        hub.close()
    assert answers(journal)[while_down] == []

    resumed = consoles("resumed", ["serve", "--resume", str(journal), "--port", str(port)])
    wait_served(url)
    resumed.wait_for("GEPAUZEERD")
    sent = {role: client.flush() for role, client in seats.items()}  # the same tokens: no new code
    assert [len(s) for s in sent.values()] == [1, 1] and all(s.seq is not None for ss in sent.values() for s in ss)
    again = seats["comms"].request("statement", {"text": "Wij onderzoeken een storing."}, "comms-first")
    assert again == before[0]  # a send whose answer was lost, sent again: the first one's seq
    flushed = [s.seq for ss in sent.values() for s in ss if s.seq is not None]
    deadline = time.monotonic() + 15
    while any(not answers(journal).get(seq) for seq in [*before, while_down, *flushed]):
        assert time.monotonic() < deadline, answers(journal)
        time.sleep(0.1)
    everything = answers(journal)
    assert all(len(answered) == 1 for answered in everything.values()), everything  # each exactly once
    assert everything[sent["dpo"][0].seq or 0] == ["refused"] and everything[while_down] == ["action"]
    assert everything[sent["comms"][0].seq or 0] == ["action"]

    for role, client in seats.items():
        after = seat_clock(client, role)
        assert after.paused and after.now >= shown[role] - 1e-6, (role, after.now, shown[role])

    # a second crash: nothing answered again
    os.kill(resumed.pid(), signal.SIGKILL)
    while not refused(port):
        time.sleep(0.05)
    third = consoles("third", ["serve", "--resume", str(journal), "--port", str(port)])
    wait_served(url)
    third.wait_for("GEPAUZEERD")
    time.sleep(1.0)  # the console's desk polls ten times a second
    assert answers(journal) == everything
    for client in seats.values():
        with contextlib.suppress(SeatUnreachable):
            client.close()


def test_resume_of_a_served_journal_serves_and_a_busy_port_is_one_line(consoles, tmp_path):
    """``crisissim resume`` of what ``serve`` made serves the seats again; a port that is taken is
    said in one line, before anything is written."""
    port = free_port()
    journal = tmp_path / "served.sqlite"
    console = consoles("first", ["serve", "--journal", str(journal), "--port", str(port)])
    wait_served(f"http://127.0.0.1:{port}/")
    console.wait_for("spatie om de klok")
    records = len(answers(journal))
    with open_store(journal, readonly=True) as store:
        head = store.last_seq()
    busy = subprocess.run(
        [sys.executable, "-m", "crisissim", "resume", str(journal), "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert busy.returncode == 2
    assert busy.stderr.startswith(f"crisissim: error: resume: cannot serve seats on 127.0.0.1:{port}")
    assert len(busy.stderr.strip().splitlines()) == 1
    with open_store(journal, readonly=True) as store:
        assert store.last_seq() == head and len(answers(journal)) == records
    os.kill(console.pid(), signal.SIGKILL)
    while not refused(port):
        time.sleep(0.05)
    again = consoles("again", ["resume", str(journal), "--port", str(port)])
    wait_served(f"http://127.0.0.1:{port}/")  # its seats served again
    again.wait_for("spatie om de klok")  # not started yet: StartEx again
