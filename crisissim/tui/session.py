"""A live exercise at the console: the run (journal and engine), its clock and driver, the
labels, and the read model that the engine's records are folded into.

The screens read only the read model (:attr:`Session.view`, the same as a seat's); actions and
commands go to the engine through :attr:`Session.driver`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import LiveDriver
from crisissim.engine.engine import Engine
from crisissim.exercise.runs import Run
from crisissim.journal import Record, Store, readable
from crisissim.journal import records as rec
from crisissim.journal.readmodel import FEED_KEEP, ExerciseView
from crisissim.scenario.model import Scenario
from crisissim.tui.labels import Labels


@dataclass
class ConsoleTime:
    """The console's time for the read model: the engine's simulated time (where the live
    driver has brought it), the live clock's pause and speed."""

    engine: Engine
    clock: SimClock

    @property
    def now(self) -> float:
        return self.engine.now

    @property
    def paused(self) -> bool:
        return self.clock.paused

    @property
    def rate(self) -> float:
        return self.clock.rate


@dataclass
class Session:
    run: Run
    clock: SimClock
    driver: LiveDriver
    labels: Labels
    roles: list[str]
    view: ExerciseView = field(init=False)
    report_paths: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        engine = self.run.engine
        self.view = ExerciseView(
            self.run.scenario, self.run.scenario.roles, ConsoleTime(engine, self.clock), engine.start_dt
        )
        # what cannot be read the resumed run has said already (Run.lost); the screen shows the rest
        self.view.fold(r for r in readable(self.run.journal) if r.kind != rec.Kind.POST)
        self.view.fold(self._recent_posts(self.run.journal))
        engine.subscribe(self.view.apply)

    @staticmethod
    def _recent_posts(journal: Store, keep: int = FEED_KEEP) -> list[Record]:
        last = journal.last_seq()
        return list(readable(journal, max(0, last - 20 * keep), (rec.Kind.POST,)))[-keep:]

    @property
    def engine(self) -> Engine:
        """For the console's own wiring (the driver, the hot wash, tests); screens read :attr:`view`."""
        return self.run.engine

    @property
    def scenario(self) -> Scenario:
        return self.run.scenario


def live_session(
    run: Run,
    *,
    speed: float,
    language: str | None = None,
    roles: list[str] | None = None,
    wall: Callable[[], float] = time.monotonic,
) -> Session:
    """The exercise on screen starts paused: StartEx is the facilitator's call."""
    run.engine.start()
    clock = SimClock(wall, sim=run.engine.now, rate=speed, paused=True)
    driver = LiveDriver(run.engine, clock)
    labels = Labels(language or run.scenario.language)
    return Session(run, clock, driver, labels, roles or list(run.scenario.roles))
