"""The scenario as a master scenario events list (MSEL): rows as facilitators keep them.

Rows carry rendered titles and bodies (the names a run with this seed will show), the
scenario time where it does not depend on the team, and otherwise the trigger in words.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import TextIO

from crisissim.content.events import DEFAULT_START, render_event
from crisissim.content.templates import TemplateFault
from crisissim.scenario import conditions as cond
from crisissim.scenario.durations import format_duration, format_offset
from crisissim.scenario.graph import planned_due
from crisissim.scenario.model import ALL, Scenario
from crisissim.scenario.msel_import import FORMULA_STARTS

CSV_COLUMNS = (
    "#",
    "scenario time",
    "title",
    "description",
    "from",
    "to",
    "method",
    "expected action",
    "controller notes",
    "objectives",
)


@dataclass(frozen=True)
class MselRow:
    number: int
    event_id: str
    time: str
    due_s: int | None
    kind: str
    method: str
    sender: str
    to: str
    title: str
    description: str
    expected: str
    notes: str
    objectives: str
    condition: str = ""

    def csv_values(self) -> list[str]:
        return [
            str(self.number),
            self.time,
            self.title,
            self.description,
            self.sender,
            self.to,
            self.method,
            self.expected,
            self.notes,
            self.objectives,
        ]


def trigger(scenario: Scenario, event_id: str, due: int | None) -> str:
    event = scenario.event(event_id)
    assert event is not None
    if due is not None:
        return format_offset(due)
    if event.contingency:
        return "contingency"
    assert event.after is not None  # no due time and not a contingency: it waits on something
    delay = f" +{format_duration(event.delay)}" if event.delay else ""
    return f"after {cond.describe(event.after)}{delay}"


def msel_rows(scenario: Scenario, seed: int) -> list[MselRow]:
    due = planned_due(scenario)
    order = sorted(
        range(len(scenario.events)),
        key=lambda i: (due[scenario.events[i].id] is None, due[scenario.events[i].id] or 0, i),
    )
    start = scenario.start or DEFAULT_START
    rows = []
    for number, i in enumerate(order, start=1):
        event = scenario.events[i]
        when_due = due[event.id]
        now = start + dt.timedelta(seconds=when_due or 0)
        try:
            rendered = render_event(scenario, event, seed, now)
            title = _lead(event.title, rendered.title)
            body = _lead(event.body, rendered.body)
            sender = _lead(event.sender.text if event.sender is not None else None, rendered.sender)
        except TemplateFault as fault:  # validate reports it with its line; the table still shows
            title, body, sender = event.title, f"[template error: {fault.message}]", ""
        notes = [event.notes.strip()] if event.notes.strip() else []
        if event.after is not None and when_due is None:
            notes.append(f"after: {cond.describe(event.after)}")
        if event.when is not None:
            notes.append(f"only when: {cond.describe(event.when)}")
        if event.options:
            notes.append("options: " + "; ".join(f"{k} = {v}" for k, v in event.options.items()))
        if event.kind == "storm" and event.duration:
            notes.append(
                f"storm for {format_duration(event.duration)}, crowd: "
                + ", ".join(f"{p} {w:g}" for p, w in (event.crowd or {}).items())
            )
        if event.deadline:
            notes.append(f"deadline {format_duration(event.deadline)}")
        recipients = event.recipients(list(scenario.roles))
        to = ALL if len(recipients) == len(scenario.roles) and len(scenario.roles) > 1 else "; ".join(recipients)
        expected = "; ".join(
            f"{x.role}: {x.action} within {format_duration(x.within)}" + (" (judged)" if x.judged else "")
            for x in event.expects
        )
        objectives = "; ".join(dict.fromkeys(x.objective for x in event.expects if x.objective))
        rows.append(
            MselRow(
                number,
                event.id,
                trigger(scenario, event.id, when_due),
                when_due,
                event.kind,
                event.medium,
                sender,
                to,
                title,
                body,
                expected,
                " | ".join(notes),
                objectives,
                cond.describe(event.when) if event.when is not None else "",
            )
        )
    return rows


def spreadsheet_safe(value: str) -> str:
    """A cell that a spreadsheet cannot run: one that starts with ``= + - @``, a tab or a carriage
    return gets a leading ``'`` (OWASP's advice against CSV injection), its first character kept."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(rows: list[MselRow], handle: TextIO) -> None:
    """The MSEL in spreadsheet columns, every cell safe to open (:func:`spreadsheet_safe`)."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row.csv_values()])


def _lead(source: str | None, rendered: str) -> str:
    """The rendered text with the tabs and carriage returns its template starts with, which
    rendering strips: a cell that starts with one is text to a spreadsheet, and stays so."""
    if not source:
        return rendered
    lead = source[: len(source) - len(source.lstrip("\t\r"))]
    return lead + rendered if lead else rendered
