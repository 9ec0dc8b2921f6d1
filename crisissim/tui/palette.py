"""The command palette in the exercise's language, Textual's own words included.

Textual gives every app a palette whose key is described ``palette`` in the footer, whose search
field says "Search for commands…", which says "No matches found", and whose system commands
(Theme, Quit, Keys, Screenshot, ...) are English. A crisissim app declares the palette's key
itself (:func:`palette_binding`, so Textual adds none), opens :class:`Palette` and offers the
system commands of :func:`system_commands`: the few that make sense in an exercise, in its
language, and a quit that is the app's own safe one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets.option_list import Option

from crisissim.i18n import NP_
from crisissim.tui.labels import Labels

PALETTE_ID = "--command-palette"


def palette_binding(key: str = "ctrl+p") -> Binding:
    """The palette's key, described in the ``key`` context like every other key (speak_keys)."""
    return Binding(key, "command_palette", NP_("key", "Commands"), show=False, priority=True)


class Palette(CommandPalette):
    """Textual's palette with its own words from the catalogue."""

    def __init__(self, labels: Labels) -> None:
        super().__init__(placeholder=labels.palette_search, id=PALETTE_ID)
        self.labels = labels

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Say "nothing found" in the exercise's language where Textual says "No matches found"."""
        self._stop_no_matches_countdown()

        def nothing_found() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(self.labels.palette_nothing, style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, nothing_found)


def open_palette(app: App[Any], labels: Labels) -> None:
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(Palette(labels))


def system_commands(screen: Screen[Any], labels: Labels, quit_safely: Callable[[], Any]) -> Iterable[SystemCommand]:
    """Textual's system commands that an exercise keeps, in its language: quit (the app's own,
    safe quit) and maximise or restore the focused area. Theme and screenshot are left out: they
    open English screens of Textual's own; the keys are on the help screen."""
    pgettext = labels.gettext.pgettext
    yield SystemCommand(pgettext("palette", "Quit"), pgettext("palette", "Stop safely; resume later"), quit_safely)
    if screen.maximized is not None:
        yield SystemCommand(
            pgettext("palette", "Restore"), pgettext("palette", "Show every area again"), screen.action_minimize
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(
            pgettext("palette", "Maximise"), pgettext("palette", "Show only the focused area"), screen.action_maximize
        )
