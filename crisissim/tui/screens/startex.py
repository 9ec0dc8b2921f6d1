"""StartEx: the summary, to be read aloud; space starts the clock."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from crisissim.i18n import NP_
from crisissim.tui.labels import Labels, reflow, speak_keys


class StartExScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("space,enter", "start", NP_("key", "Start")),
        Binding("escape", "later", NP_("key", "Not yet")),
    ]

    def __init__(self, title: str, summary: str, labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.title_text, self.summary, self.labels = title, summary, labels
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form startex"):
            yield Static(f"{self.labels.startex}: {self.title_text}", classes="form-title")
            yield Static(reflow(self.summary), classes="startex-summary")
            yield Static(Text(self.labels.startex_hint, style="bold yellow"))

    def action_start(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)
