"""StartEx: the summary, to be read aloud; space starts the clock. Below it, for the facilitator,
where the journal is and the commands that take it (resume, the room screen)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
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
            with VerticalScroll(classes="startex-body"):  # a long summary scrolls; the hint and journal stay in view
                yield Static(reflow(self.summary), classes="startex-summary")
            yield Static(Text(self.labels.startex_hint, style="bold yellow"))
            if self.journal:  # from the start, for crisissim resume and crisissim room
                yield Static(journal_lines(self.labels, self.journal), id="startex-journal", classes="startex-journal")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the summary what the terminal has left once the title, the hint and the journal's
        commands are shown: on a small terminal the summary scrolls and the facilitator still
        sees where the journal is and how to resume it."""
        form = self.query_one(".startex", Vertical)
        body = self.query_one(".startex-body", VerticalScroll)
        shown = [w for w in form.children if w is not body]
        others = sum(w.outer_size.height + max(w.styles.margin.top, w.styles.margin.bottom) for w in shown)
        chrome = form.outer_size.height - form.content_size.height
        room = self.size.height - chrome - others - body.styles.margin.bottom - 1
        body.styles.max_height = max(3, room)

    def action_start(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)
