"""Seats under load: 12 seat processes, each taking an action a second for a minute, against a
facilitator process playing a live exercise with a storm, all through one SQLite journal (WAL).

The facilitator process plays as ``crisissim serve`` does, without the screen: a 12-role scenario
(written to a temp folder, checked with ``exercise.load_checked``) goes into a real journal with
``exercise.new_run(..., mode="serve")``, ``SeatDesk.issue()`` makes the join codes, and a
``LiveDriver`` on ``SimClock(time.monotonic)`` at 10x runs in an asyncio loop next to a task that
calls ``desk.poll(... driver.act ...)`` every 0.1 s, as ``CrisisApp.take_seat_requests`` does.
The scenario sends an inject to two of the roles every 15 simulated seconds (so each role gets
one every 90 simulated seconds, 9 wall seconds), one to all every 5 simulated minutes and a
reporter's call to comms, and a storm posts 180 a simulated minute from T+0 (30 posts per wall
second at 10x).

Each seat process (``multiprocessing``, spawn) joins its role with its code (``SeatClient.join``),
then, once the parent says go, sends a request every second for 60 s (``note``, ``decision`` and
``statement`` in turn; seat i starts i/12 s into the second, so requests are spread) and polls its
``Follower`` every 0.05 s. Measured in the seats (``time.time``, same clock as the journal's
``wall`` column):

- action propagation: from just before ``SeatClient.request()`` until the seat's follower hands it
  the ``action`` (or ``refused``) record carrying that request's number;
- event propagation: for each ``fired`` record the seat may see, appended after go, the time the
  follower hands it over minus the record's ``wall`` (when the engine appended it). Target: p95
  at most 500 ms. Because ``wall`` is stamped when the engine gets round to the inject, this
  leaves out how late the engine itself was; so also shown, for each fired record, seen minus
  the moment its ``due_s`` came on the exercise clock (as the follower tracks it from the
  ``resume`` record at go). Posts are measured as fired records are, for information;
- errors: every exception in seats and facilitator is counted; those whose text says "locked"
  (SQLite's "database is locked", or the journal's "is locked by another process") separately.
  Target: none.

The facilitator reports its engine time (``Engine.advance_to`` and ``Engine.act``, wrapped), its
CPU time, the posts written, how long each ``desk.poll`` took and how late its 0.1 s tick woke.
Afterwards the journal is read to split action propagation into request -> action (the desk's
pick-up and the engine) and action -> seen (the seat's follower). 13 processes share the
machine's cores (2 on the project's machines); nothing is pinned.

Run: python bench/seats_load.py                      (about 80 s)
     python bench/seats_load.py --profile            (also: cProfile of the facilitator and of seat 1,
                                                      top 15 by own time)
     python bench/seats_load.py --seats 12 --seconds 60 --speed 10 --seat-poll 0.05
     python bench/seats_load.py --prefill 50000      (the journal already holds 50 000 answered
                                                      requests: late in a long exercise)
     python bench/seats_load.py --answered           (only: SeatDesk.answered() and poll() against
                                                      0 to 50 000 answered requests, one process)
     python bench/seats_load.py --quick              (2 seats x 3 s on a journal prefilled with 50
                                                      answered requests, then --answered for 0 and
                                                      100: about 10 s; that it works, not how fast)

Exits 1 when something did not work: an error in a seat or the facilitator ("locked" or any
other), a request left unanswered.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import queue
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

TARGET_MS = 500.0
SPEED = 10.0
SEATS = 12
SECONDS = 60
SEAT_POLL_S = 0.05
DESK_POLL_S = 0.1  # CrisisApp.SEAT_POLL_S
GRACE_S = 10.0  # how long a seat waits for its last answers after its last request
STORM_RATE = 180  # posts per simulated minute: 30 per wall second at 10x
INJECT_EVERY_S = 15  # simulated seconds between injects (each to two roles)
ALL_EVERY_S = 300  # simulated seconds between injects to all roles
DURATION_S = 30 * 60
ACTIONS = ("note", "decision", "statement")
QUICK_SEATS = 2
QUICK_SECONDS = 3
QUICK_PREFILL = 50
QUICK_ANSWERED_SIZES = (0, 100)

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
title: "Benchmark: 12 seats and a storm"
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
    warnings (the lint grows) are printed."""
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


def classify(exc: BaseException) -> str:
    text = str(exc)
    return "locked" if "locked" in text.lower() else f"{type(exc).__name__}: {text[:160]}"


def profile_text(profiler, top: int = 15) -> str:
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def prefill(journal, n: int, roles: list[str]) -> None:
    """``n`` answered requests (a request and its action each), as an exercise long under way holds:
    what ``SeatDesk.answered()`` reads again at every poll that finds a request."""
    now = time.time()
    for i in range(n):
        role = roles[i % len(roles)]
        text = f"{role}: note {i + 1} from earlier"
        seq = journal.append(0.0, now, "request", role, {"action": "note", "text": text})
        journal.append(0.0, now, "action", role, {"action": "note", "text": text, "request": seq})
    journal.commit()


ANSWERED_SIZES = (0, 1000, 5000, 20_000, 50_000)


def answered_growth(folder: Path, sizes: tuple[int, ...] = ANSWERED_SIZES) -> None:
    """How long ``SeatDesk.answered()`` and a ``SeatDesk.poll()`` that finds one request take as
    answered requests pile up (in one process; the rest of the journal does not matter: the
    kind index keeps posts out of it)."""
    from crisissim.engine.seats import SeatDesk
    from crisissim.exercise import load_checked, new_run
    from crisissim.journal.seat_client import SeatClient

    loaded = load_checked(write_scenario(folder))
    roles = list(loaded.scenario.roles)
    print(f"{'answered requests':>18} {'answered() ms':>14} {'poll() ms, 1 request':>21}")
    for n in sizes:
        run = new_run(
            loaded.scenario,
            loaded.text,
            str(loaded.file),
            seed=1,
            journal_path=folder / f"growth-{n}.sqlite",
            mode="serve",
        )
        desk = SeatDesk(run.journal, roles, now=lambda run=run: run.engine.now, wall=time.time)
        codes = desk.issue()
        run.engine.start()
        prefill(run.journal, n, roles)
        desk.catch_up()
        client = SeatClient(run.journal.path)
        client.join(codes["comms"], "comms")
        answered, polled = [], []
        for i in range(5):
            t = time.perf_counter()
            desk.answered()
            answered.append((time.perf_counter() - t) * 1000)
            client.request("note", {"text": f"one more {i}"})
            t = time.perf_counter()
            took = desk.poll(lambda role, kind, fields, extra, e=run.engine: e.act(role, kind, fields, extra=extra))
            polled.append((time.perf_counter() - t) * 1000)
            assert took == 1
        print(f"{n:>18} {pct(answered, 0.5):>14.1f} {pct(polled, 0.5):>21.1f}")
        client.close()
        run.journal.close()


# -- the facilitator process ---------------------------------------------------------------------


def facilitator_main(scenario_path: str, journal_path: str, out: mp.Queue, go, stop, opts: dict) -> None:
    try:
        out.put(("facilitator", _facilitator(Path(scenario_path), Path(journal_path), out, go, stop, opts)))
    except BaseException:
        out.put(("error", "facilitator:\n" + traceback.format_exc()))


def _facilitator(scenario_path: Path, journal_path: Path, out: mp.Queue, go, stop, opts: dict) -> dict:
    from crisissim.engine.clock import SimClock
    from crisissim.engine.drivers import LiveDriver
    from crisissim.engine.seats import SeatDesk
    from crisissim.exercise import load_checked, new_run

    loaded = load_checked(scenario_path)
    scenario = loaded.scenario
    run = new_run(
        scenario,
        loaded.text,
        str(loaded.file),
        seed=scenario.seed,
        journal_path=journal_path,
        mode="serve",
        speed=opts["speed"],
    )
    desk = SeatDesk(run.journal, list(scenario.roles), now=lambda: run.engine.now, wall=time.time)
    codes = desk.issue()
    engine = run.engine
    engine.start()  # as live_session: StartEx, clock paused until go
    if opts["prefill"]:
        prefill(run.journal, opts["prefill"], list(scenario.roles))
    clock = SimClock(time.monotonic, sim=engine.now, rate=opts["speed"], paused=True)
    driver = LiveDriver(engine, clock)
    desk.catch_up()

    errors: Counter[str] = Counter()
    engine_s = {"advance_to": 0.0, "act": 0.0}
    measuring = False

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                if measuring:
                    engine_s[name] += time.perf_counter() - t

        return wrapper

    engine.advance_to = timed("advance_to", engine.advance_to)  # instance attributes: driver calls these
    engine.act = timed("act", engine.act)

    def posts() -> int:
        return sum(r.count for r in engine.storms.values())

    poll_ms: list[float] = []
    poll_late_ms: list[float] = []
    info: dict = {}

    def act(role, kind, fields, extra):
        return driver.act(role, kind, fields, extra)

    async def run_driver() -> None:
        while True:
            try:
                await driver.run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # counted; the app would show it and the driver would stop
                errors["driver: " + classify(exc)] += 1
                await asyncio.sleep(0.01)

    async def desk_loop() -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due += DESK_POLL_S
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            woke = loop.time()
            late = max(0.0, woke - due)
            if late > DESK_POLL_S:
                due = woke  # like a Textual interval: missed ticks are not made up in a burst
            if engine.ended:
                continue
            t = time.perf_counter()
            try:
                desk.poll(act)
            except Exception as exc:
                errors["desk.poll: " + classify(exc)] += 1
                continue
            if measuring:
                poll_ms.append((time.perf_counter() - t) * 1000)
                poll_late_ms.append(late * 1000)

    async def main() -> None:
        nonlocal measuring
        driver_task = asyncio.create_task(run_driver())
        desk_task = asyncio.create_task(desk_loop())
        while not go.is_set():
            await asyncio.sleep(0.005)
        measuring = True
        info["posts_before"] = posts()
        info["cpu_before"] = time.process_time()
        info["go_wall"] = time.time()
        driver.resume()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        info["load_s"] = time.time() - info["go_wall"]
        info["cpu_s"] = time.process_time() - info["cpu_before"]
        info["posts"] = posts() - info["posts_before"]
        measuring = False
        for task in (driver_task, desk_task):
            task.cancel()
        await asyncio.gather(driver_task, desk_task, return_exceptions=True)

    out.put(("ready", codes))
    profiler = None
    if opts["profile"]:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        asyncio.run(main())
    finally:
        if profiler is not None:
            profiler.disable()
    t = time.perf_counter()
    answered = desk.answered()
    answered_ms = (time.perf_counter() - t) * 1000
    result = {
        **info,
        "engine_s": engine_s,
        "sim_s": engine.now,
        "taken": desk.taken,
        "refused": desk.refused,
        "answered_at_end": len(answered),
        "answered_ms_at_end": answered_ms,
        "records": run.journal.last_seq(),
        "poll_ms": poll_ms,
        "poll_late_ms": poll_late_ms,
        "errors": dict(errors),
        "profile": profile_text(profiler) if profiler is not None else "",
    }
    run.journal.close()
    return result


# -- a seat process ------------------------------------------------------------------------------


def seat_main(index: int, journal_path: str, role: str, code: str, out: mp.Queue, go, opts: dict) -> None:
    try:
        out.put(("seat", _seat(index, journal_path, role, code, out, go, opts)))
    except BaseException:
        out.put(("error", f"seat {role}:\n" + traceback.format_exc()))


def _seat(index: int, journal_path: str, role: str, code: str, out: mp.Queue, go, opts: dict) -> dict:
    from crisissim.journal.follower import Follower
    from crisissim.journal.seat_client import SeatClient

    errors: Counter[str] = Counter()
    for _ in range(10):
        try:
            client = SeatClient(journal_path)
            break
        except Exception as exc:
            errors["open: " + classify(exc)] += 1
            time.sleep(0.2)
    else:
        raise RuntimeError(f"seat {role} could not open the journal: {dict(errors)}")
    joined = None
    for _ in range(10):
        try:
            joined = client.join(code, role)
            break
        except Exception as exc:
            errors["join: " + classify(exc)] += 1
            time.sleep(0.2)
    if joined != role:
        raise RuntimeError(f"seat {role} could not join (got {joined!r}; errors {dict(errors)})")

    measuring = False
    t_start = float("inf")
    pending: dict[int, float] = {}  # request seq -> wall time just before request()
    action_ms: list[float] = []
    event_ms: list[float] = []
    due_ms: list[float] = []
    post_ms: list[float] = []
    answers: Counter[str] = Counter()

    def on_record(record) -> None:
        now = time.time()
        if not measuring:
            return
        kind = record.kind
        if kind == "post":
            if record.wall >= t_start:
                post_ms.append((now - record.wall) * 1000)
        elif kind in ("action", "refused"):
            t0 = pending.pop(record.payload.get("request"), None)
            if t0 is not None:
                action_ms.append((now - t0) * 1000)
                answers[kind] += 1
        elif kind == "fired" and record.wall >= t_start:
            event_ms.append((now - record.wall) * 1000)
            due_s = record.payload.get("due_s")
            if due_s is not None and not follower.paused:
                # when the exercise clock (resumed at go, as the follower tracks it) reached due_s
                due_wall = follower.anchor_wall + (float(due_s) - follower.anchor_sim) / follower.rate
                due_ms.append((now - due_wall) * 1000)

    follower = Follower(client.journal, role, on_record)

    def poll() -> None:
        try:
            follower.poll()
        except Exception as exc:
            errors["follower.poll: " + classify(exc)] += 1

    while follower.poll() >= 5000:  # catch up on what was there before the seat joined
        pass
    out.put(("joined", role))
    while not go.is_set():
        poll()
        time.sleep(opts["seat_poll"])

    profiler = None
    if opts["profile"] and index == 0:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu0 = time.process_time()
    t_start = time.time()
    measuring = True
    next_send = t_start + index / opts["seats"]
    next_poll = t_start
    sent = 0
    request_ms: list[float] = []
    last_send = t_start
    while True:
        now = time.time()
        if sent < opts["seconds"] and now >= next_send:
            kind = ACTIONS[sent % len(ACTIONS)]
            fields = {"text": f"{role}: {kind} {sent + 1} of {opts['seconds']}"}
            t0 = time.time()
            try:
                seq = client.request(kind, fields)
                pending[seq] = t0
            except Exception as exc:
                errors["request: " + classify(exc)] += 1
            request_ms.append((time.time() - t0) * 1000)
            sent += 1
            last_send = t0
            next_send += 1.0
        if now >= next_poll:
            poll()
            next_poll += opts["seat_poll"]
            if next_poll < now:
                next_poll = now + opts["seat_poll"]
        if sent >= opts["seconds"] and (not pending or time.time() > last_send + GRACE_S):
            break
        wait = min(next_poll, next_send if sent < opts["seconds"] else next_poll) - time.time()
        if wait > 0:
            time.sleep(wait)
    if profiler is not None:
        profiler.disable()
    result = {
        "role": role,
        "sent": sent,
        "answers": dict(answers),
        "unanswered": len(pending),
        "action_ms": action_ms,
        "event_ms": event_ms,
        "due_ms": due_ms,
        "post_ms": post_ms,
        "request_ms": request_ms,
        "cpu_s": time.process_time() - cpu0,
        "errors": dict(errors),
        "profile": profile_text(profiler) if profiler is not None else "",
    }
    client.close()
    return result


# -- the parent ----------------------------------------------------------------------------------


def journal_split(journal_path: Path, since: float) -> dict:
    """From the journal: request -> action (desk pick-up and engine) for the requests sent after
    go (``since``, wall time); action -> seen is the rest of action propagation."""
    from crisissim.journal import Journal

    with Journal.open(journal_path, readonly=True) as journal:
        requests = {r.seq: r for r in journal.records(kinds=("request",)) if r.wall >= since}
        answers = [r for r in journal.records(kinds=("action", "refused")) if r.payload.get("request") in requests]
        fired = journal.count("fired")
        total = journal.last_seq()
        posts = journal.count("post")
    return {
        "requests": len(requests),
        "pickup_ms": [(a.wall - requests[a.payload["request"]].wall) * 1000 for a in answers],
        "fired": fired,
        "records": total,
        "posts": posts,
    }


def line(label: str, values: list[float]) -> str:
    return (
        f"  {label:34} {len(values):>6} {pct(values, 0.5):>8.1f} {pct(values, 0.95):>8.1f} "
        f"{pct(values, 0.99):>8.1f} {max(values, default=float('nan')):>8.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seats", type=int, help=f"seat processes (at most {len(ROLES)}; {SEATS}, --quick: {QUICK_SEATS})"
    )
    parser.add_argument(
        "--seconds", type=int, help=f"requests per seat, one a second ({SECONDS}, --quick: {QUICK_SECONDS})"
    )
    parser.add_argument("--speed", type=float, default=SPEED, help="simulated seconds per wall second")
    parser.add_argument("--seat-poll", type=float, default=SEAT_POLL_S, help="seconds between follower polls")
    parser.add_argument("--profile", action="store_true", help="cProfile the facilitator and seat 1")
    parser.add_argument(
        "--prefill",
        type=int,
        metavar="N",
        help=f"start from a journal already holding N answered requests (late in a long exercise; "
        f"0, --quick: {QUICK_PREFILL})",
    )
    parser.add_argument(
        "--answered", action="store_true", help="only time SeatDesk.answered() and poll() against 0 to 50 000 answers"
    )
    parser.add_argument("--keep", metavar="FOLDER", help="write the scenario and journal here and keep them")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2 seats x 3 s on a small prefilled journal, then --answered at 0 and 100 (for CI: that it works)",
    )
    args = parser.parse_args()
    if args.seats is None:
        args.seats = QUICK_SEATS if args.quick else SEATS
    if args.seconds is None:
        args.seconds = QUICK_SECONDS if args.quick else SECONDS
    if args.prefill is None:
        args.prefill = QUICK_PREFILL if args.quick else 0
    if args.answered:
        with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
            answered_growth(Path(tmp), QUICK_ANSWERED_SIZES if args.quick else ANSWERED_SIZES)
        return 0
    if not 1 <= args.seats <= len(ROLES):
        parser.error(f"--seats must be 1 to {len(ROLES)}")
    opts = {
        "seats": args.seats,
        "seconds": args.seconds,
        "speed": args.speed,
        "seat_poll": args.seat_poll,
        "profile": args.profile,
        "prefill": args.prefill,
    }

    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        scenario_path = write_scenario(folder)
        journal_path = folder / f"seats-{os.getpid()}.sqlite"
        out = ctx.Queue()
        go, stop = ctx.Event(), ctx.Event()
        started = time.monotonic()
        facilitator = ctx.Process(
            target=facilitator_main, args=(str(scenario_path), str(journal_path), out, go, stop, opts)
        )
        facilitator.start()
        seats: list = []
        results: list[dict] = []
        fac: dict | None = None
        joined = 0
        wal_bytes = 0
        try:

            def take(timeout: float):
                try:
                    tag, body = out.get(timeout=timeout)
                except queue.Empty:
                    raise SystemExit(f"no word from the processes for {timeout:.0f} s") from None
                if tag == "error":
                    raise SystemExit(body)
                return tag, body

            tag, codes = take(60)
            assert tag == "ready", tag
            for i, role in enumerate(list(ROLES)[: args.seats]):
                seat = ctx.Process(
                    target=seat_main, args=(i, str(journal_path), role, codes[role], out, go, opts), name=f"seat-{role}"
                )
                seat.start()
                seats.append(seat)
            while joined < args.seats:
                tag, _ = take(120)
                joined += tag == "joined"
            print(f"facilitator and {args.seats} seats ready in {time.monotonic() - started:.1f} s; go")
            go.set()
            while len(results) < args.seats:
                tag, body = take(args.seconds + GRACE_S + 60)
                if tag == "seat":
                    results.append(body)
            wal = journal_path.with_name(journal_path.name + "-wal")
            wal_bytes = wal.stat().st_size if wal.exists() else 0
            stop.set()
            while fac is None:
                tag, body = take(60)
                if tag == "facilitator":
                    fac = body
        finally:
            go.set()
            stop.set()
            for p in [*seats, facilitator]:
                p.join(timeout=10)
                if p.is_alive():
                    p.terminate()
        assert fac is not None
        split = journal_split(journal_path, fac["go_wall"])
        journal_bytes = journal_path.stat().st_size

    assert fac is not None
    action = [x for r in results for x in r["action_ms"]]
    event = [x for r in results for x in r["event_ms"]]
    post = [x for r in results for x in r["post_ms"]]
    request = [x for r in results for x in r["request_ms"]]
    sent = sum(r["sent"] for r in results)
    answered = sum(sum(r["answers"].values()) for r in results)
    refused = sum(r["answers"].get("refused", 0) for r in results)
    seat_errors: Counter[str] = Counter()
    for r in results:
        seat_errors.update(r["errors"])
    fac_errors = Counter(fac["errors"])
    locked = sum(n for k, n in seat_errors.items() if k.endswith("locked"))
    locked += sum(n for k, n in fac_errors.items() if k.endswith("locked"))
    load_s = fac["load_s"]
    engine_s = sum(fac["engine_s"].values())

    print(
        f"\n{args.seats} seats x {args.seconds} s, one request a second each, follower polled every "
        f"{args.seat_poll:g} s; facilitator at {args.speed:g}x, desk polled every {DESK_POLL_S:g} s; "
        f"{os.cpu_count()} cores, 1 + {args.seats} processes, not pinned"
        + (f"; journal prefilled with {args.prefill} answered requests" if args.prefill else "")
    )
    print(
        f"requests: {sent} sent, {split['requests']} in the journal after go, {answered} answered in the seats "
        f"({refused} refused), {sum(r['unanswered'] for r in results)} unanswered; "
        f"desk took {fac['taken']}, refused {fac['refused']}"
    )
    print(f"  {'ms':34} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    print(line("action propagation", action))
    print(line("  request -> action (journal walls)", split["pickup_ms"]))
    print(line("  SeatClient.request() itself", request))
    print(line("event propagation (fired)", event))
    print(line("  fired: seen - due on the clock", [x for r in results for x in r["due_ms"]]))
    print(line("post propagation (for information)", post))
    print(line("facilitator desk.poll() duration", fac["poll_ms"]))
    print(line("facilitator 0.1 s tick woke late", fac["poll_late_ms"]))
    verdict = "met" if pct(event, 0.95) <= TARGET_MS else "MISSED"
    print(f"event propagation p95 {pct(event, 0.95):.1f} ms (target <= {TARGET_MS:.0f} ms: {verdict})")
    print(
        f"action propagation p95 {pct(action, 0.95):.1f} ms (target <= {TARGET_MS:.0f} ms: "
        f"{'met' if pct(action, 0.95) <= TARGET_MS else 'MISSED'})"
    )
    print(f"locked errors: {locked} (target 0)")
    other = {k: n for k, n in (seat_errors + fac_errors).items() if not k.endswith("locked")}
    if other or locked:
        print(f"  seats: {dict(seat_errors)}; facilitator: {dict(fac_errors)}")
    print(
        f"facilitator over {load_s:.1f} s: engine {engine_s:.2f} s ({100 * engine_s / load_s:.1f} %: "
        f"advance_to {fac['engine_s']['advance_to']:.2f} s, act {fac['engine_s']['act']:.2f} s), "
        f"CPU {fac['cpu_s']:.2f} s ({100 * fac['cpu_s'] / load_s:.1f} %); "
        f"{fac['posts']} posts ({fac['posts'] / load_s:.1f} per wall s), simulated T+{fac['sim_s'] / 60:.1f} min"
    )
    seat_cpu = [r["cpu_s"] for r in results]
    print(f"seats' CPU: {sum(seat_cpu):.2f} s in all ({min(seat_cpu):.2f} to {max(seat_cpu):.2f} s each)")
    print(
        f"journal: {split['records']} records ({split['posts']} posts, {split['fired']} fired), "
        f"{journal_bytes / 2**20:.1f} MiB, WAL {wal_bytes / 2**20:.1f} MiB before the facilitator closed; "
        f"SeatDesk.answered() at the end ({fac['answered_at_end']} answers): {fac['answered_ms_at_end']:.1f} ms"
    )
    if args.profile:
        print("\nfacilitator (whole asyncio loop), top 15 by own time:\n" + fac["profile"])
        first = next((r for r in results if r["profile"]), None)
        if first:
            print(f"seat {first['role']} (load phase), top 15 by own time:\n" + first["profile"])
    if args.quick:
        print()
        with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
            answered_growth(Path(tmp), QUICK_ANSWERED_SIZES)

    problems = []
    if locked or other:
        problems.append(f"errors: seats {dict(seat_errors)}; facilitator {dict(fac_errors)}")
    unanswered = sum(r["unanswered"] for r in results)
    if unanswered or answered != sent:
        problems.append(f"{sent} requests sent, {answered} answered, {unanswered} unanswered")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
