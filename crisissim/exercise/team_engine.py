"""``crisissim engine TEAM_JOURNAL``: one team's engine as a process of its own, with no screen.

A many-team exercise (``crisissim serve --teams``) runs one engine per team, so that a team whose
engine fails stops alone and the others play on. Each engine process owns its team's journal (the
owner lock: a second engine for the same team is refused), resumes it from what it holds (a new
team's journal holds nothing yet, a restarted one what was played), and then does what the
single-team console does for its exercise, without drawing anything:

- drives the engine against the wall clock (:class:`~crisissim.engine.drivers.LiveDriver`);
- answers the team's seats (:class:`~crisissim.engine.seats.SeatDesk`) and notes its clock for them
  (:class:`~crisissim.exercise.serve.ClockNotes`), which is also how the control cell sees it is alive;
- answers the control cell's requests (:class:`~crisissim.exercise.control.ControlDesk`).

It starts paused where the journal's seats last saw the clock, as ``serve --resume`` does, and a
stop (SIGTERM, ctrl-c) pauses it, commits and releases the journal, so that a restart carries on.
The engine commits at the end of every step and after every answer, and writes a storm's posts in
batches of at most :data:`~crisissim.engine.sinks.POST_BATCH`, so what a crash loses is bounded and
replay makes it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import LiveDriver
from crisissim.engine.seats import SeatDesk
from crisissim.exercise.control import ControlDesk
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import Run, resume_run
from crisissim.exercise.serve import ClockNotes, resume_seats_clock, seat_desk
from crisissim.exercise.teams import team_of
from crisissim.journal import JournalError, readable
from crisissim.journal import records as rec

POLL_S = 0.1
"""How often the engine reads its seats' and the control cell's requests (the console's seat poll)."""


def journal_speed(run: Run) -> float:
    """The speed the clock ran at last: the journal's last speed change, else the one it was started with."""
    speed = float(run.journal.meta.get("speed") or run.scenario.speed)
    for record in readable(run.journal, kinds=(rec.Kind.CONTROL,)):
        data = record.data
        if isinstance(data, rec.Control) and data.pace == rec.Pace.SPEED:
            with contextlib.suppress(TypeError, ValueError):
                speed = float(data.fields.get("speed", speed))
    return speed


@dataclass
class TeamEngine:
    """A team's journal being played by this process: its run, clock, driver and the desks that answer requests."""

    run: Run
    clock: SimClock
    driver: LiveDriver
    seats: SeatDesk
    control: ControlDesk
    notes: ClockNotes

    @property
    def team(self) -> str | None:
        return team_of(self.run.journal.meta)

    def step(self) -> int:
        """Answer what was asked since the last step and note the clock; returns how many requests were answered."""
        driver, engine = self.driver, self.run.engine
        answered = self.seats.poll(
            lambda role, kind, fields, extra: driver.act(role, kind, fields, extra),
            lambda role, answers, request: engine.hotwash(role, answers, request),
        )
        answered += self.control.poll(driver)
        clock = self.clock
        self.notes.note(clock.now(), clock.rate, clock.paused or engine.ended)
        return answered

    def stop(self) -> None:
        """Leave the journal as a restart finds it best: paused, committed, released."""
        try:
            if not self.run.engine.ended and not self.clock.paused:
                self.driver.pause()
            self.run.journal.commit()
        finally:
            self.run.journal.close()


def open_team_engine(location: str, *, wall: Callable[[], float] = time.monotonic) -> TeamEngine:
    """Own and resume the journal at ``location``, paused where its seats last saw the clock.

    BadInput (one line) for a journal that cannot be played: missing, not a journal, or played by
    another crisissim already (the owner lock)."""
    try:
        run = resume_run(location)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    try:
        run.engine.start()
        resume_seats_clock(run)
        clock = SimClock(wall, sim=run.engine.now, rate=journal_speed(run), paused=True)
        driver = LiveDriver(run.engine, clock)
        seats = seat_desk(run, resumed=True)
        seats.catch_up()
        control = ControlDesk(run.journal, now=lambda: run.engine.now)
        control.catch_up()
        return TeamEngine(run, clock, driver, seats, control, ClockNotes(run.journal))
    except BaseException:
        run.journal.close()
        raise


async def play_team(team: TeamEngine, stop: asyncio.Event) -> None:
    """Play until ``stop`` is set; after EndEx the engine stays, answering the seats' hot-wash answers."""
    driver_task = asyncio.create_task(team.driver.run())
    try:
        while not stop.is_set():
            team.step()
            if driver_task.done() and (exc := driver_task.exception()) is not None:
                raise exc
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_S)
    finally:
        if not driver_task.done():
            driver_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await driver_task


def run_team_engine(team: TeamEngine) -> None:
    """Play ``team`` in this process until SIGTERM or ctrl-c, then stop cleanly (:meth:`TeamEngine.stop`)."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await play_team(team, stop)

    try:
        asyncio.run(main())
    finally:
        team.stop()
