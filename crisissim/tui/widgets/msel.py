"""The facilitator's column: every event with its state, the next one counting down."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from crisissim.journal.records import EventStatus
from crisissim.scenario.graph import planned_due
from crisissim.tui.screen_session import ScreenSession
from crisissim.tui.widgets.quiet import update_if_changed
from crisissim.tui.widgets.status_bar import clock_text

DUE_SOON_S = 15 * 60
GLYPHS = {EventStatus.FIRED: ("✓", "green"), EventStatus.SKIPPED: ("✗", "dim"), EventStatus.PENDING: ("·", "")}


class MselPanel(Vertical):
    """MSEL rows in planned order; the cursor row is what 'f' fires and 'k' skips."""

    def __init__(self, session: ScreenSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._planned = planned_due(session.scenario)
        self._order = sorted(
            session.scenario.events,
            key=lambda e: (self._planned[e.id] is None, self._planned[e.id] or 0),
        )
        self._shown: dict[str, tuple[str, str, str]] = {}

    def compose(self) -> ComposeResult:
        yield Static(self.session.labels.msel, classes="panel-title")
        yield Static(id="msel-next", classes="msel-next")
        table: DataTable[Text] = DataTable(id="msel-table", cursor_type="row", zebra_stripes=False, show_header=False)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("when", key="when", width=7)
        table.add_column("", key="state", width=1)
        table.add_column("event", key="event")
        for event in self._order:
            table.add_row(*self._cells(event.id), key=event.id)
        self.refresh_state()

    @property
    def selected_event(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _cells(self, event_id: str) -> tuple[Text, Text, Text]:
        view = self.session.view
        es = view.events[event_id]
        event = self.session.scenario.event(event_id)
        assert event is not None
        when_s = es.fired_s if es.fired_s is not None else es.due_s if es.due_s is not None else self._planned[event_id]
        when = Text(f"T+{clock_text(when_s)}" if when_s is not None else "  —", style="dim" if when_s is None else "")
        glyph, style = GLYPHS[es.status]
        if es.status == EventStatus.PENDING and es.due_s is not None and 0 <= es.due_s - view.now <= DUE_SOON_S:
            glyph, style = "▶", "bold yellow"
        title_style = (
            "dim strike" if es.status == EventStatus.SKIPPED else "dim" if es.status == EventStatus.FIRED else ""
        )
        kind = "" if event.kind == "inject" else f"[{self.session.labels.event_kind(event.kind)}] "
        return when, Text(glyph, style=style), Text(kind + event.title, style=title_style, overflow="ellipsis")

    def refresh_state(self) -> None:
        view, labels = self.session.view, self.session.labels
        table = self.query_one(DataTable)
        for event in self._order:
            es = view.events[event.id]
            signature = (es.status, str(es.due_s), str(es.due_s is not None and es.due_s - view.now <= DUE_SOON_S))
            if self._shown.get(event.id) != signature:
                self._shown[event.id] = signature
                when, glyph, title = self._cells(event.id)
                table.update_cell(event.id, "when", when)
                table.update_cell(event.id, "state", glyph)
                table.update_cell(event.id, "event", title)
        upcoming = [
            (es.due_s, e)
            for e in self._order
            if (es := view.events[e.id]).status == EventStatus.PENDING and es.due_s is not None and es.due_s >= view.now
        ]
        line = self.query_one("#msel-next", Static)
        if upcoming:
            due, event = min(upcoming, key=lambda pair: pair[0])
            update_if_changed(
                line,
                Text.assemble(
                    (f"{labels.next}: ", "bold"),
                    event.title,
                    (f"  {labels.due_in} {clock_text(due - view.now)}", "yellow"),
                ),
            )
        else:
            update_if_changed(line, Text(labels.none_due, style="dim"))
