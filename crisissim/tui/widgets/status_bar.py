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
        """The most that fits on one line, a clock's value never cut.

        The whole line first, every clock in the scenario's order. Too narrow for that: each
        clock's value before its label, the most urgent first (breached, then by the time left,
        then met), no clock not yet started; then, as :data:`DETAIL` says, words and the other
        clocks' labels shorten and the date goes (the most urgent keeps its label whole). When
        even the least detail cannot hold every clock, as many as fit whole, then how many more
        there are: ``+N``."""
        width = max(1, self.size.width - 2) if self.size.width else 10_000
        full = self._line(**DETAIL[0])
        if full.cell_len <= width:
            return full
        best: tuple[Text, int] | None = None
        for detail in DETAIL[1:]:
            text, more = self._compact(width, **detail)
            if text.cell_len > width:
                continue  # even the most urgent clock alone is too wide with this much detail
            if not more:
                return text
            if best is None or more < best[1]:
                best = (text, more)
        return best[0] if best is not None else text

    def _state(self) -> tuple[str, str]:
        view, labels = self.session.view, self.session.labels
        if view.ended:
            return labels.ended, "bold white on dark_red"
        if view.paused:
            return labels.paused, "bold black on yellow"
        return labels.running, "bold black on green"

    def _head(self, *, moment: bool, head: bool) -> Text:
        view, labels = self.session.view, self.session.labels
        state, style = self._state()
        text = Text(no_wrap=True, overflow="crop")
        if head:
            text.append(f" {state} ", style=style)
            text.append(f"  T+{clock_text(view.now)} ", style="bold")
            if moment:
                text.append(labels.moment(view.datetime_at(view.now)), style="")
            text.append(f"  ×{view.rate:g} ", style="dim")
        else:
            text.append(f" {state[:1]} ", style=style)
            text.append(f" T+{clock_text(view.now)}", style="bold")
        return text

    def _line(self, *, left: bool, label_cells: int | None, moment: bool, head: bool) -> Text:
        """Every clock in the scenario's order, its label before its value."""
        s, labels = self.session, self.session.labels
        view = s.view
        text = self._head(moment=moment, head=head)
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
                remaining, colour = self._left(clock_id)
                value = f"{clock_text(remaining)} {labels.left}" if left else clock_text(remaining)
                text.append(f"{label}: {value}", style=colour)
        return text

    def _left(self, clock_id: str) -> tuple[float, str]:
        """A running clock's time left, and its colour."""
        view = self.session.view
        cs, clock = view.clocks[clock_id], self.session.scenario.clocks[clock_id]
        limit = cs.limit_s if cs.limit_s is not None else clock.limit
        remaining = (cs.started_s or 0) + limit - view.now
        share = remaining / limit if limit else 0
        return remaining, "green" if share > 0.5 else "yellow" if share > 0.2 else "bold red"

    def _urgent(self) -> list[str]:
        """The clocks that have started, the most urgent first: breached, then by the time left, then met."""
        view = self.session.view
        order: list[tuple[float, int, str]] = []
        for i, clock_id in enumerate(self.session.scenario.clocks):
            cs = view.clocks[clock_id]
            if cs.status == ClockStatus.IDLE:
                continue
            if cs.status == ClockStatus.BREACHED:
                rank = -1.0
            elif cs.status == ClockStatus.MET:
                rank = 1e12
            else:
                rank = self._left(clock_id)[0]
            order.append((rank, i, clock_id))
        return [clock_id for _, _, clock_id in sorted(order)]

    def _compact(
        self, width: int, *, left: bool, label_cells: int | None, moment: bool, head: bool
    ) -> tuple[Text, int]:
        """The value first and the most urgent first, as many whole as fit in ``width``, then
        ``+N``; and N. The most urgent keeps its whole label, the others have ``label_cells``."""
        del left  # a compact line never says "left"
        s, labels = self.session, self.session.labels
        text = self._head(moment=moment, head=head)
        bar = "  │ " if head else " │ "
        urgent = self._urgent()
        for i, clock_id in enumerate(urgent):
            clock, cs = s.scenario.clocks[clock_id], s.view.clocks[clock_id]
            label = clock.label or clock_id if i == 0 else shorten(clock.label or clock_id, label_cells)
            segment = Text(bar, style="dim")
            if cs.status == ClockStatus.MET:
                segment.append(f"✓ {label}", style="green")
            elif cs.status == ClockStatus.BREACHED:
                segment.append(f"{labels.breached} {label}", style="bold white on red")
            else:
                remaining, colour = self._left(clock_id)
                segment.append(f"{clock_text(remaining)} {label}", style=colour)
            more = len(urgent) - i - 1
            if i > 0 and text.cell_len + segment.cell_len + (len(f"  +{more}") if more else 0) > width:
                text.append(f"  +{len(urgent) - i}", style="bold")
                return text, len(urgent) - i
            text.append_text(segment)
        return text, 0


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
