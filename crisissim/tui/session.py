"""A live exercise as the screens see it: the run (journal and engine), its clock and driver,
the labels, and the read model that records are folded into."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import LiveDriver
from crisissim.exercise.runs import Run
from crisissim.journal import Journal
from crisissim.journal import records as rec
from crisissim.tui.labels import Labels
from crisissim.tui.readmodel import ExerciseView


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
        self.view = ExerciseView(list(self.run.scenario.roles))
        for record in self.run.journal.records():
            if record.kind != rec.Kind.POST:
                self.view.apply(record.sim, record.role, record.data)
        for record in self._recent_posts(self.run.journal):
            self.view.apply(record.sim, None, record.data)
        self.run.engine.subscribe(self.view.apply)

    @staticmethod
    def _recent_posts(journal: Journal, keep: int = 300):
        last = journal.last_seq()
        return [r for r in journal.records(after_seq=max(0, last - 20 * keep), kinds=(rec.Kind.POST,))][-keep:]

    @property
    def engine(self):
        return self.run.engine

    @property
    def scenario(self):
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
