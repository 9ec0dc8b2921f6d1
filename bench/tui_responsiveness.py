"""Terminal UI responsiveness under a storm: event-loop lag, keypress-to-screen, and memory after
100 000 posts, with the real app (``CrisisApp(session, live=True)``: the LiveDriver worker runs
against ``time.monotonic``) driven headless by ``App.run_test(size=(160, 48))``.

A 40-hour English scenario with 5 roles, 7 injects and one storm from T+0 to T+36h at a
constant 60 posts per simulated minute (1 post per simulated second, no thinning) is written to
a temp folder, checked with ``exercise.load_checked`` and started as ``crisissim run`` starts it
(``exercise.new_run`` + ``session.live_session`` into a real SQLite journal). At 50x that is 50 posts
per wall second. StartEx is dismissed with space, so the clock runs.

Phases (one app, one process, about 90 s):

0. floor (2 s, before the app starts): the heartbeat in a bare asyncio loop.
1. StartEx (3 s, from 1 s after start-up, clock paused): for information.
2. storm (30 s at 50x): a heartbeat task in the app's event loop sleeps 10 ms again and again and
   records how late it wakes (actual - expected); p50/p95/p99/max. Target: p95 <= 50 ms.
   Also counted: posts (an engine listener), frames, screen-update cost, gen-2 GC pauses.
3. keys (30 presses of space with ``pilot.press``, pause and resume in turn, a second of storm
   before each pause): keypress-to-screen = from just before ``pilot.press("space")`` until the
   first frame that shows the new state (PAUSED or RUNNING) has been produced. Frames are caught
   in ``App._display``, where Textual hands each compositor update to the terminal (which is a
   no-op when headless); the hook renders the update to the escape-sequence string a terminal
   would be sent (``render_segments``, so that cost stays in the loop) and looks for the state
   word in it. Target: every press within 100 ms (max; p95 shown too).
4. memory (speed raised to 3600x with ``driver.set_speed``: 3600 posts per wall second): RSS
   (/proc/self/statm) when 10k, 25k, 50k, 75k and 100k posts have gone through the read model
   (``session.view``), with the app mounted and refreshing. Target: flat.

Run: python bench/tui_responsiveness.py
     python bench/tui_responsiveness.py --profile      (phases 0-2 only; phase 2 under cProfile, top 25
                                                      by cumulative time)
     python bench/tui_responsiveness.py --widgets      (phases 0-2 only; wall time of Widget.render_lines
                                                      by widget in phase 2, without cProfile)
     python bench/tui_responsiveness.py --try gc-freeze,skip-unchanged
         experiments, not changes: gc-freeze calls gc.collect() and gc.freeze() when StartEx is
         dismissed; skip-unchanged makes Static.update a no-op when given what it already shows.
     python bench/tui_responsiveness.py --quick        (every phase, shortened: 3 s of storm, 4 presses,
                                                      5 000 posts; about 10 s; that it works, not how fast)

Exits 1 when something did not work (a press showed no frame, the storm posted nothing, the
memory phase did not reach its posts), not when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LAG_TARGET_MS = 50.0
KEY_TARGET_MS = 100.0
HEARTBEAT_S = 0.010
SPEED = 50.0  # 60 posts per simulated minute at 50x: 50 posts per wall second
MEMORY_SPEED = 3600.0  # the top of the speed ladder (MainScreen.SPEEDS)
SAMPLE_AT = (10_000, 25_000, 50_000, 75_000, 100_000)
SIZE = (160, 48)


@dataclass(frozen=True)
class Plan:
    """How long each phase lasts."""

    floor_s: float = 2.0  # phase 0
    startex_settle_s: float = 1.0  # phase 1: after start-up, before measuring
    startex_s: float = 3.0  # phase 1
    storm_s: int = 30  # phase 2, in seconds of one sample each
    presses: int = 30  # phase 3
    sample_at: tuple[int, ...] = SAMPLE_AT  # phase 4: RSS at these post counts
    memory_timeout_s: float = 120.0  # phase 4 gives up after this


FULL = Plan()
QUICK = Plan(
    floor_s=0.5,
    startex_settle_s=0.5,
    startex_s=0.5,
    storm_s=3,
    presses=4,
    sample_at=(1_000, 2_500, 5_000),
    memory_timeout_s=60.0,
)

SCENARIO = """\
crisissim: 1
id: bench-tui
title: "Benchmark: a storm of 50 posts per second on screen"
language: en
summary: A synthetic scenario for bench/tui_responsiveness.py.
organisation:
  name: Harbourside Homes
  short: Harbourside
  domain: harbourside-homes.example
start: 2026-04-13T08:50:00+01:00
duration: 40h
speed: 50
seed: 13
roles:
  comms: {name: Communications}
  dpo: {name: Data Protection Officer}
  it: {name: IT}
  legal: {name: Legal}
  exec: {name: Executive}
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
  - id: storm
    kind: storm
    title: "Storm: tenants react"
    at: 0s
    duration: 36h
    rate: 60
    crowd: {angry-customer: 4, troll: 1, privacy-activist: 2, supporter: 1, politician: 1}
    hashtags: ["#{{ org.short | lower }}", "#scamalert"]
    rumours: ["all tenants' bank details have been stolen"]
    reacts:  # on an action no one takes here: the storm stays at one post a simulated second
      - {when: {action: notify_subjects}, rate: 0.5, sentiment: 0.3}
  - id: alert
    channel: email
    from: Security alerts
    to: [it]
    at: 0s
    title: "Alert: risky sign-in on {{ org.domain }}"
    body: A risky sign-in was seen at {{ now.strftime('%H:%M') }}.
    expects:
      - {id: decide, role: it, action: reply, within: 30m}
  - id: findings
    channel: chat
    from: IT support
    to: [it, dpo, legal]
    at: 3m
    title: Findings
    body: 1,380 emails were forwarded to an outside address.
    expects:
      - {id: assess, role: dpo, action: decision, within: 2h, objective: assess}
  - id: reporter
    kind: enquiry
    channel: phone
    journalist: {persona: regional-reporter}
    to: [comms]
    at: 8m
    deadline: 1h
    title: Tenants sent scam emails
    body: Has {{ org.name }} been hacked?
    expects:
      - {id: holding, role: comms, action: statement, within: 1h, objective: holding}
  - id: board
    channel: email
    from: The chair
    to: [exec, legal]
    at: 15m
    title: The board wants a briefing
    body: Three lines by noon, please.
  - id: overnight
    to: all
    at: 12h
    title: Overnight
    body: The night shift asks for an update.
  - id: day-two
    to: all
    at: 24h
    title: Day two
    body: The regulator has called.
  - id: day-two-evening
    to: all
    at: 36h
    title: Day two, evening
    body: The storm is dying down; what do we say tomorrow?
"""


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def mib(n: float) -> str:
    return f"{n / 2**20:6.1f} MiB"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": pct(values, 0.50),
        "p95": pct(values, 0.95),
        "p99": pct(values, 0.99),
        "max": max(values),
    }


def write_scenario(folder: Path) -> Path:
    from crisissim.exercise import load_checked

    path = folder / "bench-tui.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    loaded = load_checked(path)
    if loaded.scenario is None or loaded.problems:
        raise SystemExit("bench scenario does not validate:\n" + "\n".join(str(p) for p in loaded.problems))
    return path


def make_live_app(folder: Path):
    """As tests/functional_tests/tui_support.make_app, but with the real wall clock and the
    LiveDriver worker running (``live=True``), as ``crisissim run`` does."""
    from crisissim.exercise import load_checked, new_run
    from crisissim.tui.app import CrisisApp
    from crisissim.tui.session import live_session

    loaded = load_checked(write_scenario(folder))
    s = loaded.scenario
    run = new_run(s, loaded.text, str(loaded.file), seed=s.seed, journal_path=folder / "tui.sqlite", mode="run")
    session = live_session(run, speed=SPEED, language="en", wall=time.monotonic)
    return CrisisApp(session, report_folder=folder / "reports", live=True)


class Heartbeat:
    """Sleeps HEARTBEAT_S in the running event loop, again and again; notes how late it wakes (ms)."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def _beat(self) -> None:
        clock = time.perf_counter
        while True:
            before = clock()
            await asyncio.sleep(HEARTBEAT_S)
            self.samples.append((clock() - before - HEARTBEAT_S) * 1000)

    def take(self) -> list[float]:
        samples, self.samples = self.samples, []
        return samples

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


class FrameWatch:
    """Wraps ``App._display``: each compositor update is rendered to the string a terminal would
    be sent, counted, and searched for the state word being waited for."""

    def __init__(self, app) -> None:
        from textual._compositor import CompositorUpdate

        self.app = app
        self.update_type = CompositorUpdate
        self.original = app._display
        self.frames = 0
        self.render_s = 0.0
        self.want: str | None = None
        self.seen_at: float | None = None
        app._display = self

    def arm(self, word: str) -> None:
        self.want, self.seen_at = word, None

    def __call__(self, screen, renderable) -> None:
        self.original(screen, renderable)
        if not isinstance(renderable, self.update_type) or self.app._batch_count:
            return
        started = time.perf_counter()
        text = renderable.render_segments(self.app.console)
        done = time.perf_counter()
        self.frames += 1
        self.render_s += done - started
        if self.want is not None and self.want in text:
            self.seen_at, self.want = done, None


class ScreenUpdates:
    """Times ``Screen._on_timer_update`` (layout, compositing, our frame hook): one per frame."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.samples: list[float] = []
        original = Screen._on_timer_update

        def timed(screen) -> None:
            started = time.perf_counter()
            original(screen)
            self.samples.append((time.perf_counter() - started) * 1000)

        Screen._on_timer_update = timed

    def take(self) -> list[float]:
        samples, self.samples = self.samples, []
        return [ms for ms in samples if ms >= 1.0]  # ticks that produced nothing are ~0.1 ms


class GcPauses:
    """Each generation-2 collection (gc.callbacks): when it started (perf_counter) and its ms."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif info["generation"] == 2:
            self.samples.append((self._started, (time.perf_counter() - self._started) * 1000))

    def take(self) -> list[float]:
        samples, self.samples = self.samples, []
        return [ms for _, ms in samples]

    def within(self, start: float, end: float) -> bool:
        return any(start <= at <= end for at, _ in self.samples)


class Counter:
    """An engine listener after the read model's: counts posts, samples RSS at thresholds."""

    def __init__(self, engine, sample_at: tuple[int, ...] = SAMPLE_AT) -> None:
        self.engine = engine
        self.posts = 0
        self.samples: list[tuple[int, int, int]] = []  # posts, RSS, crowd accounts made
        self._next = list(sample_at)

    def __call__(self, sim: float, role: str | None, record: Any) -> None:
        from crisissim.journal.records import Post

        if isinstance(record, Post):
            self.posts += 1
            if self._next and self.posts >= self._next[0]:
                self._next.pop(0)
                accounts = sum(len(r._accounts) for r in self.engine.storms.values())
                self.samples.append((self.posts, rss_bytes(), accounts))


def skip_unchanged_static_updates() -> None:
    """Experiment: ``Static.update`` does nothing when given what the widget already shows."""
    from textual.widgets import Static

    original = Static.update

    def update(self, content="", *, layout: bool = True) -> None:
        try:
            if content == self._Static__content:
                return
        except Exception:  # a renderable that cannot be compared: update it
            pass
        original(self, content, layout=layout)

    Static.update = update


class WidgetCosts:
    """For --widgets: wall ms of each ``Widget.render_lines`` call while on, by widget (class#id)."""

    def __init__(self) -> None:
        from textual.widget import Widget

        self.on = False
        self.costs: dict[str, list[float]] = {}
        original = Widget.render_lines

        def timed(widget, crop):
            if not self.on:
                return original(widget, crop)
            started = time.perf_counter()
            try:
                return original(widget, crop)
            finally:
                key = f"{type(widget).__name__}#{widget.id}" if widget.id else type(widget).__name__
                self.costs.setdefault(key, []).append((time.perf_counter() - started) * 1000)

        Widget.render_lines = timed

    def enable(self) -> None:
        self.on = True

    def disable(self) -> None:
        self.on = False


async def drive(app, *, profiler=None, gc_freeze: bool = False, plan: Plan = FULL) -> dict:
    from textual.widgets import Input

    from crisissim.tui.screens.startex import StartExScreen
    from crisissim.tui.widgets.status_bar import StatusBar

    session = app.session
    engine, view, clock, driver = session.engine, session.view, session.clock, session.driver
    labels = session.labels
    counter = Counter(engine, plan.sample_at)
    engine.subscribe(counter)
    out: dict = {}

    beat = Heartbeat()
    beat.start()
    await asyncio.sleep(plan.floor_s)
    out["floor"] = summary(beat.take())
    beat.stop()

    # when the key's action reached the driver (pause or resume)
    toggled: list[float] = []
    for name in ("pause", "resume"):
        original = getattr(driver, name)

        def wrapped(original=original) -> None:
            toggled.append(time.perf_counter())
            original()

        setattr(driver, name, wrapped)

    updates = ScreenUpdates()
    pauses = GcPauses()
    async with app.run_test(size=SIZE) as pilot:
        frames = FrameWatch(app)
        beat = Heartbeat()
        beat.start()

        # 1. StartEx on screen, clock paused
        assert isinstance(app.screen, StartExScreen)
        await asyncio.sleep(plan.startex_settle_s)
        beat.take()
        await asyncio.sleep(plan.startex_s)
        out["startex"] = summary(beat.take())

        # 2. storm
        await pilot.press("space")  # StartEx
        assert not clock.paused and app.screen is app.main
        assert not isinstance(app.focused, Input)  # space must reach the screen's binding
        if gc_freeze:
            gc.collect()
            gc.freeze()
        beat.take()
        updates.take()
        pauses.take()
        posts0, sim0, frames0, render0 = counter.posts, engine.now, frames.frames, frames.render_s
        started = time.perf_counter()
        per_second: list[int] = []
        if profiler is not None:
            profiler.enable()
        for _ in range(plan.storm_s):
            mark = counter.posts
            await asyncio.sleep(1.0)
            per_second.append(counter.posts - mark)
        if profiler is not None:
            profiler.disable()
        out["storm_wall"] = time.perf_counter() - started
        out["storm"] = summary(beat.take())
        out["storm_updates"] = summary(updates.take())
        out["storm_gc2"] = pauses.take()
        out["storm_posts"] = counter.posts - posts0
        out["storm_sim"] = engine.now - sim0
        out["storm_per_second"] = per_second
        out["storm_frames"] = frames.frames - frames0
        out["storm_render_ms"] = (frames.render_s - render0) * 1000
        if profiler is not None:
            beat.stop()
            return out

        # 3. keys
        key_ms: dict[str, list[float]] = {labels.paused: [], labels.running: []}
        slow: list[tuple[float, bool]] = []  # presses over target: ms, gen-2 GC pause in between
        action_ms: list[float] = []
        press_ms: list[float] = []
        missed = 0
        posts0 = counter.posts
        started = time.perf_counter()
        for _ in range(plan.presses):
            word = labels.running if clock.paused else labels.paused
            toggled.clear()
            frames.arm(word)
            t0 = time.perf_counter()
            await pilot.press("space")
            press_ms.append((time.perf_counter() - t0) * 1000)
            deadline = t0 + 2.0
            while frames.seen_at is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            assert word in str(app.main.query_one(StatusBar).render()), word
            if frames.seen_at is None:
                missed += 1
            else:
                ms = (frames.seen_at - t0) * 1000
                key_ms[word].append(ms)
                if ms > KEY_TARGET_MS:
                    slow.append((ms, pauses.within(t0, frames.seen_at)))
            if toggled:
                action_ms.append((toggled[0] - t0) * 1000)
            # paused briefly, then a second of storm before the next pause
            await asyncio.sleep(0.2 if clock.paused else 1.0)
        out["keys_wall"] = time.perf_counter() - started
        out["keys_posts"] = counter.posts - posts0
        out["keys_lag"] = summary(beat.take())
        out["keys_gc2"] = pauses.take()
        out["key"] = {w: summary(v) for w, v in key_ms.items() if v}
        out["key_all"] = summary([ms for v in key_ms.values() for ms in v])
        out["key_action"] = summary(action_ms)
        out["key_press_call"] = summary(press_ms)
        out["key_missed"] = missed
        out["key_slow"] = slow
        if clock.paused:
            await pilot.press("space")

        # 4. memory
        gc.collect()
        out["rss_before"] = (counter.posts, rss_bytes())
        posts0, frames0 = counter.posts, frames.frames
        driver.set_speed(MEMORY_SPEED)
        started = time.perf_counter()
        out["memory_target"] = plan.sample_at[-1]
        while counter.posts < plan.sample_at[-1] and time.perf_counter() - started < plan.memory_timeout_s:
            await asyncio.sleep(0.1)
        out["memory_wall"] = time.perf_counter() - started
        out["memory_reached"] = counter.posts
        out["memory_posts"] = counter.posts - posts0
        out["memory_frames"] = frames.frames - frames0
        out["memory_lag"] = summary(beat.take())
        out["memory_samples"] = counter.samples
        out["view_posts"] = len(view.posts)
        out["view_post_version"] = view.post_version
        out["storm_posts_total"] = sum(r.count for r in engine.storms.values())
        out["accounts"] = sum(len(r._accounts) for r in engine.storms.values())
        driver.pause()
        await pilot.pause(0.3)
        gc.collect()
        out["rss_after"] = (counter.posts, rss_bytes())
        beat.stop()
    return out


def report(r: dict) -> None:
    def line(name: str, s: dict, target: float | None = None, key: str = "p95") -> None:
        verdict = ""
        if target is not None:
            verdict = f"  ({key} target <= {target:g} ms: {'ok' if s[key] <= target else 'OVER TARGET'})"
        print(
            f"  {name:<36} n={s['n']:>5}  p50 {s['p50']:6.1f}  p95 {s['p95']:6.1f}  "
            f"p99 {s['p99']:6.1f}  max {s['max']:6.1f} ms{verdict}"
        )

    def gc2(values: list[float]) -> str:
        return f"{len(values)} gen-2 GC pauses" + (f", {min(values):.0f} to {max(values):.0f} ms" if values else "")

    print(f"headless App.run_test size {SIZE[0]}x{SIZE[1]}, LiveDriver on time.monotonic, {os.cpu_count()} cores")
    print(f"event-loop lag (a {HEARTBEAT_S * 1000:g} ms sleep in the loop, how late it wakes), ms:")
    line("floor (bare asyncio loop)", r["floor"])
    line("StartEx on screen, clock paused", r["startex"])
    rate = r["storm_posts"] / r["storm_wall"]
    line(f"storm at {SPEED:g}x ({rate:.1f} posts/s)", r["storm"], LAG_TARGET_MS)
    ps = r["storm_per_second"]
    print(
        f"    {r['storm_posts']} posts in {r['storm_wall']:.1f} s wall ({r['storm_sim']:.0f} sim s, "
        f"{r['storm_sim'] / r['storm_wall']:.1f}x); per second min {min(ps)}, max {max(ps)}; {gc2(r['storm_gc2'])}"
    )
    print(
        f"    {r['storm_frames']} frames ({r['storm_frames'] / r['storm_wall']:.1f}/s), "
        f"{r['storm_render_ms']:.0f} ms in all rendering them to terminal strings"
    )
    line("screen update per frame (storm)", r["storm_updates"])
    if "key" not in r:
        return
    line("during the key presses", r["keys_lag"])
    print(f"keypress-to-screen (space; {r['keys_posts']} posts in {r['keys_wall']:.1f} s; {gc2(r['keys_gc2'])}), ms:")
    for word, s in r["key"].items():
        line(f"-> {word}", s)
    line("all presses", r["key_all"], KEY_TARGET_MS, key="max")
    line("press -> driver pause/resume called", r["key_action"])
    line("pilot.press() returned", r["key_press_call"])
    for ms, collected in r["key_slow"]:
        print(f"    over target: {ms:.1f} ms, {'with' if collected else 'without'} a gen-2 GC pause in between")
    if r["key_missed"]:
        print(f"  {r['key_missed']} presses showed no frame within 2 s")
    print(
        f"memory at {MEMORY_SPEED:g}x: {r['memory_posts']} posts in {r['memory_wall']:.1f} s "
        f"({r['memory_posts'] / r['memory_wall']:.0f} posts/s), {r['memory_frames']} frames"
    )
    line("lag at 3600x (for information)", r["memory_lag"])
    print(f"  before (gc, {r['rss_before'][0]:>6} posts) {mib(r['rss_before'][1])}")
    for n, rss, accounts in r["memory_samples"]:
        print(f"  at {n:>7} posts        {mib(rss)}  ({accounts} crowd accounts made)")
    print(f"  after (paused, gc, {r['rss_after'][0]:>6} posts) {mib(r['rss_after'][1])}")
    print(
        f"  read model: {r['view_posts']} posts kept of {r['view_post_version']} applied; "
        f"storm count {r['storm_posts_total']}"
    )


def failures(r: dict) -> list[str]:
    """What did not work (not targets missed): each a line for stderr."""
    found = []
    if not r["storm_posts"]:
        found.append("the storm posted nothing in phase 2")
    if "key" in r:
        if r["key_missed"]:
            found.append(f"{r['key_missed']} presses showed no frame with the new state within 2 s")
        if r["memory_reached"] < r["memory_target"]:
            found.append(f"phase 4 gave up at {r['memory_reached']} posts, short of {r['memory_target']}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="stop after phase 2, which runs under cProfile")
    parser.add_argument("--widgets", action="store_true", help="stop after phase 2; render time per widget")
    parser.add_argument("--try", dest="tries", default="", help="experiments: gc-freeze,skip-unchanged")
    parser.add_argument(
        "--quick", action="store_true", help="every phase, shortened (about 10 s; for CI: that it works)"
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    tries = {t for t in args.tries.split(",") if t}
    unknown = tries - {"gc-freeze", "skip-unchanged"}
    if unknown:
        parser.error(f"unknown experiment: {', '.join(sorted(unknown))}")
    if "skip-unchanged" in tries:
        skip_unchanged_static_updates()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    elif args.widgets:
        profiler = WidgetCosts()
    with tempfile.TemporaryDirectory(prefix="crisissim-bench-") as tmp:
        folder = Path(tmp)
        app = make_live_app(folder)
        try:
            result = asyncio.run(drive(app, profiler=profiler, gc_freeze="gc-freeze" in tries, plan=plan))
        finally:
            app.session.run.journal.close()
    if tries:
        print(f"EXPERIMENTS: {', '.join(sorted(tries))}")
    report(result)
    if isinstance(profiler, WidgetCosts):
        print("Widget.render_lines in phase 2, by widget (wall ms):")
        for key, values in sorted(profiler.costs.items(), key=lambda kv: -sum(kv[1]))[:15]:
            print(
                f"  {key:<24} {len(values):>5} renders  {sum(values):7.0f} ms in all  "
                f"median {pct(values, 0.5):5.1f}  max {max(values):6.1f} ms"
            )
    elif profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    problems = failures(result)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
