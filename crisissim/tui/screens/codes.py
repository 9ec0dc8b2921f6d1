"""The journal and, when seats are served, their join codes: shown to the facilitator only (j).

The journal's path is what ``crisissim resume`` and ``crisissim room`` need, so it is here (and on
StartEx) from the start, not only printed when the console closes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from crisissim.engine.seats import SeatDesk
from crisissim.exercise.serve import SeatsSummary, beyond_loopback
from crisissim.i18n import NP_
from crisissim.journal.backends import shell_location
from crisissim.scenario import Scenario
from crisissim.tui.labels import Labels, speak_keys


def journal_lines(labels: Labels, location: str | os.PathLike[str]) -> Text:
    """Where the journal is, and the two commands that take it: resume, and the room screen."""
    where = shell_location(location)
    text = Text()
    text.append(f"{labels.journal}: ", style="bold")
    text.append(f"{os.fspath(location)}\n")
    text.append(f"{labels.resume_with}: ", style="dim")
    text.append(f"crisissim resume {where}\n", style="bold")
    text.append(f"{labels.room_with}: ", style="dim")
    text.append(f"crisissim room {where}", style="bold")
    return text


class CodesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,j", "close", NP_("key", "Close")), Binding("r", "renew", NP_("key", "New code"))]

    def __init__(
        self,
        desk: SeatDesk | None,
        scenario: Scenario,
        urls: Sequence[str],
        language: str,
        journal: str,
        summary: Callable[[], SeatsSummary] | None = None,
    ) -> None:
        super().__init__(classes="form-screen")
        self.desk, self.scenario, self.urls, self.journal = desk, scenario, tuple(urls), journal
        self.summary = summary
        """Who is connected per role, and the recent wrong codes (the seat server's, read each second)."""
        self._shown: SeatsSummary | None = None
        self.labels = Labels(language)
        speak_keys(self, self.labels)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form codes"):
            _ = self.labels.gettext
            title = _("Seats: join codes") if self.desk is not None else self.labels.journal
            yield Static(title, classes="form-title")
            yield Static(journal_lines(self.labels, self.journal), id="codes-journal", classes="form-intro")
            if self.desk is None:
                yield Static(_("esc: close."), classes="field-hint")
                return
            # each address on a line of its own: on 0.0.0.0 every address this machine has on its networks
            said = _("Seats join at") + ": "
            at = Text(said)
            at.append(("\n" + " " * len(said)).join(self.urls), style="bold")
            yield Static(at, id="codes-urls")
            if any(beyond_loopback(urlsplit(url).hostname or "") for url in self.urls):
                yield Static(self.labels.beyond_loopback, classes="form-error")
            yield OptionList(id="codes")
            yield Static("", id="codes-wrong", classes="field-hint")
            yield Static(
                _(
                    "Each role opens its seat with its code. r: a new code for the selected role "
                    "(the old one stops working, and the seats that joined with it are ended). esc: close."
                ),
                classes="field-hint",
            )

    def on_mount(self) -> None:
        if self.desk is None:
            return
        self._fill()
        self.query_one(OptionList).focus()
        if self.summary is not None:
            self.set_interval(1.0, self._follow)

    def _follow(self) -> None:
        """Redraw when who is connected, or the wrong codes, changed."""
        assert self.summary is not None
        if self.summary() != self._shown:
            options = self.query_one(OptionList)
            self._fill(options.highlighted or 0)

    def _fill(self, keep: int = 0) -> None:
        assert self.desk is not None
        _ = self.labels.gettext
        summary = self._shown = self.summary() if self.summary is not None else None
        options = self.query_one(OptionList)
        options.clear_options()
        for role in self.desk.roles:
            table = Table.grid(padding=(0, 2))
            table.add_column(width=34)
            table.add_column(style="bold yellow")
            code: str | Text = self.desk.codes.get(role) or "—"
            if role not in self.desk.codes and role in self.desk.given:  # only its hash is journaled: it works
                code = Text(_("given before the restart; r makes a new one"), style="not bold italic")
            row: list[str | Text] = [self.scenario.roles[role].name, code]
            if summary is not None:
                table.add_column(style="dim")
                row.append(_("{n} connected").format(n=summary.connected.get(role, 0)))
            table.add_row(*row)
            options.add_option(Option(table, id=role))
        options.highlighted = keep
        if summary is not None:
            wrong = _("Wrong codes in the last ten minutes: {n}; addresses that tried them: {addresses}")
            self.query_one("#codes-wrong", Static).update(
                wrong.format(n=summary.wrong_codes, addresses=summary.addresses)
            )

    def action_renew(self) -> None:
        if self.desk is None:
            return
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        role = self.desk.roles[options.highlighted]
        self.desk.issue(role)
        self._fill(options.highlighted)

    def action_close(self) -> None:
        self.dismiss(None)
