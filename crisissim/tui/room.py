"""The room screen: what the participants see of a running exercise, on a projector or a second terminal.

``crisissim room JOURNAL`` follows the journal the console writes, as a seat does (the journal
follower, the one read model), and shows every role's pane read-only, the social feed with the
news ticker, and the clocks; StartEx before the clock starts and the hot wash's questions after
EndEx. It shows nothing that is the facilitator's alone: what it is given is decided by
:func:`crisissim.journal.seats.visible_to_room` (no MSEL, no skipped branch, no scoring, no
facilitator's command or note), and the clocks that have not started are left out, since they
would tell what is coming.

It writes nothing and holds no lock, so it can join at any moment: it reads the journal from the
start, then keeps following it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static, Tab, Tabs

from crisissim.content.events import DEFAULT_START, render_summary
from crisissim.exercise.room import RoomJournal
from crisissim.exercise.serve import bound_by_console
from crisissim.i18n import NP_
from crisissim.journal import JournalError, Record, Store
from crisissim.journal.follower import Follower
from crisissim.journal.readmodel import ExerciseView
from crisissim.journal.seats import visible_to_room
from crisissim.scenario.model import Scenario
from crisissim.tui.labels import Labels, reflow, speak_keys
from crisissim.tui.widgets.feed import FeedPanel
from crisissim.tui.widgets.role_pane import RolePane, fit_tabs, tab_marks
from crisissim.tui.widgets.status_bar import StatusBar

POLL_S = 0.2
FULL_WIDTH, FULL_HEIGHT = 150, 44
"""From this size every role's pane is on screen at once, beside the feed."""
SPLIT_WIDTH = 100
"""From this width one role's pane at a time (tabs) beside the feed; narrower, the feed is a tab too."""
FEED_TAB = "tab-feed"


@dataclass
class RoomSession:
    """The room's side of the exercise, for the same widgets as the console's and a seat's
    (:class:`~crisissim.tui.screen_session.ScreenSession`): every role, read from the journal."""

    journal: Store
    scenario: Scenario
    labels: Labels
    wall: Callable[[], float] = time.time
    follower: Follower = field(init=False)
    view: ExerciseView = field(init=False)
    roles: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.roles = list(self.scenario.roles)
        sees = functools.partial(visible_to_room, frozenset(self.roles))
        self.follower = Follower(self.journal, "", self._apply, wall=self.wall, sees=sees)
        self.view = ExerciseView(self.scenario, self.roles, self.follower, self.scenario.start or DEFAULT_START)

    def _apply(self, record: Record) -> None:
        self.view.apply(record.sim, record.role, record.data)

    def follow(self) -> int:
        """Read what is new in the journal, however much (all of it when the room joins late).

        The room's clock runs on between records, as a seat's does, but no further than the
        console last vouched for (:class:`ShownClock`): a console that died leaves the room's
        clock standing where it was, not running on as if the exercise went on."""
        bound_by_console(self.follower, self.journal)
        return self.follower.drain()

    @property
    def before_start(self) -> bool:
        """StartEx: the exercise is set up and its clock has not run yet."""
        view = self.view
        return view.seed is not None and not view.ended and view.now == 0 and view.paused


class RoomStartEx(ModalScreen[None]):
    """The summary the facilitator reads aloud, until the clock starts (then it closes by itself)."""

    BINDINGS = [Binding("escape", "close", NP_("key", "Close"))]

    def __init__(self, session: RoomSession) -> None:
        super().__init__(classes="form-screen")
        self.session = session
        speak_keys(self, session.labels)

    def compose(self) -> ComposeResult:
        labels, scenario = self.session.labels, self.session.scenario
        summary = render_summary(scenario, self.session.view.seed or 0)
        with VerticalScroll(classes="form startex room-startex"):
            yield Static(f"{labels.startex}: {scenario.title}", classes="form-title")
            yield Static(reflow(summary), classes="startex-summary")
            yield Static(Text(labels.room_waiting, style="bold yellow"))

    def action_close(self) -> None:
        self.dismiss(None)


class RoomEndEx(ModalScreen[None]):
    """After EndEx: the hot wash's questions, and which roles' answers are in."""

    BINDINGS = [Binding("escape", "close", NP_("key", "Close"))]

    def __init__(self, session: RoomSession) -> None:
        super().__init__(classes="form-screen")
        self.session = session
        speak_keys(self, session.labels)

    def compose(self) -> ComposeResult:
        labels = self.session.labels
        with VerticalScroll(classes="form room-endex"):
            yield Static(f"{labels.hotwash}: {self.session.scenario.title}", classes="form-title")
            yield Static(Text(labels.room_ended, style="bold"), classes="form-intro")
            for n, question in enumerate(self.session.scenario.hotwash, start=1):
                yield Static(f"{n}. {question}", classes="room-question")
            yield Static(id="room-answered", classes="room-answered")

    def on_mount(self) -> None:
        self.refresh_state()

    def refresh_state(self) -> None:
        labels, roles = self.session.labels, self.session.scenario.roles
        answered = self.session.view.hotwash_roles
        line = Text()
        if answered:
            line.append(f"{labels.room_hotwash_answered}: ", style="dim")
            line.append(", ".join(f"✓ {roles[r].name}" for r in answered if r in roles), style="green")
        # a poll may come between the screen's attaching and its compose: nothing to update yet
        for answered_line in self.query("#room-answered").results(Static):
            answered_line.update(line)

    def action_close(self) -> None:
        self.dismiss(None)


def room_bindings(labels: Labels) -> list[Binding]:
    """The room screen's keys: looking around, nothing else."""
    _ = labels.gettext
    return [
        Binding("tab", "step(1)", _.pgettext("key", "Next pane")),
        Binding("shift+tab", "step(-1)", _.pgettext("key", "Previous pane"), show=False),
        *[Binding(f"f{i}", f"jump({i})", _.pgettext("key", "Role {n}").format(n=i), show=False) for i in range(1, 10)],
    ]


def room_screen(session: RoomSession) -> RoomScreen:
    """A RoomScreen whose keys speak the session's language."""
    cls = type("RoomScreen", (RoomScreen,), {"BINDINGS": room_bindings(session.labels)})
    screen: RoomScreen = cls(session)
    return screen


class RoomScreen(Screen[None]):
    """Made by :func:`room_screen`. Three layouts by size: every pane beside the feed; one pane
    at a time (tabs) beside the feed; one area at a time, the feed a tab too."""

    def __init__(self, session: RoomSession) -> None:
        super().__init__()
        self.session = session
        self.roles = session.roles
        self._seen = -1
        self._labels: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        labels = self.session.labels
        yield StatusBar(self.session, hide_idle_clocks=True, id="status")
        first = self._tab_labels(self.roles[0])
        yield Tabs(
            *[Tab(first[r], id=f"tab-{r}") for r in self.roles],
            Tab(labels.feed, id=FEED_TAB),
            id="room-tabs",
        )
        with Horizontal(id="body"):
            with Grid(id="roles", classes="area"):
                for n, role in enumerate(self.roles, start=1):
                    odd_one_out = n == len(self.roles) and n % 2 == 1  # the last of an odd number: a whole row
                    yield RolePane(self.session, role, n, readonly=True, classes="wide" if odd_one_out else "")
            yield FeedPanel(self.session, id="feed", classes="area")
        yield Footer()

    def _tab_labels(self, active: str) -> dict[str, str]:
        """Each role's tab, ``F2 Functionaris Gegevensbe… ●3 ?1`` with its unread messages and
        decisions to take, as the console's: the active one keeps its role's whole name, the
        others are cut so that every tab fits on the bar."""
        scenario, view = self.session.scenario, self.session.view
        feed = len(self.session.labels.feed) + 2 if self.layout_mode == "narrow" else 0
        cells = (self.size.width or FULL_WIDTH) - 2 * len(self.roles) - feed - 2
        tabs = {r: (f"F{n}", scenario.roles[r].name, tab_marks(view.inbox[r])) for n, r in enumerate(self.roles, 1)}
        return fit_tabs(tabs, active, cells)

    def _relabel(self) -> None:
        tabs = self.query_one(Tabs)
        for role, label in self._tab_labels((tabs.active or "").removeprefix("tab-")).items():
            if self._labels.get(role) != label:
                self._labels[role] = label
                tabs.query_one(f"#tab-{role}", Tab).label = label

    # layout -------------------------------------------------------------------------------------

    @property
    def layout_mode(self) -> str:
        """``full``, ``split`` or ``narrow`` (see the class)."""
        return "narrow" if self.has_class("narrow") else "split" if self.has_class("split") else "full"

    def on_mount(self) -> None:
        self._layout()
        if self.panes:
            self.panes[0].focus_inbox()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        width, height = self.size
        full = width >= FULL_WIDTH and height >= FULL_HEIGHT
        self.set_class(full, "full")
        self.set_class(not full and width >= SPLIT_WIDTH, "split")
        self.set_class(not full and width < SPLIT_WIDTH, "narrow")
        tabs = self.query_one(Tabs)
        if self.layout_mode == "split" and tabs.active == FEED_TAB:
            tabs.active = f"tab-{self.roles[0]}"
        (tabs.show if self.layout_mode == "narrow" else tabs.hide)(FEED_TAB)
        self._relabel()
        self._show(tabs.active or f"tab-{self.roles[0]}")

    def _show(self, tab_id: str) -> None:
        mode = self.layout_mode
        target = tab_id.removeprefix("tab-")
        self.query_one("#feed").display = mode != "narrow" or tab_id == FEED_TAB
        self.query_one("#roles").display = mode != "narrow" or target in self.roles
        for pane in self.panes:
            pane.display = mode == "full" or pane.role == target

    @on(Tabs.TabActivated)
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        self._show(event.tab.id or FEED_TAB)
        role = (event.tab.id or "").removeprefix("tab-")
        if role in self.roles:
            self.pane(role).focus_inbox()
        self._relabel()  # the active tab keeps its whole name

    @property
    def panes(self) -> list[RolePane]:
        return list(self.query(RolePane))

    def pane(self, role: str) -> RolePane:
        return self.query_one(f"#pane-{role}", RolePane)

    def _stops(self) -> list[str]:
        return [*self.roles, "feed"] if self.layout_mode == "narrow" else list(self.roles)

    def _here(self) -> str:
        if self.layout_mode != "full":
            return (self.query_one(Tabs).active or "").removeprefix("tab-")
        node = self.focused
        while node is not None and not isinstance(node, RolePane):
            node = node.parent  # type: ignore[assignment]
        return node.role if isinstance(node, RolePane) else ""

    def action_step(self, step: int) -> None:
        """tab / shift+tab: the next or previous role (and the feed, when it is a tab)."""
        stops, here = self._stops(), self._here()
        index = stops.index(here) if here in stops else (-1 if step > 0 else 0)
        self._go(stops[(index + step) % len(stops)])

    def action_jump(self, number: int) -> None:
        if 1 <= number <= len(self.roles):
            self._go(self.roles[number - 1])

    def _go(self, stop: str) -> None:
        if self.layout_mode != "full":
            self.query_one(Tabs).active = f"tab-{stop}"
        if stop in self.roles:
            self.pane(stop).focus_inbox()

    # refresh ------------------------------------------------------------------------------------

    def refresh_state(self) -> None:
        if not self.is_attached or not self.children:
            return
        try:
            self.query_one(StatusBar).refresh_if_changed()
            changed = self.session.view.version != self._seen
            self._seen = self.session.view.version
            for pane in self.panes:
                pane.refresh_state() if changed else pane.show_message()
            self._relabel()  # a message read changes a tab's mark too
            self.query_one(FeedPanel).refresh_state()
        except NoMatches:
            return


class RoomApp(App[None]):
    """The room screen's app: follows the journal, shows StartEx and the hot wash when it is their time."""

    CSS_PATH = ["styles/app.tcss", "styles/room.tcss"]
    TITLE = "crisissim room"
    ENABLE_COMMAND_PALETTE = False  # nothing to do here but look
    BINDINGS = [Binding("ctrl+q", "quit", NP_("key", "Quit"), priority=True)]

    def __init__(
        self,
        room: RoomJournal,
        language: str | None = None,
        *,
        wall: Callable[[], float] = time.time,
        poll_s: float = POLL_S,
    ) -> None:
        super().__init__()
        self.labels = Labels(language or room.scenario.language)
        speak_keys(self, self.labels)
        self.session = RoomSession(room.journal, room.scenario, self.labels, wall=wall)
        self.poll_s = poll_s
        self.room_screen: RoomScreen | None = None
        self._startex: RoomStartEx | None = None
        self._endex: RoomEndEx | None = None
        self._startex_done = False

    def on_mount(self) -> None:
        self.title = self.session.scenario.title
        self.session.follow()
        self.room_screen = room_screen(self.session)
        self.push_screen(self.room_screen)
        self._overlays()
        self.set_interval(self.poll_s, self.poll)

    def poll(self) -> None:
        try:
            self.session.follow()
        except JournalError as exc:
            self.notify(str(exc), severity="error")
            return
        if self.room_screen is not None:
            self.room_screen.refresh_state()
        self._overlays()

    def _overlays(self) -> None:
        """StartEx while the clock has not run; the hot wash once the exercise has ended."""
        session = self.session
        if session.before_start and self._startex is None and not self._startex_done:
            self._startex = RoomStartEx(session)
            self.push_screen(self._startex, lambda _none: self._closed_startex())
        elif not session.before_start and self._startex is not None:
            self._startex.dismiss(None)
        if session.view.ended:
            if self._endex is None:
                self._endex = RoomEndEx(session)
                self.push_screen(self._endex)
            elif self._endex.is_attached:
                self._endex.refresh_state()

    def _closed_startex(self) -> None:
        self._startex, self._startex_done = None, True

    def action_help_quit(self) -> None:
        """ctrl+c: say how to stop, in the room's language (Textual's own hint is English)."""
        self.notify(self.labels.quit_hint)
