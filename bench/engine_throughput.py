"""Headless throughput: a 72-hour scenario whose storms give a silent team about 100 000 posts,
played as fast as the machine allows into a real SQLite journal, exactly as ``crisissim
simulate`` does (``exercise.new_run`` + ``drivers.play``), pinned to one core.

Reports posts, wall seconds, posts per second (target >= 20 000/s), peak RSS and RSS every
10 000 posts (memory must stay flat), the median of 3 runs (each in its own process, so that
peak RSS is per run), and how long ``crisissim report`` (``debrief.summary.summarise``) takes
on the journal.

Run: python bench/engine_throughput.py              (3 runs, median)
     python bench/engine_throughput.py --profile    (one run under cProfile, top 10 by tottime)
     python bench/engine_throughput.py --quick      (one run, storms at 1/20 of the rate: about
                                                     5 000 posts; that it works, not how fast)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_POSTS_PER_S = 20_000
RUNS = 3
SAMPLE_EVERY = 10_000
SEED = 7
QUICK_SCALE = 0.05  # --quick: every storm rate times this (about 5 000 posts)
QUICK_SAMPLE_EVERY = 1_000

# Three 24-hour storms over a 72-hour exercise; expected posts (before reactions, which a silent
# team never triggers here): 46 800 + 30 240 + 23 040 = 100 080.
SCENARIO = """\
crisissim: 1
id: bench-throughput
title: "Benchmark: 72 hours, three storms, about 100 000 posts"
language: en
summary: A synthetic scenario for bench/engine_throughput.py.
organisation:
  name: Harbourside Homes
  short: Harbourside
  domain: harbourside-homes.example
start: 2026-04-13T08:50:00+01:00
duration: 72h
speed: 60
seed: 7
roles:
  comms: {name: Communications}
  dpo: {name: Data Protection Officer}
  it: {name: IT}
objectives:
  holding: Give a holding statement in time
  assess: Assess the breach
clocks:
  regulator-72h:
    label: Notify the regulator within 72 hours
    starts: {fired: findings}
    limit: 72h
    stops: {action: notify_regulator}
    objective: assess
events:
  - id: alert
    kind: inject
    channel: email
    from: Security alerts
    to: [it]
    at: 5m
    title: "Alert: risky sign-in on {{ org.domain }}"
    body: A risky sign-in was seen at {{ now.strftime('%H:%M') }}.
    expects:
      - {id: alert-reply, role: it, action: reply, within: 30m}
  - id: findings
    kind: inject
    channel: chat
    from: IT support
    to: [it, dpo]
    at: 40m
    title: Findings
    body: 1,380 emails were forwarded.
    expects:
      - {id: assess, role: dpo, action: decision, within: 2h, objective: assess}
  - id: reporter
    kind: enquiry
    channel: phone
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 50m
    deadline: 1h
    title: Tenants sent scam emails
    body: Has {{ org.name }} been hacked?
    expects:
      - {id: holding, role: comms, action: statement, within: 1h, objective: holding}
  - id: storm-a
    kind: storm
    title: "Storm: tenants react"
    at: 1h
    duration: 24h
    rate: {start: 5, peak: 60, peak_at: 6h, end: 5}
    crowd: {angry-customer: 4, troll: 1, privacy-activist: 2, supporter: 1}
    hashtags: ["#{{ org.short | lower }}", "#scamalert"]
    rumours: ["all tenants' bank details have been stolen"]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
  - id: day-two
    kind: inject
    channel: email
    to: all
    at: 24h
    title: Day two
    body: The regulator has called.
  - id: storm-b
    kind: storm
    title: "Storm: the story spreads"
    at: 20h
    duration: 24h
    rate: {start: 2, peak: 40, peak_at: 4h, end: 2}
    crowd: {angry-customer: 3, troll: 2, privacy-activist: 1, supporter: 1, politician: 1}
    hashtags: ["#{{ org.short | lower }}"]
    reacts:
      - {when: {action: post, role: comms}, rate: 0.8, sentiment: 0.1}
  - id: day-three
    kind: inject
    channel: email
    to: all
    at: 48h
    title: Day three
    body: The story is in the national press.
  - id: storm-c
    kind: storm
    title: "Storm: the national story"
    at: 46h
    duration: 24h
    rate: {start: 2, peak: 30, peak_at: 3h, end: 2}
    crowd: {angry-customer: 2, troll: 1, privacy-activist: 2, supporter: 2}
    hashtags: ["#datalek", "#{{ org.short | lower }}"]
    rumours: ["{{ org.short }} paid the criminals"]
    reacts:
      - {when: {action: statement}, rate: 0.5, sentiment: 0.3}
  - id: wrap-up
    kind: inject
    channel: chat
    to: all
    at: 71h
    title: Wrap up
    body: Three lines for the board, please.
"""


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
        return "pinned to core 0"
    return "not pinned (no sched_setaffinity)"


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


RATE = re.compile(r"rate: \{start: (\d+), peak: (\d+), peak_at: (\w+), end: (\d+)\}")


def scenario_text(scale: float = 1.0) -> str:
    """SCENARIO with every storm's rate curve times ``scale`` (1: the benchmark's own)."""
    if scale == 1.0:
        return SCENARIO

    def scaled(m: re.Match[str]) -> str:
        start, peak, end = (float(m[i]) * scale for i in (1, 2, 4))
        return f"rate: {{start: {start:g}, peak: {peak:g}, peak_at: {m[3]}, end: {end:g}}}"

    text, n = RATE.subn(scaled, SCENARIO)
    assert n == 3, f"{n} storm rates scaled, 3 expected"
    return text


def write_scenario(folder: Path, scale: float = 1.0) -> Path:
    """The scenario file (storm rates times ``scale``), checked as ``crisissim validate --strict``
    checks it: any error or warning stops the bench."""
    from crisissim.exercise import load_checked

    path = folder / "bench-throughput.yaml"
    path.write_text(scenario_text(scale), encoding="utf-8")
    loaded = load_checked(path)
    if loaded.scenario is None or loaded.problems:
        raise SystemExit("bench scenario does not validate:\n" + "\n".join(str(p) for p in loaded.problems))
    return path


def one_run(folder: Path, tag: str, profiler=None, scale: float = 1.0, sample_every: int = SAMPLE_EVERY) -> dict:
    """One headless run into a new journal, as ``crisissim simulate SCENARIO --journal J`` does."""
    from crisissim.engine.drivers import play
    from crisissim.engine.storms import expected_posts
    from crisissim.exercise import load_checked, new_run
    from crisissim.journal.records import Post

    pinned = pin_one_core()
    loaded = load_checked(write_scenario(folder, scale))
    scenario = loaded.scenario
    expected = sum(expected_posts(e.rate, e.duration) for e in scenario.events if e.kind == "storm")
    journal_path = folder / f"run-{tag}.sqlite"
    rss_before = rss_bytes()
    samples: list[tuple[int, int, int]] = []
    count = 0
    storms: dict = {}

    def listener(sim: float, role: str | None, record: Any) -> None:
        nonlocal count
        if isinstance(record, Post):
            count += 1
            if count % sample_every == 0:
                # the storms' account caches are the one thing expected to grow (at most 3000 each)
                accounts = sum(len(r._accounts) for r in storms.values())
                samples.append((count, rss_bytes(), accounts))

    started = time.perf_counter()
    run = new_run(
        scenario, loaded.text, str(loaded.file), seed=scenario.seed, journal_path=journal_path, mode="simulate"
    )
    storms = run.engine.storms
    run.engine.subscribe(listener)
    with run.journal:
        if profiler is not None:
            profiler.enable()
        play_started = time.perf_counter()
        report = play(run.engine, [], clock=None, done=run.done_steps)
        play_s = time.perf_counter() - play_started
        if profiler is not None:
            profiler.disable()
    total_s = time.perf_counter() - started
    posts = sum(r.count for r in run.engine.storms.values())
    peak = peak_rss_bytes()
    rss_after = rss_bytes()
    assert run.engine.ended and not report.refused and posts == count

    from crisissim.debrief.summary import summarise
    from crisissim.journal import Journal

    report_started = time.perf_counter()
    with Journal.open(journal_path, readonly=True) as journal:
        summary = summarise(journal)
    report_s = time.perf_counter() - report_started
    assert summary["posts"]["total"] == posts
    return {
        "pinned": pinned,
        "expected": round(expected),
        "posts": posts,
        "play_s": play_s,
        "total_s": total_s,
        "posts_per_s": posts / play_s,
        "rss_before": rss_before,
        "samples": samples,
        "rss_after": rss_after,
        "peak_rss": peak,
        "report_s": report_s,
        "report_peak_rss": peak_rss_bytes(),
        "journal_bytes": journal_path.stat().st_size
        + sum(p.stat().st_size for p in folder.glob(f"run-{tag}.sqlite-*") if p.exists()),
    }


def cli_report_seconds(journal: Path, folder: Path) -> float:
    """``crisissim report JOURNAL`` as a user runs it, start-up included."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crisissim", "report", str(journal), "--output", str(folder / "report.json")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def compare_with(revision: str, runs: int, scale: float) -> None:
    """This tree's engine and ``revision``'s, run after run in turn on the same machine: the
    ratio of their posts per second is what a refactor may not lower (the machine is shared and
    noisy, so the spread is printed too)."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="crisissim-against-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(root), "worktree", "add", "--detach", str(tree), revision],
            check=True,
            capture_output=True,
        )
        try:
            old_env = {**os.environ, "PYTHONPATH": str(tree)}
            rates: dict[str, list[float]] = {"this tree": [], revision: []}
            for i in range(runs):
                for name, script, env, extra in (
                    ("this tree", Path(__file__), os.environ, ["--scale", str(scale)]),
                    (revision, tree / "bench" / "engine_throughput.py", old_env, []),
                ):
                    folder = Path(tmp) / f"{'new' if script == Path(__file__) else 'old'}-{i}"
                    folder.mkdir()
                    out = subprocess.run(
                        [sys.executable, str(script), "--one", str(folder), "--tag", str(i), *extra],
                        check=True,
                        capture_output=True,
                        text=True,
                        env=env,
                        cwd=tmp,
                    ).stdout
                    result = json.loads(out.strip().splitlines()[-1])
                    rates[name].append(result["posts"] / result["play_s"])
        finally:
            subprocess.run(
                ["git", "-C", str(root), "worktree", "remove", "--force", str(tree)], check=False, capture_output=True
            )
    print(f"{'engine':>12} {'median posts/s':>15} {'min':>8} {'max':>8}  ({runs} alternating runs each)")
    for name, values in rates.items():
        print(f"{name:>12} {statistics.median(values):15.0f} {min(values):8.0f} {max(values):8.0f}")
    ratio = statistics.median(rates["this tree"]) / statistics.median(rates[revision])
    print(f"this tree / {revision}: {ratio:.2f}x posts per second")


def mib(n: float) -> str:
    return f"{n / 2**20:6.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="0", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--sample-every", type=int, default=SAMPLE_EVERY, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="one run under cProfile; top 10 by tottime")
    parser.add_argument(
        "--quick", action="store_true", help="one run of about 5 000 posts (for CI: that it works, not how fast)"
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also run git revision REV's engine (its own copy of this benchmark), alternating runs, and compare",
    )
    args = parser.parse_args()
    if args.against:
        compare_with(args.against, RUNS if not args.quick else 1, QUICK_SCALE if args.quick else 1.0)
        return

    if args.one:  # a child: one run, one JSON line
        print(json.dumps(one_run(Path(args.one), args.tag, scale=args.scale, sample_every=args.sample_every)))
        return

    runs, scale, sample_every = (1, QUICK_SCALE, QUICK_SAMPLE_EVERY) if args.quick else (RUNS, 1.0, SAMPLE_EVERY)

    with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
        folder = Path(tmp)
        if args.profile:
            import cProfile
            import pstats

            pin_one_core()
            profiler = cProfile.Profile()
            result = one_run(folder, "profile", profiler, scale, sample_every)  # profiles play() only
            print(f"{result['posts']} posts in {result['play_s']:.2f} s of play() under cProfile")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(10)
            return

        results = []
        for i in range(runs):
            child = ["--one", str(folder), "--tag", str(i), "--scale", str(scale), "--sample-every", str(sample_every)]
            out = subprocess.run(
                [sys.executable, __file__, *child],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
        cli_s = cli_report_seconds(folder / "run-0.sqlite", folder)

    r0 = results[0]
    quick = f"; quick: storm rates x {scale:g}, {runs} run" if args.quick else ""
    print(f"scenario: 72 h, 3 storms, {r0['expected']} posts expected; seed {SEED}; {r0['pinned']}{quick}")
    print(f"{'run':>4} {'posts':>8} {'play s':>7} {'posts/s':>8} {'peak RSS':>11} {'report s':>9}")
    for i, r in enumerate(results):
        print(
            f"{i + 1:>4} {r['posts']:>8} {r['play_s']:>7.2f} {r['posts_per_s']:>8.0f} "
            f"{mib(r['peak_rss']):>11} {r['report_s']:>9.2f}"
        )
    med = {
        k: statistics.median(r[k] for r in results)
        for k in ("play_s", "total_s", "posts_per_s", "peak_rss", "report_s")
    }
    verdict = "ok" if med["posts_per_s"] >= TARGET_POSTS_PER_S else "BELOW TARGET"
    print(
        f"median: {med['play_s']:.2f} s play ({med['total_s']:.2f} s with journal creation), "
        f"{med['posts_per_s']:.0f} posts/s (target >= {TARGET_POSTS_PER_S}: {verdict})"
    )
    print(f"median peak RSS (ru_maxrss, before report): {mib(med['peak_rss'])}")
    print(f"journal size: {mib(r0['journal_bytes'])}")
    print("RSS while playing (run 1):")
    print(f"  before play     {mib(r0['rss_before'])}")
    for n, rss, accounts in r0["samples"]:
        mark = "  <-" if n in (10_000, 50_000, 100_000) else ""
        print(f"  at {n:>7} posts {mib(rss)}  ({accounts:>4} crowd accounts made){mark}")
    print(f"  after EndEx     {mib(r0['rss_after'])}")
    print(f"summarise (crisissim report, in-process): median {med['report_s']:.2f} s")
    print(f"crisissim report JOURNAL (CLI, start-up included): {cli_s:.2f} s")


if __name__ == "__main__":
    main()
