"""The top line, readable from the back of the room: title, T+, date-time, speed, state, clocks."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from crisissim.journal.records import ClockStatus
from crisissim.tui.screen_session import ScreenSession


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}"


class StatusBar(Widget):
    DEFAULT_CLASSES = "status-bar"

    def __init__(self, session: ScreenSession, *, hide_idle_clocks: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.hide_idle_clocks = hide_idle_clocks
        """For the room: a clock that has not started yet would tell what is coming."""

    def refresh_if_changed(self) -> None:
        """Redraw only when what the bar says has changed (it changes once a simulated minute)."""
        text = self.render()
        if text != getattr(self, "_shown", None):
            self._shown = text
            self.refresh()

    def render(self) -> Text:
        """The most that fits on one line: words and labels shorten first, then the date goes;
        a clock's value is never cut (the last resort is the clocks alone)."""
        width = max(1, self.size.width - 2) if self.size.width else 10_000
        for detail in DETAIL:
            text = self._line(**detail)
            if text.cell_len <= width:
                return text
        return text

    def _line(self, *, left: bool, label_cells: int | None, moment: bool, head: bool) -> Text:
        s, labels = self.session, self.session.labels
        view = s.view
        now = view.now
        if view.ended:
            state, style = labels.ended, "bold white on dark_red"
        elif view.paused:
            state, style = labels.paused, "bold black on yellow"
        else:
            state, style = labels.running, "bold black on green"
        text = Text(no_wrap=True, overflow="crop")
        if head:
            text.append(f" {state} ", style=style)
            text.append(f"  T+{clock_text(now)} ", style="bold")
            if moment:
                text.append(labels.moment(view.datetime_at(now)), style="")
            text.append(f"  ×{view.rate:g} ", style="dim")
        else:
            text.append(f" {state[:1]} ", style=style)
            text.append(f" T+{clock_text(now)}", style="bold")
        for clock_id, clock in s.scenario.clocks.items():
            cs = view.clocks[clock_id]
            if cs.status == ClockStatus.IDLE and self.hide_idle_clocks:
                continue
            label = shorten(clock.label or clock_id, label_cells)
            text.append("  │ " if head else " │ ", style="dim")
            if cs.status == ClockStatus.IDLE:
                text.append(f"{label}: {labels.idle}", style="dim")
            elif cs.status == ClockStatus.MET:
                text.append(f"{label}: ✓ {labels.met}", style="green")
            elif cs.status == ClockStatus.BREACHED:
                text.append(f"{label}: {labels.breached}", style="bold white on red")
            else:
                limit = cs.limit_s if cs.limit_s is not None else clock.limit
                remaining = (cs.started_s or 0) + limit - now
                share = remaining / limit if limit else 0
                colour = "green" if share > 0.5 else "yellow" if share > 0.2 else "bold red"
                value = f"{clock_text(remaining)} {labels.left}" if left else clock_text(remaining)
                text.append(f"{label}: {value}", style=colour)
        return text


def shorten(label: str, cells: int | None) -> str:
    """A clock's label in at most ``cells`` cells, with "…"; a word cut in two is left out."""
    if cells is None or len(label) <= cells:
        return label
    keep = max(1, cells - 1)
    cut = label[:keep]
    if label[keep].isalnum() and cut[-1].isalnum() and " " in cut.strip():
        cut = cut.rstrip().rsplit(" ", 1)[0]
    return cut.rstrip(" :,.-") + "…"


#: From the whole line to the least that still says every clock's value.
DETAIL: tuple[dict[str, Any], ...] = (
    {"left": True, "label_cells": None, "moment": True, "head": True},
    {"left": False, "label_cells": None, "moment": True, "head": True},
    {"left": False, "label_cells": 24, "moment": True, "head": True},
    {"left": False, "label_cells": 14, "moment": True, "head": True},
    {"left": False, "label_cells": 14, "moment": False, "head": True},
    {"left": False, "label_cells": 10, "moment": False, "head": True},
    {"left": False, "label_cells": 6, "moment": False, "head": False},
    {"left": False, "label_cells": 3, "moment": False, "head": False},
    {"left": False, "label_cells": 0, "moment": False, "head": False},
)
