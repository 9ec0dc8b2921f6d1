"""Web seats under load: 200 seats on the seat server, connected during a storm of 30 posts a wall
second, a share of them acting at a steady rate.

Issue 15's target, on loopback: the server's memory growth per connected seat under 2 MB, a
record's way from the journal to a seat (event-to-seat) p95 under 500 ms, a seat's action from
its POST to the engine's answer in the journal (action-to-journal) p95 under 300 ms, no error.

The facilitator side is this process, as ``crisissim serve`` runs without the screen: a 12-role
scenario (written to a temp folder, checked with ``exercise.load_checked``) goes into a real
journal with ``exercise.new_run(..., mode="serve")``, ``exercise.seat_desk`` makes the join codes,
a ``LiveDriver`` on ``SimClock(time.monotonic)`` at 10x runs in the main thread's asyncio loop
beside a task that calls ``desk.poll(... driver.act ...)`` every 0.1 s, as
``CrisisApp.take_seat_requests`` does, and ``crisissim.web.server.serve_seats`` serves the seats
on 127.0.0.1 from a thread of the same process, as ``serve`` does. An inject goes to two roles
every 15 simulated seconds, one to all every 5 simulated minutes, and a storm posts 180 a
simulated minute from T+0 (30 a wall second at 10x).

The seats live in ``--clients`` other processes (``multiprocessing``, spawn; standard library
only: asyncio streams speaking HTTP/1.1, so the clients cost the shared cores little): each seat
joins its role with ``POST api/join`` and the role's code (the roles in turn), then holds
``GET api/stream?after=0`` open (Server-Sent Events: the role's records since the start, then
each batch as it comes). Once every seat's stream is open, the load phase runs ``--seconds``: one
seat in ``--act-every-seat`` sends ``POST api/request`` (``note`` and ``decision`` in turn;
``--statements`` adds public statements, whose waves of posts take the storm past 30 a second)
every ``--act-every`` seconds, each from its own random moment of the interval. Measured:

- memory: this process's resident set (``VmRSS``) after the storm's warm-up with no seat, with
  every seat connected (after a short settle), and at the end; growth per seat is the step at
  connection over the seats (the end's figure also holds the storm's own growth meanwhile), and
  the peak of a sample every 0.5 s of the load;
- event-to-seat: for every record a seat receives that was journaled during the load phase, its
  arrival at the seat (``time.time``) minus its ``wall`` (``time.time`` when it was journaled,
  the same clock): p50/p95/max over every seat, for all records and for ``fired`` and ``post``
  apart;
- action-to-journal: the ``action`` or ``refused`` record's ``wall`` carrying the request's
  number, minus the client's clock just before it opened the POST (so it holds the connection,
  the hub's commit and the desk's pick-up); also, for information, until the seat saw that
  answer on its stream;
- errors: every exception and every answer that is not 2xx in the clients, every exception of the
  driver or the desk, and every error uvicorn logs; target none.

Run: python bench/seats_load.py                 (200 seats x 60 s, about 90 s; a Rich progress
                                                 bar on a terminal)
     python bench/seats_load.py --seats 200 --seconds 60 --clients 2 --act-every-seat 4 --act-every 5
     python bench/seats_load.py --pages 100      (100 of the 200 are browser pages: the form's join, the
                                                 page's own stream of HTML areas; they only listen)
     python bench/seats_load.py --profile       (also: cProfile of the seat server's thread and of
                                                 the facilitator's loop, top 20 by own time)
     python bench/seats_load.py --quick         (20 seats x 5 s, 4 of them pages: that it works, not how fast)

Exits 1 when something did not work: an error, a seat that did not connect or received nothing
during the load, a request left unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import multiprocessing as mp
import os
import queue
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

SPEED = 10.0
SEATS = 200
SECONDS = 60
CLIENTS = 2
ACT_EVERY_SEAT = 4  # one seat in four acts
ACT_EVERY_S = 5.0  # each acting seat: one request every 5 s (200 seats: 10 requests a second)
WARMUP_S = 5.0  # the storm runs this long before the baseline is taken
SETTLE_S = 3.0  # after the last stream opened, before the connected figure
GRACE_S = 10.0  # how long a seat waits for its last answers after the load
DESK_POLL_S = 0.1  # CrisisApp.SEAT_POLL_S
QUICK = {"seats": 20, "seconds": 5, "clients": 1, "warmup": 1.0, "settle": 0.5, "pages": 4}
TARGET_RSS_PER_SEAT = 2 * 2**20
TARGET_EVENT_MS = 500.0
TARGET_ACTION_MS = 300.0
STORM_RATE = 180  # posts per simulated minute: 30 per wall second at 10x
INJECT_EVERY_S = 15  # simulated seconds between injects (each to two roles)
ALL_EVERY_S = 300  # simulated seconds between injects to all roles
DURATION_S = 30 * 60
ACTIONS = ("note", "decision")
"""What the acting seats send: internal actions. A public statement sets off a wave of posts
(crisissim/engine/storms.py), which would take the storm past 30 a second; --statements adds them."""
WITH_STATEMENTS = ("note", "decision", "statement")

ROLES = {
    "comms": "Communications",
    "dpo": "Data Protection Officer",
    "it": "IT",
    "legal": "Legal",
    "exec": "Executive",
    "hr": "HR",
    "finance": "Finance",
    "service": "Customer Service",
    "security": "Security",
    "privacy": "Privacy",
    "ops": "Operations",
    "board": "Board",
}

HEAD = f"""\
crisissim: 1
id: bench-seats
title: "Benchmark: seats and a storm"
language: en
summary: A synthetic scenario for bench/seats_load.py.
organisation:
  name: Harbourside Homes
  short: Harbourside
  domain: harbourside-homes.example
start: 2026-04-13T08:50:00+01:00
duration: {DURATION_S // 60}m
speed: {SPEED:g}
seed: 17
roles:
"""

STORM = f"""\
  - id: storm
    kind: storm
    title: "Storm: tenants react"
    at: 0s
    duration: {DURATION_S // 60 - 1}m
    rate: {STORM_RATE}
    crowd: {{angry-customer: 4, troll: 1, privacy-activist: 2, supporter: 1, politician: 1}}
    hashtags: ["#{{{{ org.short | lower }}}}", "#scamalert"]
    rumours: ["all tenants' bank details have been stolen"]
    reacts:  # on an action no seat here takes: the storm stays at 30 posts per wall second
      - {{when: {{action: notify_subjects}}, rate: 0.5, sentiment: 0.3}}
"""

REPORTER = """\
  - id: reporter
    kind: enquiry
    channel: phone
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 1m
    deadline: 1h
    title: Tenants sent scam emails
    body: Has {{ org.name }} been hacked?
    expects:
      - {id: holding, role: comms, action: statement, within: 20m, objective: holding}
"""


def scenario_text() -> str:
    roles = list(ROLES)
    parts = [HEAD]
    parts += [f"  {r}: {{name: {name}}}\n" for r, name in ROLES.items()]
    parts.append("objectives:\n  holding: Give a holding statement in time\nevents:\n")
    parts.append(REPORTER)
    parts.append(STORM)
    for j, at in enumerate(range(5, DURATION_S - 60, INJECT_EVERY_S)):
        to = f"{roles[j % len(roles)]}, {roles[(j + 5) % len(roles)]}"
        parts.append(
            f"""  - id: inject-{j}
    channel: {"email" if j % 2 else "chat"}
    from: IT support
    to: [{to}]
    at: {at}s
    title: "Update {j} at {{{{ now.strftime('%H:%M:%S') }}}}"
    body: More findings from {{{{ fake.name() }}}} about {{{{ org.name }}}}, number {j}.
"""
        )
    for k, at in enumerate(range(ALL_EVERY_S // 2, DURATION_S - 60, ALL_EVERY_S)):
        parts.append(
            f"""  - id: all-{k}
    channel: email
    from: The chair
    to: all
    at: {at}s
    title: "Everyone: update {k}"
    body: The board wants three lines on where we are.
"""
        )
    return "".join(parts)


def write_scenario(folder: Path) -> Path:
    """The scenario file, checked as ``crisissim validate`` checks it: errors stop the bench,
    warnings are printed."""
    from crisissim.exercise import load_checked

    path = folder / "bench-seats.yaml"
    path.write_text(scenario_text(), encoding="utf-8")
    loaded = load_checked(path)
    if loaded.scenario is None:
        raise SystemExit("bench scenario does not validate:\n" + "\n".join(str(p) for p in loaded.problems))
    for problem in loaded.problems:
        print(f"bench scenario: {problem}", file=sys.stderr)
    return path


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss() -> int:
    """This process's resident set now, in bytes (Linux: ``VmRSS``; elsewhere the peak, which
    only grows, from ``getrusage``)."""
    with contextlib.suppress(OSError):
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith("VmRSS:"):
                return int(text.split()[1]) * 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def profile_text(profiler: Any, top: int = 20) -> str:
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# -- a client process: many seats over asyncio streams ---------------------------------------------


class HttpError(Exception):
    """An answer that is not 2xx."""


async def _head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    parts = status_line.split()
    if len(parts) < 2:
        raise HttpError(f"no status line: {status_line!r}")
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


async def _chunks(reader: asyncio.StreamReader):
    """The body of a chunked answer, chunk by chunk (uvicorn streams an SSE answer so)."""
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return
        data = await reader.readexactly(size + 2)
        yield data[:-2]


async def http(
    port: int, method: str, path: str, body: Any = None, token: str = "", *, form: str | None = None
) -> tuple[int, Any]:
    """One request on its own connection; the answer's status and JSON (for a ``form``, as a page
    posts it: the status and the headers)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        data = form.encode() if form is not None else json.dumps(body).encode() if body is not None else b""
        kind = "application/x-www-form-urlencoded" if form is not None else "application/json"
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
            f"Content-Type: {kind}\r\nContent-Length: {len(data)}\r\n"
            + (f"Authorization: Bearer {token}\r\n" if token else "")
            + "\r\n"
        )
        writer.write(head.encode() + data)
        await writer.drain()
        status, headers = await _head(reader)
        if form is not None:
            return status, headers
        if "content-length" in headers:
            raw = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            raw = b"".join([chunk async for chunk in _chunks(reader)])
        else:
            raw = await reader.read()
        return status, json.loads(raw) if raw and headers.get("content-type", "").startswith(
            "application/json"
        ) else raw
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


class SeatLoad:
    """One seat: its stream, its requests, what it measured."""

    def __init__(self, index: int, role: str, code: str, acts: bool, page: bool, client: Client) -> None:
        self.index, self.role, self.code, self.client = index, role, code, client
        self.page = page
        """A browser's page: it joins with the form and holds the page's stream (``events``, its areas
        as HTML), which carries no record, so it only listens: its cost is measured, not its latency."""
        self.acts = acts and not page
        self.token = ""
        self.connected = False
        self.pending: dict[int, float] = {}  # request seq -> client clock before its POST
        self.early: dict[int, tuple[str, float]] = {}
        """Answers the stream brought before the POST's own answer was read (a loaded machine)."""
        self.received = 0  # records received during the load phase
        self.writer: asyncio.StreamWriter | None = None

    async def join(self) -> None:
        if self.page:
            status, headers = await http(self.client.port, "POST", "/join", form=f"code={self.code}")
            cookie = headers.get("set-cookie", "").split(";")[0].partition("=")[2]
            if status != 303 or not cookie:
                raise HttpError(f"join (page) {status}")
            self.token = cookie
            return
        status, answer = await http(self.client.port, "POST", "/api/join", {"code": self.code, "role": self.role})
        if status != 200:
            raise HttpError(f"join {status}: {answer!r}")
        self.token = answer["token"]

    async def stream(self) -> None:
        client = self.client
        reader, writer = await asyncio.open_connection("127.0.0.1", client.port)
        self.writer = writer
        asked = (
            f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\nCookie: crisissim_seat={self.token}\r\n"
            if self.page
            else f"GET /api/stream?after=0 HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\n"
            f"Authorization: Bearer {self.token}\r\n"
        )
        writer.write(f"{asked}Accept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status, _headers = await _head(reader)
        if status != 200:
            raise HttpError(f"stream {status}")
        self.connected = True
        buffer = b""
        try:
            async for chunk in _chunks(reader):
                buffer += chunk
                while b"\n\n" in buffer:
                    event, buffer = buffer.split(b"\n\n", 1)
                    self.take(event, time.time())
        finally:
            self.connected = False

    def take(self, event: bytes, now: float) -> None:
        name, data = "", b""
        for line in event.split(b"\n"):
            if line.startswith(b"event: "):
                name = line[7:].decode()
            elif line.startswith(b"data: "):
                data = line[6:]
        client = self.client
        if (
            name == "regions"
            and client.go_wall.value <= now
            and (client.stop_wall.value == 0 or now <= client.stop_wall.value)
        ):
            self.received += 1  # a page's areas changed: what a browser redraws
        if name != "records":
            return
        for _seq, _sim, wall, kind, _role, payload in json.loads(data):
            if wall >= client.go_wall.value and (client.stop_wall.value == 0 or wall <= client.stop_wall.value):
                self.received += 1
                ms = (now - wall) * 1000
                client.event_ms.append(ms)
                if kind == "post":
                    client.post_ms.append(ms)
                elif kind == "fired":
                    client.fired_ms.append(ms)
            if kind in ("action", "refused") and self.acts:
                request = json.loads(payload).get("request")
                t0 = self.pending.pop(request, None)
                if t0 is not None:
                    self.seen(kind, now, t0)
                elif request is not None:
                    self.early[request] = (kind, now)  # before its POST's own answer was read

    def seen(self, kind: str, now: float, t0: float) -> None:
        self.client.seen_ms.append((now - t0) * 1000)
        self.client.answers[kind] += 1

    async def act(self, seconds: float, every: float, offset: float) -> None:
        """A request every ``every`` seconds for ``seconds``, starting ``offset`` into the first."""
        client = self.client
        start = time.monotonic() + offset
        n = 0
        while True:
            due = start + n * every
            if due - (start - offset) >= seconds:
                return
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            kinds = WITH_STATEMENTS if client.statements else ACTIONS
            kind = kinds[n % len(kinds)]
            t0 = time.time()
            try:
                status, answer = await http(
                    client.port,
                    "POST",
                    "/api/request",
                    {"kind": kind, "fields": {"text": f"{self.role} seat {self.index}: {kind} {n + 1}"}},
                    self.token,
                )
                if status != 200:
                    client.errors[f"request {status}"] += 1
                else:
                    client.requests.append((answer["seq"], t0))
                    if answer["seq"] in self.early:
                        answered, at = self.early.pop(answer["seq"])
                        self.seen(answered, at, t0)
                    else:
                        self.pending[answer["seq"]] = t0
            except Exception as exc:
                client.errors[f"request: {type(exc).__name__}: {str(exc)[:120]}"] += 1
            client.sent += 1
            n += 1


class Client:
    """A client process's seats, and what they measured together."""

    def __init__(self, port: int, go_wall: Any, stop_wall: Any, statements: bool = False) -> None:
        self.port, self.go_wall, self.stop_wall, self.statements = port, go_wall, stop_wall, statements
        self.event_ms: list[float] = []
        self.post_ms: list[float] = []
        self.fired_ms: list[float] = []
        self.seen_ms: list[float] = []
        self.requests: list[tuple[int, float]] = []
        self.answers: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.sent = 0


def client_main(
    number: int, port: int, seats: list[tuple[int, str, str, bool, bool]], out: Any, events: Any, walls: Any, opts: dict
) -> None:
    try:
        out.put(("client", asyncio.run(_client(number, port, seats, out, events, walls, opts))))
    except BaseException:
        out.put(("error", f"client {number}:\n" + traceback.format_exc()))


async def _wait(event: Any) -> None:
    while not event.is_set():
        await asyncio.sleep(0.01)


async def _client(
    number: int,
    port: int,
    assigned: list[tuple[int, str, str, bool, bool]],
    out: Any,
    events: Any,
    walls: Any,
    opts: dict,
) -> dict:
    connect, go, stop = events
    client = Client(port, *walls, statements=opts["statements"])
    seats = [SeatLoad(index, role, code, acts, page, client) for index, role, code, acts, page in assigned]
    out.put(("ready", number))
    await _wait(connect)

    async def keep(seat: SeatLoad) -> None:
        try:
            await seat.stream()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            client.errors[f"stream: {type(exc).__name__}: {str(exc)[:120]}"] += 1

    streams: list[asyncio.Task[None]] = []
    for seat in seats:  # joined one after the other, as people arrive; each stream opened at once
        try:
            await seat.join()
        except Exception as exc:
            client.errors[f"join: {type(exc).__name__}: {str(exc)[:120]}"] += 1
            continue
        streams.append(asyncio.create_task(keep(seat)))
    while sum(seat.connected for seat in seats) < len(streams) and any(not t.done() for t in streams):
        await asyncio.sleep(0.02)
    out.put(("connected", number, sum(seat.connected for seat in seats)))
    await _wait(go)
    actors = [seat for seat in seats if seat.acts and seat.token]
    # each seat starts at its own random moment of the interval (seeded: the same each run), so the
    # requests fall at every phase of the desk's 0.1 s tick, not at one
    draw = random.Random(number)
    acting = [
        asyncio.create_task(seat.act(opts["seconds"], opts["act_every"], draw.uniform(0, opts["act_every"])))
        for seat in actors
    ]
    await _wait(stop)
    await asyncio.gather(*acting)
    deadline = time.monotonic() + GRACE_S
    while any(seat.pending for seat in seats) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for seat in seats:
        if seat.writer is not None:
            seat.writer.close()
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    return {
        "seats": len(seats),
        "connected": len(streams),
        "received": [seat.received for seat in seats if not seat.page],
        "redrawn": [seat.received for seat in seats if seat.page],
        "event_ms": client.event_ms,
        "post_ms": client.post_ms,
        "fired_ms": client.fired_ms,
        "seen_ms": client.seen_ms,
        "requests": client.requests,
        "answers": dict(client.answers),
        "unanswered": sum(len(seat.pending) for seat in seats),
        "sent": client.sent,
        "errors": dict(client.errors),
        "cpu_s": time.process_time(),
    }


# -- the facilitator and the seat server: this process ---------------------------------------------


class ErrorCount(logging.Handler):
    """Every error uvicorn or Starlette logs (a failing request, a stream that broke)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.counted: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.counted[f"server log: {record.getMessage()[:120]}"] += 1


def progress_bar(enabled: bool) -> Any:
    """A Rich progress bar on a terminal; nothing otherwise (CI, a pipe)."""
    if not enabled:
        return None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[said]}"), TimeRemainingColumn()
    )


def run_bench(folder: Path, opts: dict) -> dict:
    from crisissim.engine.clock import SimClock
    from crisissim.engine.drivers import LiveDriver
    from crisissim.exercise import load_checked, new_run, seat_desk
    from crisissim.web.server import bind, serve_seats

    loaded = load_checked(write_scenario(folder))
    scenario = loaded.scenario
    run = new_run(
        scenario,
        loaded.text,
        str(loaded.file),
        seed=scenario.seed,
        journal_path=folder / f"seats-{os.getpid()}.sqlite",
        mode="serve",
        speed=opts["speed"],
    )
    desk = seat_desk(run)
    engine = run.engine
    engine.start()  # as live_session: StartEx, the clock paused until the storm is let go
    clock = SimClock(time.monotonic, sim=engine.now, rate=opts["speed"], paused=True)
    driver = LiveDriver(engine, clock)
    desk.catch_up()
    logged = ErrorCount()
    for name in ("uvicorn", "uvicorn.error", "starlette"):
        logging.getLogger(name).addHandler(logged)
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = serve_seats(str(run.journal.location), sock)
    while not server.started:
        time.sleep(0.02)

    roles = list(scenario.roles)
    codes = desk.codes
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    connect, go, stop = ctx.Event(), ctx.Event(), ctx.Event()
    go_wall, stop_wall = ctx.Value("d", float("inf")), ctx.Value("d", 0.0)
    acting = [i % opts["act_every_seat"] == 0 for i in range(opts["seats"])]
    # the pages (--pages) are the listening seats first: a page's stream carries no record to answer
    listening = [i for i in range(opts["seats"]) if not acting[i]] + [i for i in range(opts["seats"]) if acting[i]]
    pages = set(listening[: opts["pages"]])
    plan = [
        (i, roles[i % len(roles)], codes[roles[i % len(roles)]], acting[i] and i not in pages, i in pages)
        for i in range(opts["seats"])
    ]
    info_plan = {"acting": sum(seat[3] for seat in plan), "pages": len(pages)}
    clients = [
        ctx.Process(
            target=client_main,
            args=(n, port, plan[n :: opts["clients"]], out, (connect, go, stop), (go_wall, stop_wall), opts),
            name=f"seats-{n}",
        )
        for n in range(opts["clients"])
    ]
    for process in clients:
        process.start()

    errors: Counter[str] = Counter()
    info: dict[str, Any] = {"rss_samples": [], **info_plan}
    poll_ms: list[float] = []
    profilers: dict[str, Any] = {}

    def take(timeout: float) -> tuple:
        try:
            said = out.get(timeout=timeout)
        except queue.Empty:
            raise SystemExit(f"no word from the seats' processes for {timeout:.0f} s") from None
        if said[0] == "error":
            raise SystemExit(said[1])
        return said

    async def run_driver() -> None:
        while True:
            try:
                await driver.run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # counted; the app would show it and the driver would stop
                errors[f"driver: {type(exc).__name__}: {exc}"] += 1
                await asyncio.sleep(0.01)

    async def desk_loop() -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due += DESK_POLL_S
            await asyncio.sleep(max(0.0, due - loop.time()))
            if loop.time() - due > DESK_POLL_S:
                due = loop.time()  # like a Textual interval: missed ticks are not made up in a burst
            t = time.perf_counter()
            try:
                desk.poll(lambda role, kind, fields, extra: driver.act(role, kind, fields, extra))
            except Exception as exc:
                errors[f"desk.poll: {type(exc).__name__}: {exc}"] += 1
            poll_ms.append((time.perf_counter() - t) * 1000)

    def streams_open() -> int:
        return int(server.app.asgi.streams)

    async def sample(until: asyncio.Event, bar: Any, task: Any, total: float, started: float) -> None:
        while not until.is_set():
            info["rss_samples"].append((time.monotonic() - started, rss()))
            if bar is not None:
                posts = sum(r.count for r in engine.storms.values())
                bar.update(
                    task,
                    completed=min(total, time.monotonic() - started),
                    said=f"{streams_open()} streams, {posts} posts",
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(until.wait(), 0.5)

    async def main() -> None:
        for _ in clients:
            take(60)  # each client has started and waits
        loop = asyncio.get_running_loop()
        driver_task = loop.create_task(run_driver())
        desk_task = loop.create_task(desk_loop())
        driver.resume()
        info["storm_from"] = time.time()
        await asyncio.sleep(opts["warmup"])
        gc.collect()
        info["rss_before"] = rss()
        info["posts_before"] = sum(r.count for r in engine.storms.values())
        bar = progress_bar(opts["bar"])
        if bar is not None:
            bar.start()
        connecting = bar.add_task("seats connecting", total=opts["seats"], said="") if bar is not None else None
        connected_at = time.monotonic()
        connect.set()
        said = 0
        while said < len(clients) or streams_open() < opts["seats"]:
            with contextlib.suppress(queue.Empty):
                tag, *rest = out.get_nowait()
                if tag == "error":
                    raise SystemExit(rest[0])
                said += tag == "connected"
            if bar is not None:
                bar.update(connecting, completed=streams_open(), said=f"{streams_open()} of {opts['seats']}")
            if said == len(clients) and streams_open() < opts["seats"]:
                break  # a client gave up on some seats: counted in its errors
            if time.monotonic() - connected_at > 120:
                raise SystemExit(f"only {streams_open()} of {opts['seats']} streams open after 120 s")
            await asyncio.sleep(0.05)
        info["connect_s"] = time.monotonic() - connected_at
        info["streams"] = streams_open()
        await asyncio.sleep(opts["settle"])
        gc.collect()
        info["rss_connected"] = rss()
        if opts["profile"]:
            import cProfile

            profilers["server"], profilers["facilitator"] = cProfile.Profile(), cProfile.Profile()
            server.app.loop.call_soon_threadsafe(profilers["server"].enable)  # the server thread's own profile
            profilers["facilitator"].enable()
        poll_ms.clear()
        info["posts_at_go"] = sum(r.count for r in engine.storms.values())
        info["load_avg_before"] = os.getloadavg()
        cpu0 = time.process_time()
        go_wall.value = info["go_wall"] = time.time()
        go.set()
        done = asyncio.Event()
        loading = bar.add_task("load", total=opts["seconds"], said="") if bar is not None else None
        sampler = loop.create_task(sample(done, bar, loading, opts["seconds"], time.monotonic()))
        await asyncio.sleep(opts["seconds"])
        stop_wall.value = info["stop_wall"] = time.time()
        stop.set()
        info["cpu_s"] = time.process_time() - cpu0
        info["load_avg_after"] = os.getloadavg()
        info["posts"] = sum(r.count for r in engine.storms.values()) - info["posts_at_go"]
        info["sim_s"] = engine.now
        if opts["profile"]:
            profilers["facilitator"].disable()
            server.app.loop.call_soon_threadsafe(profilers["server"].disable)
        info["rss_end"] = rss()
        done.set()  # sampled no further: the clients' figures, unpickled here next, are the bench's, not the server's
        await sampler
        if bar is not None:
            bar.stop()
        results = []
        while len(results) < len(clients):  # the clients wait for their last answers, then say
            with contextlib.suppress(queue.Empty):
                tag, *rest = out.get_nowait()
                if tag == "error":
                    raise SystemExit(rest[0])
                if tag == "client":
                    results.append(rest[0])
            await asyncio.sleep(0.05)
        info["clients"] = results
        for task in (driver_task, desk_task):
            task.cancel()
        await asyncio.gather(driver_task, desk_task, return_exceptions=True)

    try:
        asyncio.run(main())
    finally:
        connect.set()
        go.set()
        stop.set()
        for process in clients:
            process.join(timeout=15)
            if process.is_alive():
                process.terminate()
        server.stop()
    requests = {seq: t0 for r in info["clients"] for seq, t0 in r["requests"]}
    answers = {
        record.payload["request"]: record.wall
        for record in run.journal.records(kinds=("action", "refused"))
        if record.payload.get("request") in requests
    }
    run.journal.close()
    info["action_ms"] = [(answers[seq] - t0) * 1000 for seq, t0 in requests.items() if seq in answers]
    info["not_journaled"] = len(requests) - len(answers)
    info["errors"] = errors + logged.counted
    info["poll_ms"] = poll_ms
    info["profiles"] = {name: profile_text(p) for name, p in profilers.items()}
    return info


def line(label: str, values: list[float], target: str = "") -> str:
    return (
        f"  {label:36} {len(values):>8} {pct(values, 0.5):>8.1f} {pct(values, 0.95):>8.1f} "
        f"{max(values, default=float('nan')):>8.1f}  {target}"
    )


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, help=f"seats on the server ({SEATS}; --quick {QUICK['seats']})")
    parser.add_argument("--seconds", type=float, help=f"the load phase ({SECONDS}; --quick {QUICK['seconds']})")
    parser.add_argument(
        "--clients", type=int, help=f"processes the seats live in ({CLIENTS}; --quick {QUICK['clients']})"
    )
    parser.add_argument("--act-every-seat", type=int, default=ACT_EVERY_SEAT, help="one seat in N sends requests")
    parser.add_argument(
        "--act-every", type=float, default=ACT_EVERY_S, help="seconds between an acting seat's requests"
    )
    parser.add_argument(
        "--statements",
        action="store_true",
        help="acting seats send public statements too (each sets off a wave of posts)",
    )
    parser.add_argument(
        "--pages",
        type=int,
        metavar="N",
        help=f"N of the seats are browser pages, joined by the form, on the page's stream (events); they only listen "
        f"(0; --quick {QUICK['pages']})",
    )
    parser.add_argument("--speed", type=float, default=SPEED, help="simulated seconds per wall second")
    parser.add_argument("--profile", action="store_true", help="cProfile the seat server's thread and the facilitator")
    parser.add_argument("--keep", metavar="FOLDER", help="write the scenario and journal here and keep them")
    parser.add_argument("--quick", action="store_true", help="20 seats x 5 s, 4 of them pages (for CI: that it works)")
    args = parser.parse_args()
    quick = args.quick
    opts = {
        "seats": args.seats or (QUICK["seats"] if quick else SEATS),
        "seconds": args.seconds or (QUICK["seconds"] if quick else SECONDS),
        "clients": args.clients or (QUICK["clients"] if quick else CLIENTS),
        "act_every_seat": max(1, args.act_every_seat),
        "act_every": args.act_every,
        "speed": args.speed,
        "statements": args.statements,
        "pages": max(0, args.pages if args.pages is not None else QUICK["pages"] if quick else 0),
        "warmup": QUICK["warmup"] if quick else WARMUP_S,
        "settle": QUICK["settle"] if quick else SETTLE_S,
        "profile": args.profile,
        "bar": sys.stdout.isatty() and not quick,
    }
    if opts["seats"] < 1 or opts["clients"] < 1:
        parser.error("--seats and --clients must be at least 1")
    opts["clients"] = min(opts["clients"], opts["seats"])
    with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        info = run_bench(folder, opts)

    results = info["clients"]
    seats, load_s = opts["seats"], info["stop_wall"] - info["go_wall"]
    event = [x for r in results for x in r["event_ms"]]
    fired = [x for r in results for x in r["fired_ms"]]
    post = [x for r in results for x in r["post_ms"]]
    seen = [x for r in results for x in r["seen_ms"]]
    action = info["action_ms"]
    received = [n for r in results for n in r["received"]]
    redrawn = [n for r in results for n in r["redrawn"]]
    sent = sum(r["sent"] for r in results)
    answered = sum(sum(r["answers"].values()) for r in results)
    refused = sum(r["answers"].get("refused", 0) for r in results)
    unanswered = sum(r["unanswered"] for r in results)
    errors: Counter[str] = Counter(info["errors"])
    for r in results:
        errors.update(r["errors"])
    connected = sum(r["connected"] for r in results)
    peak = max((size for _at, size in info["rss_samples"]), default=0)
    growth = (info["rss_connected"] - info["rss_before"]) / seats
    growth_end = (info["rss_end"] - info["rss_before"]) / seats
    mib = 2**20

    acting, pages = info["acting"], info["pages"]
    print(
        f"{seats} seats ({seats - pages} on api/stream, {pages} pages on events) in {opts['clients']} "
        f"client process(es), {connected} joined and streaming "
        f"({info['streams']} streams open on the server), connected in {info['connect_s']:.1f} s; "
        f"{acting} of them send a request every {opts['act_every']:g} s ({acting / opts['act_every']:.1f} a second); "
        f"facilitator at {opts['speed']:g}x, desk polled every {DESK_POLL_S:g} s; {os.cpu_count()} cores; "
        f"load average {info['load_avg_before'][0]:.2f} before, {info['load_avg_after'][0]:.2f} after"
    )
    print(
        f"load phase {load_s:.1f} s: {info['posts']} posts ({info['posts'] / load_s:.1f} a wall second), "
        f"simulated T+{info['sim_s'] / 60:.1f} min; server process CPU {info['cpu_s']:.1f} s "
        f"({100 * info['cpu_s'] / load_s:.0f} % of one core); clients' CPU "
        f"{sum(r['cpu_s'] for r in results):.1f} s in all"
    )
    print(
        f"server RSS: {info['rss_before'] / mib:.1f} MiB before the seats, {info['rss_connected'] / mib:.1f} MiB "
        f"with {seats} connected, {info['rss_end'] / mib:.1f} MiB at the end "
        f"(peak {peak / mib:.1f} MiB, sampled every 0.5 s of the load)"
    )
    print(
        f"  growth per seat: {growth / mib:.3f} MiB on connecting "
        f"(target < 2 MB: {verdict(growth < TARGET_RSS_PER_SEAT)}); "
        f"{growth_end / mib:.3f} MiB counting to the end (the storm's own growth with it)"
    )
    print(
        f"requests: {sent} sent, {len(action) + info['not_journaled']} journaled, "
        f"{len(action)} answered in the journal, "
        f"{answered} answers seen by their seats ({refused} refused), {unanswered} unanswered"
    )
    print(f"  {'ms':36} {'n':>8} {'p50':>8} {'p95':>8} {'max':>8}")
    print(
        line(
            "event-to-seat, every record",
            event,
            f"p95 < {TARGET_EVENT_MS:.0f}: {verdict(pct(event, 0.95) < TARGET_EVENT_MS)}",
        )
    )
    print(line("  fired", fired))
    print(line("  post", post))
    print(
        line(
            "action-to-journal",
            action,
            f"p95 < {TARGET_ACTION_MS:.0f}: {verdict(pct(action, 0.95) < TARGET_ACTION_MS)}",
        )
    )
    print(line("  action-to-seat (its answer seen)", seen))
    print(line("facilitator desk.poll()", info["poll_ms"]))
    print(f"records per seat during the load: {min(received, default=0)} to {max(received, default=0)}")
    if redrawn:
        print(f"page updates (changed areas) per page during the load: {min(redrawn)} to {max(redrawn)}")
    print(f"errors: {sum(errors.values())} (target 0)" + (f": {dict(errors)}" if errors else ""))
    for name, text in info["profiles"].items():
        print(f"\n{name}, load phase, top 20 by own time:\n{text}")

    problems = []
    if errors:
        problems.append(f"errors: {dict(errors)}")
    if connected < seats or info["streams"] < seats:
        problems.append(f"{connected} of {seats} seats joined, {info['streams']} streams open")
    if min(received, default=1) == 0 or min(redrawn, default=1) == 0:
        problems.append("a seat received nothing during the load")
    if unanswered or info["not_journaled"] or answered != sent:
        problems.append(
            f"{sent} requests sent, {answered} answered, {unanswered} unanswered, {info['not_journaled']} not journaled"
        )
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
