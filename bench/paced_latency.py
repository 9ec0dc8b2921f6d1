"""Paced injects: how late, in wall time, each inject reaches the journal when a scenario is played
against the wall clock (``crisissim simulate --speed R``: ``SimClock(time.monotonic)`` +
``drivers.play(clock=...)``), with a storm posting at the same time.

A 2-hour scenario with 30 injects at scattered ``at`` offsets (some at the same moment, some in
the storm's peak) is played at 600x (12 s of wall time) into a real journal. A listener notes
when each ``fired`` record is emitted and a wrapper on the sink's ``flush`` when it is
committed; the due wall time is the clock's anchor + due_s / rate (the clock is anchored when
it is made, as in ``cmd_simulate``, and never paused here). Target: every inject within 50 ms.

Run: python bench/paced_latency.py [--rate 600] [--runs 3]
     python bench/paced_latency.py --quick    (one run at 3600x with a storm of a tenth the size:
                                               2 s; that it works, not how late)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MS = 50.0
DURATION_S = 2 * 3600  # the scenario's duration: 2h
WINDOW_S = 20 * 60  # each enquiry's holding statement is expected within this (or by EndEx)
STORM_RATE = "rate: {start: 30, peak: 300, peak_at: 40m, end: 30}"
QUICK_RATE = 3600.0  # --quick: simulated seconds per wall second (2 s a run)
QUICK_STORM_SCALE = 0.1  # --quick: the storm's rate curve times this

# Offsets in seconds of the 30 injects (every 5th an enquiry): 0 s fires at StartEx, 1800/1800/1801
# are a burst, 2400-3000 is the storm's peak.
OFFSETS = [0, 45, 90, 151, 299, 300, 433, 600, 777, 901, 1200, 1499, 1800, 1800, 1801]
OFFSETS += [2100, 2400, 2411, 2700, 2999, 3000, 3333, 3600, 3900, 4321, 4800, 5400, 6000, 6666, 7100]

HEAD = """\
crisissim: 1
id: bench-paced
title: "Benchmark: 30 injects and a storm, paced"
language: en
summary: A synthetic scenario for bench/paced_latency.py.
organisation:
  name: Harbourside Homes
  short: Harbourside
  domain: harbourside-homes.example
start: 2026-04-13T08:50:00+01:00
duration: 2h
speed: 600
seed: 11
roles:
  comms: {name: Communications}
  dpo: {name: Data Protection Officer}
  it: {name: IT}
objectives:
  holding: Give a holding statement in time
events:
  - id: storm
    kind: storm
    title: "Storm: tenants react"
    at: 10m
    duration: 1h40m
    rate: {start: 30, peak: 300, peak_at: 40m, end: 30}
    crowd: {angry-customer: 4, troll: 1, privacy-activist: 2, supporter: 1, politician: 1}
    hashtags: ["#{{ org.short | lower }}", "#scamalert"]
    rumours: ["all tenants' bank details have been stolen"]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
"""


def scenario_text(storm_scale: float = 1.0) -> str:
    """The scenario; ``storm_scale`` multiplies the storm's rate curve (1: the benchmark's own)."""
    head = HEAD
    if storm_scale != 1.0:
        start, peak, end = (f"{n * storm_scale:g}" for n in (30, 300, 30))
        head = HEAD.replace(STORM_RATE, f"rate: {{start: {start}, peak: {peak}, peak_at: 40m, end: {end}}}")
    parts = [head]
    for i, at in enumerate(OFFSETS, 1):
        if i % 5 == 0:
            window = min(WINDOW_S, DURATION_S - at)  # a window past EndEx could never be missed (lint)
            parts.append(
                f"""  - id: enquiry-{i}
    kind: enquiry
    channel: phone
    journalist: {{persona: regional-reporter}}
    to: [comms]
    at: {at}s
    deadline: 20m
    title: "Reporter {i}: is {{{{ org.name }}}} hacked?"
    body: |
      Hello, is that the press office? It is {{{{ now.strftime('%H:%M') }}}}.
      - Has {{{{ org.name }}}} been hacked?
    expects:
      - {{id: holding-{i}, role: comms, action: statement, within: {window}s, objective: holding}}
"""
            )
        else:
            parts.append(
                f"""  - id: inject-{i}
    kind: inject
    channel: {"email" if i % 2 else "chat"}
    from: {{persona: regional-reporter}}
    to: [{"it, dpo" if i % 3 else "comms"}]
    at: {at}s
    title: "Update {i} at {{{{ now.strftime('%H:%M:%S') }}}}"
    body: |
      From {{{{ fake.name() }}}} about {{{{ org.name }}}}: update number {i}.
"""
            )
    return "".join(parts)


class Wall:
    """``time.monotonic`` that remembers its first reading: the SimClock's anchor."""

    def __init__(self) -> None:
        self.anchor: float | None = None

    def __call__(self) -> float:
        now = time.monotonic()
        if self.anchor is None:
            self.anchor = now
        return now


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def one_run(folder: Path, tag: str, rate: float, storm_scale: float = 1.0) -> dict:
    from crisissim.engine.clock import SimClock
    from crisissim.engine.drivers import play
    from crisissim.exercise import load_checked, new_run
    from crisissim.journal import records as rec

    path = folder / "bench-paced.yaml"
    path.write_text(scenario_text(storm_scale), encoding="utf-8")
    loaded = load_checked(path)
    if loaded.scenario is None or loaded.problems:
        raise SystemExit("bench scenario does not validate:\n" + "\n".join(str(p) for p in loaded.problems))
    scenario = loaded.scenario
    run = new_run(
        scenario,
        loaded.text,
        str(loaded.file),
        seed=scenario.seed,
        journal_path=folder / f"paced-{tag}.sqlite",
        mode="simulate",
        speed=rate,
    )
    fired: list[dict] = []  # event, due_s, due_wall, emitted, committed
    uncommitted: list[dict] = []
    post_late: list[float] = []
    wall = Wall()

    def due_wall(sim: float) -> float:
        assert wall.anchor is not None
        return wall.anchor + sim / rate

    def listener(sim: float, role: str | None, record: Any) -> None:
        now = time.monotonic()
        if isinstance(record, rec.Fired) and record.due_s is not None:  # the scenario's injects, not the press's
            entry = {"event": record.event, "due_s": record.due_s, "emitted": now}
            fired.append(entry)
            uncommitted.append(entry)
        elif isinstance(record, rec.Post):
            post_late.append(now - due_wall(sim))

    sink = run.engine.sink
    flush = sink.flush

    def timed_flush() -> None:
        flush()
        now = time.monotonic()
        for entry in uncommitted:
            entry["committed"] = now
        uncommitted.clear()

    sink.flush = timed_flush  # instance attribute: the engine calls self.sink.flush()
    run.engine.subscribe(listener)
    with run.journal:
        clock = SimClock(wall, sim=run.engine.now, rate=rate, paused=False)  # as cmd_simulate does
        started = time.monotonic()
        play(run.engine, [], clock=clock, done=run.done_steps)
        wall_s = time.monotonic() - started
    for entry in fired:
        entry["late_emit_ms"] = (entry["emitted"] - due_wall(entry["due_s"])) * 1000
        entry["late_commit_ms"] = (entry["committed"] - due_wall(entry["due_s"])) * 1000
    posts = sum(r.count for r in run.engine.storms.values())
    return {"fired": fired, "post_late_ms": [x * 1000 for x in post_late], "posts": posts, "wall_s": wall_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, help="simulated seconds per wall second (600; --quick: 3600)")
    parser.add_argument("--runs", type=int, help="runs (3; --quick: 1)")
    parser.add_argument(
        "--quick", action="store_true", help="one run at 3600x, the storm a tenth the size (for CI: that it works)"
    )
    args = parser.parse_args()
    if args.rate is None:
        args.rate = QUICK_RATE if args.quick else 600.0
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    storm_scale = QUICK_STORM_SCALE if args.quick else 1.0

    emit: list[float] = []
    commit: list[float] = []
    posts_ms: list[float] = []
    worst: list[tuple[float, str, float]] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
        for i in range(args.runs):
            r = one_run(Path(tmp), str(i), args.rate, storm_scale)
            if len(r["fired"]) != len(OFFSETS) + 1:
                problems.append(f"run {i + 1}: {len(r['fired'])} fired records, {len(OFFSETS) + 1} expected")
            late = [e["late_emit_ms"] for e in r["fired"]]
            late_c = [e["late_commit_ms"] for e in r["fired"]]
            print(
                f"run {i + 1}: {len(r['fired'])} fired (30 injects + the storm), {r['posts']} posts, "
                f"{r['wall_s']:.2f} s wall; "
                f"inject lateness p50 {statistics.median(late):.2f} ms, max {max(late):.2f} ms "
                f"(committed: max {max(late_c):.2f} ms)"
            )
            emit += late
            commit += late_c
            posts_ms += r["post_late_ms"]
            worst += [(e["late_commit_ms"], e["event"], e["due_s"]) for e in r["fired"]]
    n = len(emit)
    print(f"\nrate {args.rate:g}x, {args.runs} runs, {n} fired records in all:")
    print(f"{'':28} {'p50':>8} {'p95':>8} {'max':>8}")
    for label, values in (
        ("inject emitted (ms late)", emit),
        ("inject committed (ms late)", commit),
        ("storm posts emitted (ms late)", posts_ms),
    ):
        print(f"{label:28} {pct(values, 0.5):8.2f} {pct(values, 0.95):8.2f} {max(values):8.2f}")
    over = sum(1 for x in commit if x > TARGET_MS)
    print(
        f"injects committed more than {TARGET_MS:.0f} ms late: {over} of {n} ({'ok' if over == 0 else 'TARGET MISSED'})"
    )
    print(
        "latest injects (committed): " + ", ".join(f"{ev} @{due:g}s {ms:.1f} ms" for ms, ev, due in sorted(worst)[-3:])
    )
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
