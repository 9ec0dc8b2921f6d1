"""The exercise screen: status bar, the facilitator's MSEL, role panes and the feed.

At 160x48 and up every area is on screen; below that (80x24 included) the areas become
tabs, so nothing is cut off unreadably.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Tab, Tabs

from crisissim.engine.engine import PUBLIC_EVENT_KINDS, ActionRefused, UndoRefused, command_target
from crisissim.exercise.forms import late_notification
from crisissim.journal import JournalError
from crisissim.journal.explain import Names, command_words
from crisissim.journal.records import EventStatus
from crisissim.tui.compose_action import open_action
from crisissim.tui.filings import filed_stages
from crisissim.tui.formspecs import flag_form, inject_form, rate_form
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import ConfirmScreen, FormScreen
from crisissim.tui.screens.team_log import TeamLogScreen
from crisissim.tui.session import Session
from crisissim.tui.widgets.feed import FeedPanel
from crisissim.tui.widgets.msel import MselPanel
from crisissim.tui.widgets.role_pane import RolePane, fit_tabs, tab_marks
from crisissim.tui.widgets.status_bar import StatusBar

SPEEDS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3600)
#: What the room view (v) holds back: the commands that show or change the script.
FACILITATOR_ACTIONS = frozenset({"fire", "skip", "inject", "rate", "flag", "undo"})
FULL_WIDTH, FULL_HEIGHT = 140, 40


def screen_bindings(labels: Labels) -> list[Binding]:
    """The exercise screen's keys, described in the exercise's language (the footer shows the last six)."""
    _ = labels.gettext
    return [
        Binding("tab", "pane(1)", _.pgettext("key", "Next pane"), show=False),
        Binding("shift+tab", "pane(-1)", _.pgettext("key", "Previous pane"), show=False),
        *[Binding(f"f{i}", f"jump({i})", _.pgettext("key", "Role {n}").format(n=i), show=False) for i in range(1, 10)],
        Binding("f", "fire", _.pgettext("key", "Fire"), show=False),
        Binding("k", "skip", _.pgettext("key", "Skip"), show=False),
        Binding("i", "inject", _.pgettext("key", "Inject"), show=False),
        Binding("m", "rate", _.pgettext("key", "Rate"), show=False),
        Binding("x", "flag", _.pgettext("key", "Flag"), show=False),
        Binding("u", "undo", _.pgettext("key", "Undo"), show=False),
        Binding("t", "team_log", _.pgettext("key", "Team"), show=False),
        Binding("v", "room_view", _.pgettext("key", "Room view"), show=False),
        Binding("space", "toggle_pause", labels.key_pause),
        Binding("plus,equals_sign", "faster", labels.key_faster),
        Binding("minus", "slower", labels.key_slower),
        Binding("n", "advance", labels.key_next),
        Binding("e", "end", labels.key_endex),
        Binding("question_mark", "app.help", labels.key_help),
    ]


def main_screen(session: Session) -> MainScreen:
    """A MainScreen whose keys speak the session's language."""
    cls = type("MainScreen", (MainScreen,), {"BINDINGS": screen_bindings(session.labels)})
    screen: MainScreen = cls(session)
    return screen


#: Below this width the footer closes up its keys (Textual's compact footer).
NARROW_FOOTER = 120
#: From this width the footer shows the command palette's key on its right.
PALETTE_IN_FOOTER = 100


class MainScreen(Screen[None]):
    """Made by :func:`main_screen`, which gives it its keys (:func:`screen_bindings`)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.roles = [r for r in session.roles if r in session.scenario.roles]
        self._seen = -1
        self._ready = False

    def compose(self) -> ComposeResult:
        yield StatusBar(self.session, id="status")
        yield Tabs(
            Tab(self.session.labels.msel_tab, id="tab-msel"),
            *[Tab(f"F{n} {self.session.scenario.roles[r].name}", id=f"tab-{r}") for n, r in enumerate(self.roles, 1)],
            Tab(self.session.labels.feed, id="tab-feed"),
            id="compact-tabs",
        )
        with Horizontal(id="body"):
            yield MselPanel(self.session, id="msel", classes="area")
            with Grid(id="roles", classes="area"):
                for n, role in enumerate(self.roles, start=1):
                    yield RolePane(self.session, role, n)
            yield FeedPanel(self.session, id="feed", classes="area")
        yield Footer()

    # layout -------------------------------------------------------------------------------------

    @property
    def compact(self) -> bool:
        return self.has_class("compact")

    def on_mount(self) -> None:
        self._ready = True
        self._layout()
        if self.compact or not self.panes:
            self.query_one("#msel-table").focus()
        else:
            self.panes[0].focus_inbox()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        compact = self.size.width < FULL_WIDTH or self.size.height < FULL_HEIGHT
        self.set_class(compact, "compact")
        # below 120 columns the footer's keys close up; below 100 the command palette's key
        # (in the help screen too) gives way, so that "^q Stoppen" still shows at 80
        footer = self.query_one(Footer)
        footer.compact = self.size.width < NARROW_FOOTER
        palette = self.size.width >= PALETTE_IN_FOOTER
        if footer.show_command_palette != palette:
            footer.show_command_palette = palette
            footer.refresh(recompose=True)  # the footer composes its keys once, not on this change
        self._show_tab(self.query_one(Tabs).active or "tab-msel")

    def _show_tab(self, tab_id: str) -> None:
        if not self.compact:
            for area in self.query(".area, .role-pane"):
                area.display = True
            self.query_one("#msel").display = not self.room_view
            return
        target = tab_id.removeprefix("tab-")
        self.query_one("#msel").display = target == "msel" and not self.room_view
        self.query_one("#feed").display = target == "feed"
        self.query_one("#roles").display = target in self.roles
        for pane in self.panes:
            pane.display = pane.role == target

    @on(Tabs.TabActivated)
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        self._show_tab(event.tab.id or "tab-msel")
        role = (event.tab.id or "").removeprefix("tab-")
        if role in self.roles:
            self.pane(role).focus_inbox()
        self._label_tabs()

    @property
    def panes(self) -> list[RolePane]:
        return list(self.query(RolePane))

    def pane(self, role: str) -> RolePane:
        return self.query_one(f"#pane-{role}", RolePane)

    def _focused_pane(self) -> RolePane | None:
        node: DOMNode | None = self.focused
        while node is not None and not isinstance(node, RolePane):
            node = node.parent
        return node

    # refresh ------------------------------------------------------------------------------------

    def refresh_state(self) -> None:
        if not self._ready or not self.is_attached or not self.children:
            return  # not composed yet, or being torn down as the app exits
        try:
            self._refresh_areas()
        except NoMatches:
            return

    def _refresh_areas(self) -> None:
        self.query_one(StatusBar).refresh_if_changed()
        if self.session.view.version != self._seen:
            self._seen = self.session.view.version
            self.query_one(MselPanel).refresh_state()
            for pane in self.panes:
                pane.refresh_state()
        else:
            self.query_one(MselPanel).refresh_state()
            for pane in self.panes:
                pane.show_message()
        self.query_one(FeedPanel).refresh_state()
        self._label_tabs()

    def _label_tabs(self) -> None:
        """Each role's tab with its marks: ● unread messages, ? decisions still to take. The
        active tab keeps its role's whole name; the others' names are cut to what the bar holds
        (down to the F key alone), so that every tab stays on the bar."""
        if not self.compact:
            return
        scenario, tabs = self.session.scenario, self.query_one(Tabs)
        active = (tabs.active or "").removeprefix("tab-")
        fixed = [*([] if self.room_view else [self.session.labels.msel_tab]), self.session.labels.feed]
        room = self.size.width - 2 * (len(self.roles) + len(fixed)) - sum(len(t) for t in fixed) - 2
        roles = {
            pane.role: (f"F{pane.number}", scenario.roles[pane.role].name, tab_marks(pane.items)) for pane in self.panes
        }
        for role, text in fit_tabs(roles, active, room).items():
            tab = tabs.query_one(f"#tab-{role}", Tab)
            if str(tab.label) != text:
                tab.label = text

    # exercise keys ------------------------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        driver = self.session.driver
        if self.session.view.ended:
            return
        driver.resume() if self.session.view.paused else driver.pause()
        self.refresh_state()

    def _speed(self, step: int) -> None:
        rate = self.session.view.rate
        ladder = sorted(set(SPEEDS) | {rate})
        index = max(0, min(len(ladder) - 1, ladder.index(rate) + step))
        self.session.driver.set_speed(float(ladder[index]))
        self.refresh_state()

    def action_faster(self) -> None:
        self._speed(1)

    def action_slower(self) -> None:
        self._speed(-1)

    def action_advance(self) -> None:
        self.session.driver.advance()
        self.refresh_state()

    def action_pane(self, step: int) -> None:
        """Tab walks the MSEL, each role pane and the feed, and round again: at every size each
        area is a key away (below the full size, its tab comes up). The room view (v) leaves the
        MSEL out."""
        stops = [*([] if self.room_view else ["msel"]), *self.roles, "feed"]
        current = self._focused_pane()
        feed = self.query_one(FeedPanel)
        here = (
            current.role
            if current is not None
            else "msel"
            if self._msel_focused()
            else "feed"
            if self.focused is feed
            else None
        )
        index = stops.index(here) if here in stops else (-1 if step > 0 else 0)
        target = stops[(index + step) % len(stops)]
        if target in ("msel", "feed"):
            if self.compact:
                self.query_one(Tabs).active = f"tab-{target}"
            (feed if target == "feed" else self.query_one("#msel-table")).focus()
        else:
            self._focus_role(target)

    def _msel_focused(self) -> bool:
        return self.focused is not None and self.focused.id == "msel-table"

    def action_jump(self, number: int) -> None:
        if 1 <= number <= len(self.roles):
            self._focus_role(self.roles[number - 1])

    def _focus_role(self, role: str) -> None:
        if self.compact:
            self.query_one(Tabs).active = f"tab-{role}"
        self.pane(role).focus_inbox()

    # the room view ------------------------------------------------------------------------------

    @property
    def room_view(self) -> bool:
        """Whether everything that is the facilitator's alone is hidden (v), for one terminal at a
        small table: the MSEL, the clocks that have not started, the commands and their forms."""
        return self.has_class("room-view")

    def action_room_view(self) -> None:
        """v: hide the facilitator's areas, or show them again."""
        hidden = not self.room_view
        self.set_class(hidden, "room-view")
        status = self.query_one(StatusBar)
        status.hide_idle_clocks = hidden
        status.refresh_if_changed()
        tabs = self.query_one(Tabs)
        if hidden:
            tabs.hide("tab-msel")
            if (tabs.active == "tab-msel" or self._msel_focused()) and self.roles:
                self._focus_role(self.roles[0])
        else:
            tabs.show("tab-msel")
        self._layout()
        self._label_tabs()  # the MSEL's tab gone or back: the role tabs' names take what it leaves
        labels = self.session.labels
        self.app.notify(labels.room_view_on if hidden else labels.room_view_off, timeout=4)

    def facilitator_hidden(self) -> bool:
        """In the room view, say why a facilitator's command does nothing (True), rather than show its form."""
        if self.room_view:
            self.app.notify(self.session.labels.room_view_refused, severity="warning")
        return self.room_view

    # facilitator --------------------------------------------------------------------------------

    def _command(self, name: str, fields: dict[str, Any] | None = None) -> None:
        labels, view = self.session.labels, self.session.view
        try:
            self.session.driver.command(name, fields)
            self.app.notify(labels.done(name, fields or {}, self.session.scenario, view.titles), timeout=3)
        except ActionRefused as exc:
            self.app.notify(self._refusal(exc), title=labels.refused, severity="error")
        except JournalError as exc:
            self.app.notify(str(exc), title=labels.refused, severity="error")
        self.refresh_state()

    def _refusal(self, exc: ActionRefused) -> str:
        return self.session.labels.refusal(exc.refusal, self.session.scenario, self.session.view.titles)

    def _msel_choice(self) -> str | None:
        """The MSEL row under the cursor, only while the MSEL has focus: 'f' in a role pane
        must never fire an event by accident."""
        panel = self.query_one(MselPanel)
        if self.focused is not panel.query_one("#msel-table"):
            self.app.notify(self.session.labels.msel_first, severity="warning")
            return None
        return panel.selected_event

    def action_fire(self) -> None:
        self._confirm_event("fire")

    def action_skip(self) -> None:
        self._confirm_event("skip")

    def _confirm_event(self, command: str) -> None:
        """f and k act on the MSEL's cursor row only after a yes: one stray key must not send an
        inject to the room or drop a branch. Not in the room view, where the MSEL is hidden."""
        if self.facilitator_hidden():
            return
        event_id = self._msel_choice()
        if not event_id:
            return
        event = self.session.scenario.event(event_id)
        assert event is not None
        _ = self.session.labels.gettext
        status = self.session.view.events[event_id].status
        if status != EventStatus.PENDING:  # nothing to confirm: say so at once
            fired = status == EventStatus.FIRED
            already = _("“{title}” has already been sent.") if fired else _("“{title}” was skipped.")
            self.app.notify(already.format(title=event.title), severity="warning")
            return
        if command == "fire":
            title = _("Fire “{title}” now?").format(title=event.title)
            text = (
                _("It goes out at once, before its time; the crowd and the press take it up, so it cannot be undone.")
                if event.kind in PUBLIC_EVENT_KINDS
                else _("It reaches its recipients at once, before its time. u undoes it while nothing has followed.")
            )
        else:
            title = _("Skip “{title}”?").format(title=event.title)
            text = _("It will not fire, and what waits for it may not either. u undoes it while nothing has followed.")

        def done(yes: bool | None) -> None:
            if yes:
                self._command(command, {"event": event_id})

        self.app.push_screen(ConfirmScreen(title, text, self.session.labels), done)

    def action_undo(self) -> None:
        """u takes the last facilitator command back, or says why it cannot (not in the room
        view: the toast would name what the script did)."""
        if self.facilitator_hidden():
            return
        _ = self.session.labels.gettext
        last = self.session.view.last_command
        try:
            self.session.driver.command("undo")
        except UndoRefused as refusal:
            self.app.notify(self._refusal(refusal), title=_("Not undone"), severity="warning", timeout=8)
        except ActionRefused as exc:
            self.app.notify(self._refusal(exc), title=self.session.labels.refused, severity="error")
        except JournalError as exc:
            self.app.notify(str(exc), title=self.session.labels.refused, severity="error")
        else:
            what = self._command_words(*last) if last else ""
            self.app.notify(_("Undone: {command}.").format(command=what), timeout=4)
        self.refresh_state()

    def _command_words(self, name: str, fields: dict[str, Any]) -> str:
        """A facilitator command as the console names it in an undo's toast."""
        names = Names(self.session.scenario, self.session.view.titles)
        return command_words(name, command_target(name, fields), self.session.labels.gettext, names)

    def action_inject(self) -> None:
        if self.facilitator_hidden():
            return

        def done(values: dict[str, Any] | None) -> None:
            if values:
                fields = {k: v for k, v in values.items() if v not in ("", [])}
                self._command("inject", fields)

        self.app.push_screen(
            FormScreen(inject_form(self.session.labels, self.session.scenario), self.session.labels), done
        )

    def action_rate(self) -> None:
        if self.facilitator_hidden():
            return
        spec = rate_form(self.session.labels, self.session.scenario)
        if not spec.fields[0].choices:
            return

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._command("rate", values)

        self.app.push_screen(FormScreen(spec, self.session.labels), done)

    def action_flag(self) -> None:
        if self.facilitator_hidden():
            return

        def done(values: dict[str, Any] | None) -> None:
            if values:
                self._command(str(values["mode"]) or "flag", {"flag": values["flag"]})

        self.app.push_screen(FormScreen(flag_form(self.session.labels), self.session.labels), done)

    def action_end(self) -> None:
        if self.session.view.ended:
            return
        labels = self.session.labels

        def done(yes: bool | None) -> None:
            if yes:
                self._command("end")

        self.app.push_screen(ConfirmScreen(labels.end_title, labels.end_text, labels), done)

    # the team -----------------------------------------------------------------------------------

    def action_team_log(self) -> None:
        """t: what the team did, every role's actions (from a pane or a seat), per role."""
        self.app.push_screen(TeamLogScreen(self.session))

    def act(self, role: str, kind: str, fields: dict[str, Any]) -> bool:
        labels = self.session.labels
        try:
            self.session.driver.act(role, kind, fields)
        except ActionRefused as exc:
            self.app.notify(self._refusal(exc), title=labels.refused, severity="error")
            return False
        except JournalError as exc:
            self.app.notify(str(exc), title=labels.refused, severity="error")
            return False
        name = self.session.scenario.roles[role].name
        self.app.notify(f"{name}: {labels.action(kind)}", title=labels.sent, timeout=3)
        self.refresh_state()
        return True

    def _late_notification(self) -> bool:
        return late_notification(self.session.scenario, self.session.view.clocks)

    @on(RolePane.QuickReply)
    def _quick_reply(self, message: RolePane.QuickReply) -> None:
        if message.event is None:
            self.app.notify(self.session.labels.no_message, severity="warning")
            return
        self.act(message.role, "reply", {"event": message.event, "text": message.text})

    @on(RolePane.ComposeRequested)
    def _open_form(self, message: RolePane.ComposeRequested) -> None:
        open_action(
            self.app,
            self.session.labels,
            self.session.view.inbox[message.role],
            message.role,
            message.kind,
            message.event,
            self.act,
            late_notification=self._late_notification(),
            posts=self.session.view.posts,
            regimes=self.session.scenario.regime,
            filed=filed_stages(self.session.view.actions),
        )
