"""EndEx: the hot wash collects answers per role; then the debrief is written."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, RadioButton, RadioSet, Static, TextArea

from crisissim.i18n import NP_
from crisissim.tui.labels import Labels, speak_keys


class HotwashScreen(Screen[None]):
    BINDINGS = [Binding("ctrl+s", "save", NP_("key", "Save role"), priority=True)]

    @dataclass
    class Saved(Message):
        role: str
        answers: list[str]

    class Finished(Message):
        pass

    def __init__(self, questions: list[str], roles: dict[str, str], labels: Labels) -> None:
        super().__init__()
        self.questions, self.roles, self.labels = questions, roles, labels
        speak_keys(self, labels)
        self.saved: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="hotwash"):
            yield Static(f"{self.labels.hotwash}: {self.labels.hotwash_hint}", classes="form-title")
            with Horizontal():
                with RadioSet(id="hotwash-role"):
                    for n, (role, name) in enumerate(self.roles.items()):
                        yield RadioButton(name, value=n == 0, id=f"role-{role}")
                with VerticalScroll(classes="hotwash-questions"):
                    for n, question in enumerate(self.questions):
                        yield Label(f"{n + 1}. {question}", classes="field-label")
                        yield TextArea(id=f"answer-{n}", classes="field-text", soft_wrap=True)
            yield Static(id="hotwash-status", classes="form-intro")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.labels.save_role} (ctrl+s)", id="save", variant="primary")
                yield Button(self.labels.finish, id="finish", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        for answer in self.query(TextArea):
            answer.cursor_blink = False

    @property
    def role(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return (pressed.id or "role-").removeprefix("role-") if pressed else next(iter(self.roles))

    def action_save(self) -> None:
        answers = [self.query_one(f"#answer-{n}", TextArea).text.strip() for n in range(len(self.questions))]
        self.post_message(self.Saved(self.role, answers))
        self.saved.add(self.role)
        for n in range(len(self.questions)):
            self.query_one(f"#answer-{n}", TextArea).text = ""
        done = ", ".join(self.roles[r] for r in self.saved)
        self.query_one("#hotwash-status", Static).update(f"✓ {done}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.post_message(self.Finished())

    def show_written(self, paths: list[str]) -> None:
        lines = "\n".join(paths)
        self.query_one("#hotwash-status", Static).update(f"{self.labels.debrief_written}:\n{lines}\n\nctrl+q")

    def show_unwritten(self, why: str, journal: str) -> None:
        """The debrief could not be written (a full disk, say): why, and how to write it later."""
        later = self.labels.debrief_later.format(command=f"crisissim report {journal}")
        status = self.query_one("#hotwash-status", Static)
        status.update(Text(f"{self.labels.debrief_not_written}:\n{why}\n\n{later}\n\nctrl+q"))
