"""StartEx: the summary, to be read aloud; space starts the clock. Below it, for the facilitator,
where the journal is and the commands that take it (resume, the room screen)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from crisissim.i18n import NP_
from crisissim.tui.labels import Labels, reflow, speak_keys
from crisissim.tui.screens.codes import journal_lines


class StartExScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("space,enter", "start", NP_("key", "Start")),
        Binding("escape", "later", NP_("key", "Not yet")),
    ]

    def __init__(self, title: str, summary: str, labels: Labels, *, journal: str = "") -> None:
        super().__init__(classes="form-screen")
        self.title_text, self.summary, self.labels, self.journal = title, summary, labels, journal
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form startex"):
            yield Static(f"{self.labels.startex}: {self.title_text}", classes="form-title")
            yield Static(reflow(self.summary), classes="startex-summary")
            yield Static(Text(self.labels.startex_hint, style="bold yellow"))
            if self.journal:  # from the start, for crisissim resume and crisissim room
                yield Static(journal_lines(self.labels, self.journal), id="startex-journal", classes="startex-journal")

    def action_start(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)
