"""The help overlay: every key, in the exercise's language."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from crisissim.tui.labels import Labels

KEYS = {
    "en": [
        (
            "Exercise",
            [
                ("space", "pause / resume (StartEx at the start)"),
                ("+ / -", "faster / slower"),
                ("n", "advance to the next event"),
                ("e", "end the exercise (EndEx)"),
                ("ctrl+q", "quit safely; resume later with crisissim resume"),
            ],
        ),
        (
            "Facilitator",
            [
                ("f", "fire the selected MSEL event now"),
                ("k", "skip the selected MSEL event"),
                ("i", "write an ad-hoc inject"),
                ("m", "rate an expectation (P/S/M/U)"),
                ("x", "set or clear a flag"),
            ],
        ),
        (
            "Role panes",
            [
                ("tab / shift+tab", "next / previous pane"),
                ("F1…F9", "jump to a role's pane"),
                ("↑ ↓ enter", "pick a message; enter answers or decides"),
                ("r c s p", "reply, choose, statement, social post"),
                ("g a", "notify the regulator (Art. 33), the people affected (Art. 34)"),
                ("d o", "decision log, note"),
                ("composer", "type a reply and press enter"),
            ],
        ),
        (
            "Anywhere",
            [("ctrl+p", "command palette: every action by name"), ("?", "this help"), ("esc", "close a form")],
        ),
    ],
    "nl": [
        (
            "Oefening",
            [
                ("spatie", "pauze / verder (StartEx bij het begin)"),
                ("+ / -", "sneller / langzamer"),
                ("n", "door naar het volgende event"),
                ("e", "oefening beëindigen (EndEx)"),
                ("ctrl+q", "veilig stoppen; later verder met crisissim resume"),
            ],
        ),
        (
            "Facilitator",
            [
                ("f", "gekozen MSEL-event nu afvuren"),
                ("k", "gekozen MSEL-event overslaan"),
                ("i", "ad-hoc inject schrijven"),
                ("m", "verwachting beoordelen (P/S/M/U)"),
                ("x", "vlag zetten of wissen"),
            ],
        ),
        (
            "Rolpanelen",
            [
                ("tab / shift+tab", "volgend / vorig paneel"),
                ("F1…F9", "naar het paneel van een rol"),
                ("↑ ↓ enter", "bericht kiezen; enter beantwoordt of besluit"),
                ("r c s p", "antwoord, kiezen, statement, post"),
                ("g a", "melding aan de AP (art. 33), aan betrokkenen (art. 34)"),
                ("d o", "besluitenlog, notitie"),
                ("invoerregel", "typ een antwoord en druk enter"),
            ],
        ),
        (
            "Overal",
            [("ctrl+p", "opdrachtenpalet: elke actie bij naam"), ("?", "deze hulp"), ("esc", "formulier sluiten")],
        ),
    ],
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.labels = labels

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for section, keys in KEYS[self.labels.language]:
            table.add_row(f"[bold reverse] {section} [/]", "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with Vertical(classes="form help"):
            yield Static(f"{self.labels.help}  (esc)", classes="form-title")
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
