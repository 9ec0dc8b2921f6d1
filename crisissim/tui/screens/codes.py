"""Join codes for the seats, shown to the facilitator only; renewable per role."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from crisissim.engine.seats import SeatDesk
from crisissim.i18n import NP_
from crisissim.scenario import Scenario
from crisissim.tui.labels import Labels, speak_keys


class CodesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,j", "close", NP_("key", "Close")), Binding("r", "renew", NP_("key", "New code"))]

    def __init__(self, desk: SeatDesk, scenario: Scenario, url: str, language: str) -> None:
        super().__init__(classes="form-screen")
        self.desk, self.scenario, self.url = desk, scenario, url
        self.labels = Labels(language)
        speak_keys(self, self.labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form codes"):
            _ = self.labels.gettext
            yield Static(_("Seats: join codes"), classes="form-title")
            yield Static(_("Seats join at") + f": [bold]{self.url}[/]")
            yield OptionList(id="codes")
            yield Static(
                _(
                    "Each role opens its seat with its code. r: a new code for the selected role "
                    "(the old one stops working for new joins). esc: close."
                ),
                classes="field-hint",
            )

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self, keep: int = 0) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for role in self.desk.roles:
            table = Table.grid(padding=(0, 2))
            table.add_column(width=34)
            table.add_column(style="bold yellow")
            table.add_row(self.scenario.roles[role].name, self.desk.codes.get(role, "—"))
            options.add_option(Option(table, id=role))
        options.highlighted = keep

    def action_renew(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        role = self.desk.roles[options.highlighted]
        self.desk.issue(role)
        self._fill(options.highlighted)

    def action_close(self) -> None:
        self.dismiss(None)
