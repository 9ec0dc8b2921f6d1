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
from crisissim.scenario import Scenario

WORDS = {
    "en": {
        "title": "Seats: join codes",
        "hint": "Each role opens its seat with its code. r: a new code for the "
        "selected role (the old one stops working for new joins). esc: close.",
        "url": "Seats join at",
    },
    "nl": {
        "title": "Plekken: deelnamecodes",
        "hint": "Elke rol opent zijn plek met zijn code. r: nieuwe code voor "
        "de gekozen rol (de oude werkt dan niet meer voor nieuwe deelnemers). esc: sluiten.",
        "url": "Deelnemers gaan naar",
    },
}


class CodesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,j", "close", "Close"), Binding("r", "renew", "New code")]

    def __init__(self, desk: SeatDesk, scenario: Scenario, url: str, language: str) -> None:
        super().__init__(classes="form-screen")
        self.desk, self.scenario, self.url = desk, scenario, url
        self.words = WORDS.get(language, WORDS["en"])

    def compose(self) -> ComposeResult:
        with Vertical(classes="form codes"):
            yield Static(self.words["title"], classes="form-title")
            yield Static(f"{self.words['url']}: [bold]{self.url}[/]")
            yield OptionList(id="codes")
            yield Static(self.words["hint"], classes="field-hint")

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
