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
        shown = getattr(self, "_shown", None)
        if text != shown:
            self._shown = text
            # a second line of clocks (or its end) changes the bar's height, so the layout
            self.refresh(layout=shown is None or text.plain.count("\n") != shown.plain.count("\n"))

    def render(self) -> Text:
        """The most that fits on one line, a clock's value never cut; a second line when one is not enough.

        The whole line first, every clock in the scenario's order. Too narrow for that: each
        clock's value before its label, the most urgent first (breached, then by the time left,
        then met), no clock not yet started; then, as :data:`DETAIL` says, words and the other
        clocks' labels shorten and the date goes (the most urgent keeps its label whole). When
        even the least detail cannot hold every clock on one line, the bar takes a second line
        for the clocks the first cannot hold, their labels shortened only as far as they must:
        a value cut off, or a clock counted as ``+N``, would hide a deadline from the room (only
        more clocks than two lines can hold at all still end in ``+N``)."""
        width = max(1, self.size.width - 2) if self.size.width else 10_000
        full = self._line(**DETAIL[0])
        if full.cell_len <= width:
            return full
        for detail in DETAIL[1:]:
            text, rest = self._compact(width, self._urgent(), **detail)
            if text.cell_len <= width and not rest:
                return text
        first, rest = self._compact(width, self._urgent(), count_rest=False, **DETAIL[TWO_LINE_DETAIL])
        for label_cells in (None, *range(40, 2, -1)):
            second, more = self._compact(width, rest, head=None, label_cells=label_cells)
            if not more:
                break
        first.append("\n")
        first.append_text(second)
        return first

    def _state(self) -> tuple[str, str]:
        view, labels = self.session.view, self.session.labels
        if view.ended:
            return labels.ended, "bold white on dark_red"
        if getattr(self.session, "unreachable", False):  # a terminal seat whose exercise cannot be reached
            return labels.gettext("UNREACHABLE"), "bold black on dark_orange"
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
        self,
        width: int,
        clocks: list[str],
        *,
        label_cells: int | None,
        head: bool | None,
        moment: bool = False,
        left: bool = False,
        count_rest: bool = True,
    ) -> tuple[Text, list[str]]:
        """``clocks`` value first, as many whole as fit in ``width``, then ``+N``; and the clocks
        left out. On the first line (``head`` not None) the first clock keeps its whole label,
        the others have ``label_cells``; a second line (``head`` None) gives each ``label_cells``.
        ``count_rest``: say how many are left out (not when a second line shows them)."""
        del left  # a compact line never says "left"
        s, labels = self.session, self.session.labels
        text = self._head(moment=moment, head=head) if head is not None else Text(no_wrap=True, overflow="crop")
        bar = "  │ " if head else " │ "
        for i, clock_id in enumerate(clocks):
            clock, cs = s.scenario.clocks[clock_id], s.view.clocks[clock_id]
            name = clock.label or clock_id
            label = name if i == 0 and head is not None else shorten(name, label_cells)
            segment = Text(bar if i or head is not None else " ", style="dim")
            if cs.status == ClockStatus.MET:
                segment.append(f"✓ {label}", style="green")
            elif cs.status == ClockStatus.BREACHED:
                segment.append(f"{labels.breached} {label}", style="bold white on red")
            else:
                remaining, colour = self._left(clock_id)
                segment.append(f"{clock_text(remaining)} {label}", style=colour)
            more = len(clocks) - i - 1
            room = len(f"  +{more}") if more and count_rest else 0
            if i > 0 and text.cell_len + segment.cell_len + room > width:
                if count_rest:
                    text.append(f"  +{len(clocks) - i}", style="bold")
                return text, clocks[i:]
            text.append_text(segment)
        return text, []


def shorten(label: str, cells: int | None) -> str:
    """A clock's label in at most ``cells`` cells, with "…"; a word cut to fewer than
    :data:`WORD_KEPT` letters is left out (“NIS2: incidentme…” reads, “NIS2: in…” does not)."""
    if cells is None or len(label) <= cells:
        return label
    keep = max(1, cells - 1)
    cut = label[:keep]
    if label[keep].isalnum() and cut[-1].isalnum() and " " in cut.strip():
        head, word = cut.rstrip().rsplit(" ", 1)
        if len(word) < WORD_KEPT:
            cut = head
    return cut.rstrip(" :,.-") + "…"


#: The fewest letters of a word a shortened label keeps rather than leaving the word out.
WORD_KEPT = 6

#: From the whole line to the least one line may say (then two lines, :data:`TWO_LINE_DETAIL`).
DETAIL: tuple[dict[str, Any], ...] = (
    {"left": True, "label_cells": None, "moment": True, "head": True},
    {"left": False, "label_cells": None, "moment": True, "head": True},
    {"left": False, "label_cells": 24, "moment": True, "head": True},
    {"left": False, "label_cells": 14, "moment": True, "head": True},
    {"left": False, "label_cells": 14, "moment": False, "head": True},
    {"left": False, "label_cells": 10, "moment": False, "head": True},
)
#: The first line's detail when the clocks take two lines: the head whole but for the date.
#: One line is given up for two before the other clocks' labels shrink below ten cells.
TWO_LINE_DETAIL = 4
