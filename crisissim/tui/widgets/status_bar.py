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
        s, labels = self.session, self.session.labels
        view = s.view
        now = view.now
        moment = view.datetime_at(now)
        if view.ended:
            state, style = labels.ended, "bold white on dark_red"
        elif view.paused:
            state, style = labels.paused, "bold black on yellow"
        else:
            state, style = labels.running, "bold black on green"
        full = self._line(state, style, moment=labels.moment(moment), clocks=self._clocks(compact=False))
        width = self.size.width
        if not width or full.cell_len <= width:
            return full
        # too narrow for everything: no date, each clock's value before its name, no clock not
        # yet started, the most urgent first, as many as fit whole, then how many more there are
        text = self._line(state, style, moment="", clocks=[])
        shown = [text for _, text in sorted(self._urgency(), key=lambda pair: pair[0])]
        for i, segment in enumerate(shown):
            more = len(shown) - i - 1
            if text.cell_len + segment.cell_len + (len(f"  +{more}") if more else 0) > width and i > 0:
                text.append(f"  +{len(shown) - i}", style="bold")
                break
            text.append_text(segment)
        return text

    def _urgency(self) -> list[tuple[float, Text]]:
        """The compact clocks with what orders them: breached, then by the time left, then met."""
        view = self.session.view
        out = []
        for (clock_id, clock), text in zip(
            self.session.scenario.clocks.items(), self._clocks(compact=True), strict=True
        ):
            if text is None:
                continue
            cs = view.clocks[clock_id]
            limit = cs.limit_s if cs.limit_s is not None else clock.limit
            left = (cs.started_s or 0) + limit - view.now
            order = -1.0 if cs.status == ClockStatus.BREACHED else 1e12 if cs.status == ClockStatus.MET else left
            out.append((order, text))
        return out

    def _line(self, state: str, style: str, *, moment: str, clocks: list[Text | None]) -> Text:
        view = self.session.view
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {state} ", style=style)
        text.append(f"  T+{clock_text(view.now)} ", style="bold")
        text.append(moment, style="")
        text.append(f"  ×{view.rate:g} ", style="dim")
        for segment in clocks:
            if segment is not None:
                text.append_text(segment)
        return text

    def _clocks(self, *, compact: bool) -> list[Text | None]:
        """Each clock's part of the line; ``compact``: its value first, and None for one not started."""
        s, labels = self.session, self.session.labels
        view, now = s.view, s.view.now
        out: list[Text | None] = []
        for clock_id, clock in s.scenario.clocks.items():
            cs = view.clocks[clock_id]
            if cs.status == ClockStatus.IDLE and (self.hide_idle_clocks or compact):
                out.append(None)
                continue
            label = clock.label or clock_id
            text = Text("  │ ", style="dim")
            if cs.status == ClockStatus.IDLE:
                text.append(f"{label}: {labels.idle}", style="dim")
            elif cs.status == ClockStatus.MET:
                text.append(f"✓ {label}" if compact else f"{label}: ✓ {labels.met}", style="green")
            elif cs.status == ClockStatus.BREACHED:
                text.append(
                    f"{labels.breached} {label}" if compact else f"{label}: {labels.breached}",
                    style="bold white on red",
                )
            else:
                limit = cs.limit_s if cs.limit_s is not None else clock.limit
                remaining = (cs.started_s or 0) + limit - now
                share = remaining / limit if limit else 0
                colour = "green" if share > 0.5 else "yellow" if share > 0.2 else "bold red"
                value = clock_text(remaining)
                text.append(f"{value} {label}" if compact else f"{label}: {value} {labels.left}", style=colour)
            out.append(text)
        return out
