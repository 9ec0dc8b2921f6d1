"""The help overlay: every key, in the exercise's language."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crisissim.i18n import NP_
from crisissim.scenario.actions import ACTIONS
from crisissim.tui.labels import Labels, speak_keys

Section = tuple[str, list[tuple[str, str]]]


def action_lines(labels: Labels) -> list[tuple[str, str]]:
    """The role panes' action keys, a line per ``help_line`` of the action registry."""
    _ = labels.gettext
    lines: dict[int, list[tuple[str, str]]] = {}
    for spec in ACTIONS:
        lines.setdefault(spec.help_line, []).append((spec.key, _(spec.help)))
    return [(" ".join(k for k, _w in keys), ", ".join(w for _k, w in keys)) for _line, keys in sorted(lines.items())]


def sections(labels: Labels) -> list[Section]:
    """Every key, section by section, in the labels' language."""
    _ = labels.gettext
    return [
        (
            _("Exercise"),
            [
                (_("space"), _("pause / resume (StartEx at the start)")),
                ("+ / -", _("faster / slower")),
                ("n", _("advance to the next event")),
                ("e", _("end the exercise (EndEx)")),
                ("t", _("what the team did: every role's actions, from panes and seats")),
                ("j", _("where the journal is, for crisissim resume and crisissim room; with seats, their codes")),
                ("ctrl+q", _("quit safely; resume later with crisissim resume")),
            ],
        ),
        (
            _("Facilitator"),
            [
                ("f", _("fire the selected MSEL event now")),
                ("k", _("skip the selected MSEL event")),
                ("i", _("write an ad-hoc inject")),
                ("m", _("rate an expectation (P/S/M/U)")),
                ("x", _("set or clear a flag")),
                ("u", _("undo the last command (fire, skip, inject, flag, rating) while nothing has followed")),
                ("v", _("room view: hide the MSEL, clocks not yet started and these commands; v again: show them")),
            ],
        ),
        (
            _("Role panes"),
            [
                ("tab / shift+tab", _("the MSEL, each role pane and the feed, in turn")),
                ("F1…F9", _("jump to a role's pane")),
                ("↑ ↓ enter", _("pick a message; enter answers or decides")),
                ("PgDn PgUp", _("turn the pages of the message")),
                ("→ ←", _("from the inbox to the message (↑ ↓ Home End scroll it) and the reply line")),
                ("esc", _("from the reply line back to the inbox")),
                *action_lines(labels),
                ("h", _("what this role sent, in full; h again: back to the inbox")),
                (_("composer"), _("type a reply and press enter")),
            ],
        ),
        (
            _("Anywhere"),
            [
                ("ctrl+p", _("command palette: every action by name")),
                ("?", _("this help")),
                ("esc", _("close a form (one with something typed in asks first)")),
            ],
        ),
    ]


class HelpScreen(ModalScreen[None]):
    """Every key; the app pauses the exercise while it is open (see ``CrisisApp.action_help``)."""

    BINDINGS = [Binding("escape,question_mark,q", "close", NP_("key", "Close"))]

    def __init__(self, labels: Labels) -> None:
        super().__init__(classes="form-screen")
        self.labels = labels
        speak_keys(self, labels)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for section, keys in sections(self.labels):
            table.add_row(f"[bold reverse] {section} [/]", "")
            for key, what in keys:
                table.add_row(key, what)
            table.add_row("", "")
        with Vertical(classes="form help"):
            yield Static(f"{self.labels.help}  (esc)", classes="form-title")
            with VerticalScroll(id="help-keys", classes="help-keys"):
                yield Static(table)

    def on_mount(self) -> None:
        """Focused, so that ↑ ↓ PageUp PageDown scroll it where it does not fit (80x24)."""
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss(None)
