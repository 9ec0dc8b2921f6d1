"""The crisissim terminal app: one exercise, its facilitator and its role panes.

The app wires the live driver (an asyncio worker), a steady refresh of the screen, StartEx,
EndEx with the hot wash, and the command palette. It decides nothing about the exercise.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from crisissim.content.events import render_summary
from crisissim.debrief.export import ReportError, default_target, write_report
from crisissim.engine.seats import SeatDesk
from crisissim.exercise.serve import ClockNotes, SeatsSummary, beyond_loopback
from crisissim.i18n import NP_
from crisissim.journal.records import EventStatus
from crisissim.scenario.actions import ACTIONS, palette_label
from crisissim.scenario.graph import planned_due
from crisissim.tui.labels import speak_keys
from crisissim.tui.palette import open_palette, palette_binding, system_commands
from crisissim.tui.screens.codes import CodesScreen
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.screens.main import MainScreen, main_screen
from crisissim.tui.screens.startex import StartExScreen
from crisissim.tui.session import Session
from crisissim.tui.widgets.status_bar import clock_text

REFRESH_S = 0.25
SEAT_POLL_S = 0.1


class CrisisApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "crisissim"
    BINDINGS = [
        Binding("ctrl+q", "quit_safely", NP_("key", "Quit"), priority=True),
        palette_binding(),
        Binding("question_mark", "help", NP_("key", "Help"), show=False),
        Binding("j", "codes", NP_("key", "Journal"), show=False),
    ]

    def __init__(
        self,
        session: Session,
        *,
        report_folder: Path = Path("reports"),
        live: bool = True,
        desk: SeatDesk | None = None,
        seat_urls: Sequence[str] = (),
        seats: Callable[[], SeatsSummary] | None = None,
        notes: ClockNotes | None = None,
        resumed_seats: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        speak_keys(self, session.labels)
        self.desk = desk
        self.seat_urls = tuple(seat_urls)
        """Where participants open their seats: on 0.0.0.0, each of this machine's own addresses."""
        self.seats = seats
        """Who is connected per role and the recent wrong codes, from the seat server (serve only)."""
        self.notes = notes
        """Where this console notes the clock its seats may show (serve only): a resumed run starts there."""
        self.resumed_seats = resumed_seats
        self.report_folder = report_folder
        self.live = live
        self.main: MainScreen | None = None
        self._hotwash: HotwashScreen | None = None
        self._debrief_seq: int | None = None
        """The journal's last seq when the debrief was written: a newer record needs a new one."""

    def on_mount(self) -> None:
        self.title = self.session.scenario.title
        self.main = main_screen(self.session)
        self.push_screen(self.main)
        if self.live:
            self.run_worker(self.session.driver.run(), exclusive=True, group="driver", name="driver")
        self.set_interval(REFRESH_S, self.refresh_state)
        if self.desk is not None:
            self.desk.catch_up()
            self.set_interval(SEAT_POLL_S, self.take_seat_requests)
            if any(beyond_loopback(urlsplit(url).hostname or "") for url in self.seat_urls):  # on the console too
                self.notify(self.session.labels.beyond_loopback, severity="warning", timeout=20)
            if self.resumed_seats:
                said = self.session.labels.gettext(
                    "Seats are served again at {url}: the codes given before the restart still work, "
                    "and seats that were playing carry on without one."
                )
                self.notify(said.format(url=", ".join(self.seat_urls)), timeout=20)
        self.call_after_refresh(self._settle_memory)
        view = self.session.view
        if view.seed is not None and not view.ended and view.now == 0 and view.paused:
            summary = render_summary(self.session.scenario, view.seed)
            journal = str(self.session.run.journal.location)
            startex = StartExScreen(self.session.scenario.title, summary, self.session.labels, journal=journal)
            self.push_screen(startex, self._startex)

    def _settle_memory(self) -> None:
        """Move what start-up made out of the collector's way: a full collection of the ~135 000
        start-up objects takes ~80 ms, long enough to delay a key during a storm."""
        gc.collect()
        gc.freeze()

    def take_seat_requests(self) -> None:
        """Seats' requests, taken through the engine like this console's own actions; after
        EndEx the seats' hot-wash answers (and their actions, refused: the exercise has ended)."""
        if self.desk is None:
            return
        driver, engine = self.session.driver, self.session.engine
        if self.desk.poll(
            lambda role, kind, fields, extra: driver.act(role, kind, fields, extra),
            lambda role, answers, request: engine.hotwash(role, answers, request),
        ):
            self.refresh_state()

    def action_codes(self) -> None:
        if self.main is not None and self.main.facilitator_hidden():
            return
        if not isinstance(self.screen, CodesScreen):
            session = self.session
            journal = str(session.run.journal.location)
            self.push_screen(
                CodesScreen(self.desk, session.scenario, self.seat_urls, session.labels.language, journal, self.seats)
            )

    def _startex(self, start: bool | None) -> None:
        if start:
            self.session.driver.resume()
        self.refresh_state()

    def refresh_state(self) -> None:
        if self.notes is not None and not self.session.engine.ended:
            clock = self.session.clock
            self.notes.note(clock.now(), clock.rate, clock.paused)
        if self.main is not None and self.main.is_mounted:
            self.main.refresh_state()
        view = self.session.view
        if view.ended and self._hotwash is None:
            labels = self.session.labels
            roles = {r: self.session.scenario.roles[r].name for r in self.session.roles}
            self._hotwash = HotwashScreen(self.session.scenario.hotwash, roles, labels, filed=view.hotwash)
            self.push_screen(self._hotwash)
        elif self._hotwash is not None:
            self._hotwash.take_filed(view.hotwash)  # a seat's answers, taken by the desk

    def on_hotwash_screen_saved(self, message: HotwashScreen.Saved) -> None:
        self.session.engine.hotwash(message.role, message.answers)

    def on_hotwash_screen_finished(self, message: HotwashScreen.Finished) -> None:
        self._write_debrief()

    def _write_debrief(self) -> None:
        journal = self.session.run.journal
        try:
            self.session.report_paths = [
                str(write_report(journal, default_target(journal.location, fmt, self.report_folder), fmt))
                for fmt in ("html", "md")
            ]
        except ReportError as exc:  # a full disk, a folder that cannot be made: the journal is whole anyway
            if self._hotwash is not None:
                self._hotwash.show_unwritten(str(exc), journal.location)
            return
        self._debrief_seq = journal.last_seq()
        if self._hotwash is not None:
            self._hotwash.show_written(self.session.report_paths)

    def _close_hotwash(self) -> None:
        """Quitting the hot wash files what was typed and not saved, and writes the debrief
        unless the one written already holds everything."""
        hotwash = self._hotwash
        if hotwash is None:
            return
        for role, answers in hotwash.unsaved().items():
            self.session.engine.hotwash(role, answers)
        if self._debrief_seq != self.session.run.journal.last_seq():
            self._write_debrief()

    def action_help(self) -> None:
        """The help stops the clock while it is read, and starts it again only if it ran."""
        if isinstance(self.screen, HelpScreen):
            return
        view, driver = self.session.view, self.session.driver
        was_running = view.started and not view.ended and not view.paused
        if was_running:
            driver.pause()

        def closed(_: None) -> None:
            if was_running and not self.session.view.ended and self.session.view.paused:
                driver.resume()
            self.refresh_state()

        self.push_screen(HelpScreen(self.session.labels), closed)

    def action_quit_safely(self) -> None:
        """Everything is already journaled; pause so that a resume starts where this stopped.
        In the hot wash, what was answered is filed and the debrief written first."""
        if self.session.view.ended:
            self._close_hotwash()
        elif not self.session.view.paused:
            self.session.driver.pause()
        self.exit()

    def action_command_palette(self) -> None:
        open_palette(self, self.session.labels)

    def action_help_quit(self) -> None:
        """ctrl+c: say how to stop, in the exercise's language (Textual's own hint is English)."""
        self.notify(self.session.labels.quit_hint)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from system_commands(screen, self.session.labels, self.action_quit_safely)
        main = self.main
        if main is None:
            return
        pgettext = self.session.labels.gettext.pgettext  # the palette's words: their own context
        yield SystemCommand(
            pgettext("palette", "Pause / resume"),
            pgettext("palette", "Freeze or restart the exercise clock"),
            main.action_toggle_pause,
        )
        yield SystemCommand(
            pgettext("palette", "Faster"), pgettext("palette", "Raise the speed one step"), main.action_faster
        )
        yield SystemCommand(
            pgettext("palette", "Slower"), pgettext("palette", "Lower the speed one step"), main.action_slower
        )
        yield SystemCommand(
            pgettext("palette", "Advance to the next event"),
            pgettext("palette", "Jump the clock to the next inject"),
            main.action_advance,
        )
        yield SystemCommand(
            pgettext("palette", "Room view: hide or show the facilitator's areas"),
            pgettext("palette", "For one terminal at a small table"),
            main.action_room_view,
        )
        yield SystemCommand(
            pgettext("palette", "End the exercise (EndEx)"), pgettext("palette", "Then the hot wash"), main.action_end
        )
        yield from self._team_commands(main)
        yield SystemCommand(
            pgettext("palette", "Journal"),
            pgettext("palette", "Where the journal is: for crisissim resume and crisissim room"),
            self.action_codes,
        )
        if main.room_view:  # nothing of the script, not even by name
            yield from self._role_commands(main)
            return
        yield SystemCommand(
            pgettext("palette", "Ad-hoc inject"),
            pgettext("palette", "Write an inject and send it now"),
            main.action_inject,
        )
        yield SystemCommand(
            pgettext("palette", "Rate an expectation"), pgettext("palette", "P, S, M or U (HSEEP)"), main.action_rate
        )
        yield SystemCommand(
            pgettext("palette", "Set or clear a flag"),
            pgettext("palette", "Flags steer branches of the scenario"),
            main.action_flag,
        )
        if self.desk is not None:
            yield SystemCommand(
                pgettext("palette", "Seats: join codes"),
                pgettext("palette", "Show or renew the codes for browser and terminal seats"),
                self.action_codes,
            )
        events = self.session.view.events
        planned = planned_due(self.session.scenario)
        for event in self.session.scenario.events:
            if events[event.id].status == EventStatus.PENDING:
                due = events[event.id].due_s if events[event.id].due_s is not None else planned[event.id]
                when = (
                    pgettext("palette", "planned at T+{time}").format(time=clock_text(due))
                    if due is not None
                    else pgettext("palette", "only by hand")
                )
                yield SystemCommand(
                    pgettext("palette", "Fire now: {title}").format(title=event.title),
                    when,
                    lambda e=event.id: main._command("fire", {"event": e}),
                )
                yield SystemCommand(
                    pgettext("palette", "Skip: {title}").format(title=event.title),
                    when,
                    lambda e=event.id: main._command("skip", {"event": e}),
                )
        yield from self._role_commands(main)

    def _team_commands(self, main: MainScreen) -> Iterable[SystemCommand]:
        """Help and the team's log: in the room view too."""
        pgettext = self.session.labels.gettext.pgettext
        yield SystemCommand(pgettext("palette", "Help"), pgettext("palette", "Every key"), self.action_help)
        yield SystemCommand(
            pgettext("palette", "What the team did"),
            pgettext("palette", "Every action of every role, from a pane or a seat"),
            main.action_team_log,
        )

    def _role_commands(self, main: MainScreen) -> Iterable[SystemCommand]:
        pgettext = self.session.labels.gettext.pgettext
        for role in main.roles:
            name = self.session.scenario.roles[role].name
            for spec in ACTIONS:
                yield SystemCommand(
                    f"{name}: {pgettext('palette', palette_label(spec.kind, self.session.scenario.regime))}",
                    pgettext("palette", "key {key} in the pane of {role}").format(key=spec.key, role=name),
                    lambda r=role, k=spec.kind: main.pane(r).action_compose(k),
                )
