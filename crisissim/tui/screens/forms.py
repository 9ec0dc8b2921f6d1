"""Forms for every action and facilitator command, built from field specifications.

A form checks what it is given (a required field left empty, a number that is not one) and
says what is missing; it returns the values only when all is well, so nothing is filed half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.tui.labels import Labels, speak_keys


@dataclass
class Field:
    name: str
    label: str
    hint: str = ""
    kind: str = "input"  # input | text | number | checks | radio
    required: bool = True
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    value: str | list[str] = ""


@dataclass
class FormSpec:
    title: str
    fields: list[Field]
    intro: str = ""


def after_queued(screen: Screen[Any], callback: Callable[[], None]) -> None:
    """Run ``callback`` once the focused widget has handled every event already queued for it
    (keys typed in a burst, a paste): its queue is first in, first out."""
    focused = screen.focused
    if focused is None or not focused.call_later(callback):
        callback()


class FormScreen(ModalScreen[dict[str, Any] | None]):
    BINDINGS = [
        Binding("escape", "cancel", NP_("key", "Cancel")),
        Binding("ctrl+s", "submit", NP_("key", "Send"), priority=True),
    ]

    def __init__(self, spec: FormSpec, labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.spec = spec
        self.labels = labels
        speak_keys(self, labels)
        self._blank: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.spec.title, classes="form-title")
            if self.spec.intro:
                yield Static(self.spec.intro, classes="form-intro")
            with VerticalScroll(classes="form-fields"):
                for f in self.spec.fields:
                    mark = " *" if f.required else ""
                    yield Label(f"{f.label}{mark}", classes="field-label")
                    yield from self._widget(f)
                    if f.hint:
                        yield Static(f.hint, classes="field-hint")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.labels.send} (ctrl+s)", id="send", variant="primary")
                yield Button(f"{self.labels.cancel} (esc)", id="cancel")

    def _widget(self, f: Field) -> ComposeResult:
        if f.kind == "text":
            yield TextArea(str(f.value), id=f"field-{f.name}", classes="field-text", soft_wrap=True)
        elif f.kind == "checks":
            for value, label in f.choices:
                yield Checkbox(
                    label, value=value in (f.value or []), id=f"field-{f.name}-{value}", classes="field-check"
                )
        elif f.kind == "radio":
            with RadioSet(id=f"field-{f.name}"):
                for n, (value, label) in enumerate(f.choices):  # by place: a value may not be an id
                    yield RadioButton(label, value=value == f.value, id=f"field-{f.name}-{n}")
        else:
            yield Input(
                str(f.value),
                id=f"field-{f.name}",
                classes="field-input",
                type="integer" if f.kind == "number" else "text",
            )

    def on_mount(self) -> None:
        for field_widget in self.query(".field-text, .field-input"):
            if isinstance(field_widget, Input | TextArea):
                field_widget.cursor_blink = False  # a steady cursor: calmer, and the same in every frame
        first = self.query(".field-text, .field-input, RadioSet, .field-check").first()
        first.focus()
        self._blank = self.values()[0]

    def filled(self) -> bool:
        """Whether anything was typed or changed since the form opened."""
        return self.values()[0] != self._blank

    def values(self) -> tuple[dict[str, object], list[str]]:
        values: dict[str, object] = {}
        problems: list[str] = []
        for f in self.spec.fields:
            if f.kind == "text":
                value: object = self.query_one(f"#field-{f.name}", TextArea).text.strip()
            elif f.kind == "checks":
                value = [v for v, _ in f.choices if self.query_one(f"#field-{f.name}-{v}", Checkbox).value]
            elif f.kind == "radio":
                index = self.query_one(f"#field-{f.name}", RadioSet).pressed_index
                value = f.choices[index][0] if 0 <= index < len(f.choices) else ""
            else:
                value = self.query_one(f"#field-{f.name}", Input).value.strip()
                if f.kind == "number" and value:
                    try:
                        value = int(str(value).replace(".", "").replace(",", "").replace(" ", ""))
                    except ValueError:
                        problems.append(f"{f.label}: {self.labels.not_a_number}")
            if f.required and (value == "" or value == []):
                problems.append(f"{self.labels.required}: {f.label}")
            values[f.name] = value
        return values, problems

    def action_submit(self) -> None:
        """ctrl+s is a priority key: the app takes it before the keystrokes and the paste still
        queued for the focused field, so the form is read only once that field has had them."""
        after_queued(self, self._submit_now)

    def _submit_now(self) -> None:
        values, problems = self.values()
        if problems:
            self.query_one("#form-error", Static).update("\n".join(problems))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        """Esc on a form with something in it asks first; an untouched form just closes."""
        after_queued(self, self._cancel_now)

    def _cancel_now(self) -> None:
        if not self.filled():
            self.dismiss(None)
            return
        _ = self.labels.gettext

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                _("Discard what you typed?"),
                _("The form closes and nothing is sent. No keeps the form open."),
                self.labels,
            ),
            done,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "send":
            self.action_submit()
        else:
            self.action_cancel()


class ChooseScreen(ModalScreen[str | None]):
    """The options of a decision; Enter takes the highlighted one."""

    BINDINGS = [Binding("escape", "cancel", NP_("key", "Cancel"))]

    def __init__(self, title: str, options: dict[str, str], labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.title_text = title
        self.options = options
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choose"):
            yield Static(self.title_text, classes="form-title")
            yield OptionList(
                *[Option(f"{n}. {label}", id=key) for n, (key, label) in enumerate(self.options.items(), start=1)],
                id="choices",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "no", NP_("key", "No")),
        Binding("y,j", "yes", NP_("key", "Yes")),  # j: ja, as the Dutch button says
        Binding("n", "no", NP_("key", "No")),
    ]

    def __init__(self, title: str, text: str, labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.title_text, self.text, self.labels = title, text, labels
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.title_text, classes="form-title")
            yield Static(self.text)
            with Horizontal(classes="form-buttons"):
                yield Button(self.labels.yes, id="yes", variant="error")
                yield Button(self.labels.no, id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
