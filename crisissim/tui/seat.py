"""A participant's seat in a terminal: one role's pane, the feed and the clocks.

The seat is a client of the seat server (``crisissim seat URL --role ROLE``): it gets the records
its role may see from the server, folds them into the same read model as every screen, and sends
its actions as requests that the console takes through the engine. It never opens the journal.
At EndEx it shows its role's hot wash (the console's hot-wash screen, for that one role), whose
answers go to the console as a request too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from crisissim.content.events import DEFAULT_START
from crisissim.exercise.seat_client import SeatClient, SeatEnded, SeatUnreachable, Sent
from crisissim.i18n import NP_
from crisissim.journal import JournalError
from crisissim.journal import records as rec
from crisissim.journal.follower import Follower
from crisissim.journal.readmodel import ExerciseView
from crisissim.journal.store import Record
from crisissim.scenario.actions import HOTWASH
from crisissim.scenario.model import Scenario
from crisissim.tui.compose_action import open_action
from crisissim.tui.filings import filed_stages
from crisissim.tui.labels import Labels, speak_keys
from crisissim.tui.palette import open_palette, palette_binding, system_commands
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.widgets.feed import FeedPanel
from crisissim.tui.widgets.role_pane import RolePane
from crisissim.tui.widgets.status_bar import StatusBar

POLL_S = 0.2


@dataclass
class SeatSession:
    """A seat's side of the exercise, for the same widgets as the console's
    (:class:`~crisissim.tui.screen_session.ScreenSession`): the read model is fed by the journal
    follower, whose anchoring of the playing process's clock is its time."""

    client: SeatClient
    role: str
    labels: Labels
    follower: Follower = field(init=False)
    view: ExerciseView = field(init=False)
    roles: list[str] = field(init=False)
    pending: dict[int, str] = field(default_factory=dict)
    answers: list[tuple[bool, str]] = field(default_factory=list)
    """Answers to this seat's requests not yet shown: (taken, what)."""
    unreachable: bool = False
    """The seat server cannot be reached: the status bar says so instead of RUNNING or PAUSED."""

    def __post_init__(self) -> None:
        self.roles = [self.role]
        # the server sends only what this role may see, undos included, as its own seat rule says
        self.follower = Follower(self.client, self.role, self.apply, sees=lambda _record: True)
        self.view = ExerciseView(self.scenario, self.roles, self.follower, self.scenario.start or DEFAULT_START)

    @property
    def scenario(self) -> Scenario:
        return self.client.scenario

    def apply(self, record: Record) -> None:
        data = record.data
        self.view.apply(record.sim, record.role, data)
        request = data.request if isinstance(data, rec.Action | rec.Refused | rec.Hotwash) else None
        if request is not None and request in self.pending:
            what = self.labels.action(self.pending.pop(request))
            if isinstance(data, rec.Refused):
                why = self.labels.refusal(data.reason, self.scenario, self.view.titles, self.view.options)
                self.answers.append((False, f"{what}: {why}"))
            else:
                self.answers.append((True, what))


class JoinScreen(Screen[None]):
    def __init__(self, client: SeatClient, role: str | None, labels: Labels, said: str = "") -> None:
        super().__init__()
        self.client, self.role, self.labels = client, role, labels
        self.said = said
        """What the screen says before the first try (why a seat that was playing is back here)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form join"):
            title = self.client.scenario.title
            role = f" · {self.client.scenario.roles[self.role].name}" if self.role else ""
            yield Static(f"{self.labels.join}: {title}{role}", classes="form-title")
            yield Static(self.labels.join_code, classes="field-label")
            yield Input(password=True, id="join-code", max_length=12)
            yield Static(self.said, id="join-message", classes="form-error")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self._try(event.input.value)

    def _try(self, code: str) -> None:
        code_input = self.query_one(Input)
        code_input.disabled = False
        try:
            role, wait = self.client.join(code, self.role)
        except SeatUnreachable as exc:
            self.query_one("#join-message", Static).update(str(exc))
            return
        if role is None:
            code_input.value = ""
            message = self.query_one("#join-message", Static)
            message.update(f"{self.labels.wrong_code} {self.labels.wait(wait)}" if wait else self.labels.wrong_code)
            if wait:  # the server counts this address's wrong codes: the next try waits as long
                code_input.disabled = True
                self.set_timer(wait, self._ready)
            code_input.focus()
            return
        app = self.app
        assert isinstance(app, SeatApp)
        app.joined(role)

    def _ready(self) -> None:
        code_input = self.query_one(Input)
        code_input.disabled = False
        code_input.focus()


class SeatScreen(Screen[None]):
    BINDINGS = [Binding("question_mark", "app.help", NP_("key", "Help"))]

    def __init__(self, session: SeatSession) -> None:
        super().__init__()
        self.session = session
        self._seen = -1
        speak_keys(self, session.labels)

    def compose(self) -> ComposeResult:
        yield StatusBar(self.session, id="status")
        yield Static("", id="unreachable")
        with Horizontal(id="body"):
            yield RolePane(self.session, self.session.role, 1)
            yield FeedPanel(self.session, id="feed", classes="area")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RolePane).focus_inbox()

    def refresh_state(self) -> None:
        if not self.is_attached or not self.children:
            return
        try:
            self.query_one(StatusBar).refresh_if_changed()
            pane = self.query_one(RolePane)
            if self.session.view.version != self._seen:
                self._seen = self.session.view.version
                pane.refresh_state()
            else:
                pane.show_message()
            self.query_one(FeedPanel).refresh_state()
        except NoMatches:
            return  # not composed yet, or being torn down as the seat closes

    def send(self, role: str, kind: str, fields: dict[str, Any]) -> None:
        app = self.app
        assert isinstance(app, SeatApp)
        try:
            sent = self.session.client.send(kind, fields)
        except SeatEnded:
            app.ended()
            return
        app.told(sent)
        if self.session.client.outbox:  # the exercise cannot be reached: it waits, and is not said sent
            app.unreachable(True)
            gettext = self.session.labels.gettext
            self.app.notify(
                gettext("goes out when the exercise is back"), title=gettext("Waiting to be sent"), severity="warning"
            )

    def show_unreachable(self, unreachable: bool) -> None:
        """The banner under the status bar: the exercise cannot be reached, and what waits to be sent."""
        banner = self.query_one("#unreachable", Static)
        banner.set_class(unreachable, "shown")
        if unreachable:
            gettext = self.session.labels.gettext
            said = gettext(
                "The exercise cannot be reached: the console has stopped or the connection is gone. "
                "What you send now goes out as soon as the exercise is back."
            )
            waiting = len(self.session.client.outbox)
            banner.update(f"{said} {gettext('Waiting to be sent')}: {waiting}" if waiting else said)

    @on(RolePane.ComposeRequested)
    def _open_form(self, message: RolePane.ComposeRequested) -> None:
        open_action(
            self.app,
            self.session.labels,
            self.session.view.inbox[message.role],
            message.role,
            message.kind,
            message.event,
            self.send,
            posts=self.session.view.posts,
            regimes=self.session.scenario.regime,
            filed=filed_stages(self.session.view.actions),
        )

    @on(RolePane.QuickReply)
    def _quick_reply(self, message: RolePane.QuickReply) -> None:
        if message.event is None:
            self.app.notify(self.session.labels.no_message, severity="warning")
            return
        self.send(message.role, "reply", {"event": message.event, "text": message.text})


class SeatApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "crisissim seat"
    BINDINGS = [Binding("ctrl+q", "quit", NP_("key", "Quit"), priority=True), palette_binding()]

    def __init__(self, client: SeatClient, role: str | None = None, language: str | None = None) -> None:
        super().__init__()
        self.client = client
        self.role = role
        self.labels = Labels(language or client.scenario.language)
        speak_keys(self, self.labels)
        self.session: SeatSession | None = None
        self.seat_screen: SeatScreen | None = None
        self.hotwash: HotwashScreen | None = None
        self.polling: Timer | None = None
        self.lost = False
        """The seat server cannot be reached: the banner is up and the clock stopped."""

    def on_mount(self) -> None:
        self.title = self.client.scenario.title
        self.push_screen(JoinScreen(self.client, self.role, self.labels))

    def joined(self, role: str) -> None:
        self.session = SeatSession(self.client, role, self.labels)
        self.session.follower.poll()
        self.seat_screen = SeatScreen(self.session)
        self.switch_screen(self.seat_screen)
        self.notify(f"{self.labels.joined}: {self.client.scenario.roles[role].name}", timeout=4)
        self.polling = self.set_interval(POLL_S, self.poll)

    def ended(self) -> None:
        """The facilitator gave the role a new code: back to the join screen, saying why."""
        if self.polling is not None:
            self.polling.stop()
            self.polling = None
        self.session, self.seat_screen = None, None
        if self.hotwash is not None:
            self.hotwash = None
            self.pop_screen()
        self.switch_screen(JoinScreen(self.client, self.role, self.labels, self.labels.seat_ended))

    def poll(self) -> None:
        if self.session is None or self.seat_screen is None:
            return
        try:
            self.session.follower.poll()
            if self.client.outbox:
                self.told(self.client.flush())
        except SeatEnded:
            self.ended()
            return
        except SeatUnreachable:
            self.unreachable(True)
            return
        except JournalError as exc:
            self.notify(str(exc), severity="error")
            return
        self.unreachable(bool(self.client.outbox))
        self.session.follower.bound = self.client.until
        while self.session.answers:
            taken, text = self.session.answers.pop(0)
            if not taken:
                self.notify(text, title=self.labels.not_taken, severity="error", timeout=8)
            else:
                self.notify(text, title=self.labels.taken, timeout=3)
        self.seat_screen.refresh_state()
        self._show_hotwash()

    def _show_hotwash(self) -> None:
        """At EndEx, the role's hot wash over its seat, with the answers the exercise has."""
        session = self.session
        if session is None or not session.view.ended or not session.scenario.hotwash:
            return
        if self.hotwash is None:
            names = {session.role: session.scenario.roles[session.role].name}
            questions = [str(q) for q in session.scenario.hotwash]
            self.hotwash = HotwashScreen(questions, names, self.labels, filed=session.view.hotwash, seat=True)
            self.push_screen(self.hotwash)
        else:
            self.hotwash.take_filed(session.view.hotwash)

    def on_hotwash_screen_saved(self, message: HotwashScreen.Saved) -> None:
        if self.seat_screen is not None:
            self.seat_screen.send(message.role, HOTWASH, {"answers": message.answers})

    def unreachable(self, lost: bool) -> None:
        """Say whether the exercise can be reached; while it cannot, the seat's clock stands still
        (a console that is gone runs no clock) and what is sent waits in the outbox."""
        if self.session is None or self.seat_screen is None:
            return
        if lost and not self.lost:
            follower = self.session.follower
            follower.bound = follower.now
        self.lost = self.session.unreachable = lost
        with contextlib.suppress(NoMatches):
            self.seat_screen.show_unreachable(lost)
            self.seat_screen.refresh_state()

    def told(self, sent: list[Sent]) -> None:
        """What the seat server said of what the outbox sent: journaled (waiting for the exercise's
        answer, as every request), or refused before the exercise saw it."""
        if self.session is None:
            return
        labels = self.labels
        for answer in sent:
            if answer.seq is None:
                self.notify(answer.why, title=labels.not_taken, severity="error")
            else:
                self.session.pending[answer.seq] = answer.item.kind
                self.notify(labels.action(answer.item.kind), title=labels.sent, timeout=3)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.labels))

    def action_command_palette(self) -> None:
        open_palette(self, self.labels)

    def action_help_quit(self) -> None:
        """ctrl+c: say how to stop, in the seat's language (Textual's own hint is English)."""
        self.notify(self.labels.quit_hint)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The seat's palette: quit, maximise, and the help, in the seat's language."""
        yield from system_commands(screen, self.labels, self.exit)
        pgettext = self.labels.gettext.pgettext
        yield SystemCommand(pgettext("palette", "Help"), pgettext("palette", "Every key"), self.action_help)
