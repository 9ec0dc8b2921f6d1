"""What the team did: every action of every role, from a pane at the console or from a seat, per role.

The console's log of the team (key ``t``): on the left the whole team and each role with how many
actions it took, on the right the chosen one's actions in full, newest first. It follows the
read model as actions come in, so a seat's statement shows here the moment the engine took it.
The status bar stays on top: the clock runs on while the facilitator reads.
"""

from __future__ import annotations

from rich.console import Group
from rich.rule import Rule
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.journal.readmodel import SentItem
from crisissim.tui.labels import speak_keys
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.sent import sent_text
from crisissim.tui.widgets.status_bar import StatusBar

REFRESH_S = 0.5
WHOLE_TEAM = "*"
"""The entry for every role at once (no role id is spelled so)."""


class TeamLogScreen(Screen[None]):
    BINDINGS = [Binding("escape,t", "close", NP_("key", "Close"))]

    def __init__(self, session: ScreenSession) -> None:
        super().__init__()
        self.session = session
        speak_keys(self, session.labels)
        self._count = -1
        self._shown: tuple[str, int] = ("", -1)

    def compose(self) -> ComposeResult:
        labels = self.session.labels
        yield StatusBar(self.session, id="status")
        yield Static(f"{labels.team_log}  ({labels.team_log_hint})", classes="panel-title")
        with Horizontal(id="team-log"):
            yield OptionList(id="team-roles")
            with VerticalScroll(id="team-actions"):
                yield Static(id="team-actions-text")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_state()
        roles = self.query_one("#team-roles", OptionList)
        roles.highlighted = 0
        roles.focus()
        self.set_interval(REFRESH_S, self.refresh_state)

    @property
    def chosen(self) -> str:
        """The role whose actions are shown, or :data:`WHOLE_TEAM`."""
        roles = self.query_one("#team-roles", OptionList)
        index = roles.highlighted
        return str(roles.get_option_at_index(index).id) if index is not None else WHOLE_TEAM

    def actions(self, role: str) -> list[SentItem]:
        """Newest first."""
        view = self.session.view
        return list(reversed(view.actions)) if role == WHOLE_TEAM else list(view.sent.get(role, []))

    def refresh_state(self) -> None:
        self.query_one(StatusBar).refresh_if_changed()
        view, labels = self.session.view, self.session.labels
        if len(view.actions) != self._count:
            self._count = len(view.actions)
            roles = self.query_one("#team-roles", OptionList)
            keep = roles.highlighted
            roles.clear_options()
            names = [(WHOLE_TEAM, labels.whole_team), *((r, view.scenario.roles[r].name) for r in self.session.roles)]
            roles.add_options(
                [Option(Text.assemble(name, (f"  {len(self.actions(role))}", "dim")), id=role) for role, name in names]
            )
            roles.highlighted = keep if keep is not None else 0
        self._show()

    def _show(self) -> None:
        role = self.chosen
        items = self.actions(role)
        if self._shown == (role, len(items)):
            return
        self._shown = (role, len(items))
        text = self.query_one("#team-actions-text", Static)
        if not items:
            text.update(Text(self.session.labels.nothing_sent, style="dim"))
            return
        parts: list[Text | Rule] = []
        for item in items:
            if parts:
                parts.append(Rule(style="dim"))
            parts.append(sent_text(self.session, item, with_role=role == WHOLE_TEAM))
        text.update(Group(*parts))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)
