"""Playbooks: scripted team actions for dry runs and tests, checked like scenarios.

A playbook entry is due ``at`` a time, or ``delay`` after an event fired. It is either a
team action (``role`` and ``action`` with the format's field names) or a facilitator command
(``facilitator: flag``). Problems come back as lines with file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crisissim.safetext import shown
from crisissim.scenario.actions import ACTION_FIELDS, FACILITATOR_FIELDS, field_problems, normalise
from crisissim.scenario.asking import QUESTION_ID
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.durations import DurationError, parse_duration
from crisissim.scenario.model import Scenario
from crisissim.scenario.problems import Problem, format_path
from crisissim.scenario.yamlsource import Path as YamlPath
from crisissim.scenario.yamlsource import SourceMap, YamlError, load_yaml

_TIMING = ("at", "after", "delay")


@dataclass(frozen=True)
class Entry:
    """One scripted step; ``index`` is its place in the file, kept in the journal so that a
    resumed run does not take it twice."""

    index: int
    at: int | None
    after: str | None
    delay: int
    role: str | None
    action: str | None
    facilitator: str | None
    fields: dict[str, Any]


@dataclass
class Playbook:
    file: str
    text: str = ""
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(source: SourceMap, path: YamlPath, what: str, key: bool = False) -> Problem:
    mark = source.key(path) if key else source.value(path)
    return Problem(source.file, mark.line, mark.col, format_path(path), what)


def parse_playbook(data: bytes, file: str, scenario: Scenario) -> Playbook:
    book = Playbook(file)
    try:
        raw, source = load_yaml(data, file)
    except YamlError as exc:
        book.problems = exc.problems
        return book
    book.text = data.decode("utf-8").removeprefix("\ufeff")
    problems = book.problems
    if not isinstance(raw, dict):
        problems.append(Problem(file, 1, 1, "file", "a playbook is a mapping: 'playbook: 1' and 'actions: [...]'"))
        return book
    for key in raw:
        if key not in ("playbook", "scenario", "actions"):
            problems.append(
                _problem(
                    source,
                    (key,),
                    f"unknown field '{shown(key)}'{did_you_mean(str(key), ('playbook', 'scenario', 'actions'))}",
                    key=True,
                )
            )
    if raw.get("playbook") != 1:
        where = ("playbook",) if "playbook" in raw else ()
        problems.append(_problem(source, where, "a playbook starts with 'playbook: 1' (the format version)"))
    if "scenario" in raw and raw["scenario"] != scenario.id:
        problems.append(
            _problem(
                source, ("scenario",), f"this playbook is for '{shown(raw['scenario'])}', not '{shown(scenario.id)}'"
            )
        )
    entries = raw.get("actions")
    if not isinstance(entries, list):
        problems.append(_problem(source, ("actions",) if "actions" in raw else (), "'actions' is a list of steps"))
        return book
    for i, item in enumerate(entries):
        entry = _entry(i, item, source, scenario, problems)
        if entry is not None:
            book.entries.append(entry)
    book.problems = sorted(problems, key=lambda p: (p.line, p.col))
    return book


def _entry(i: int, item: Any, source: SourceMap, scenario: Scenario, problems: list[Problem]) -> Entry | None:
    p = ("actions", i)
    before = len(problems)
    if not isinstance(item, dict):
        problems.append(
            _problem(source, p, "a step is a mapping such as {at: 25m, role: it, action: reply, event: ..., text: ...}")
        )
        return None
    times: dict[str, int | None] = {"at": None, "delay": 0}
    for name in ("at", "delay"):
        if name in item:
            try:
                times[name] = parse_duration(item[name])
            except DurationError as exc:
                problems.append(_problem(source, (*p, name), str(exc)))
    after = item.get("after")
    if "at" in item and "after" in item:
        problems.append(_problem(source, (*p, "after"), "'at' and 'after' are both given: keep one", key=True))
    if "at" not in item and "after" not in item:
        problems.append(_problem(source, p, "a step needs 'at' (a time) or 'after' (an event id)"))
    if after is not None and scenario.event(str(after)) is None:
        problems.append(
            _problem(
                source,
                (*p, "after"),
                f"unknown event '{shown(after)}'{did_you_mean(str(after), [e.id for e in scenario.events])}",
            )
        )
    fields = {k: v for k, v in item.items() if k not in (*_TIMING, "role", "action", "facilitator")}
    role, kind, command = item.get("role"), item.get("action"), item.get("facilitator")
    if command is not None:
        if role is not None or kind is not None:
            problems.append(
                _problem(source, p, "a step is a team action (role, action) or a facilitator command, not both")
            )
        for name, what in field_problems(str(command), fields, FACILITATOR_FIELDS):
            problems.append(_problem(source, (*p, name if name in item else "facilitator"), what, key=True))
    else:
        if role is None or kind is None:
            problems.append(
                _problem(source, p, "a team step needs 'role' and 'action' (or 'facilitator' for a command)")
            )
        else:
            if str(role) not in scenario.roles:
                problems.append(
                    _problem(
                        source,
                        (*p, "role"),
                        f"unknown role '{shown(role)}'{did_you_mean(str(role), list(scenario.roles))}",
                    )
                )
            for name, what in field_problems(str(kind), fields, ACTION_FIELDS):
                problems.append(_problem(source, (*p, name if name in item else "action"), what, key=True))
    event_id = fields.get("event")
    if event_id is not None:
        event = scenario.event(str(event_id))
        if event is None and kind == "reply" and QUESTION_ID.match(str(event_id)):
            pass  # a regulator's question, asked during play: the engine knows whether it was
        elif event is None:
            problems.append(
                _problem(
                    source,
                    (*p, "event"),
                    f"unknown event '{shown(event_id)}'{did_you_mean(str(event_id), [e.id for e in scenario.events])}",
                )
            )
        elif kind == "choose" and "option" in fields and str(fields["option"]) not in event.options:
            offered = ", ".join(event.options) or "none"
            problems.append(
                _problem(
                    source,
                    (*p, "option"),
                    f"event '{shown(event_id)}' offers no option '{shown(fields['option'])}' (its options: {offered})",
                )
            )
    if command == "rate" and "expectation" in fields:
        known = [x.id for _, x in scenario.expectations]
        if str(fields["expectation"]) not in known:
            problems.append(
                _problem(
                    source,
                    (*p, "expectation"),
                    f"unknown expectation '{shown(fields['expectation'])}'"
                    + did_you_mean(str(fields["expectation"]), known),
                )
            )
    if len(problems) > before:
        return None
    return Entry(
        index=i,
        at=times["at"] if "at" in item else None,
        after=None if after is None else str(after),
        delay=times["delay"] or 0,
        role=None if role is None else str(role),
        action=None if kind is None else str(kind),
        facilitator=None if command is None else str(command),
        fields=normalise(str(kind or command), fields),
    )


def load_playbook(path: str | Path, scenario: Scenario) -> Playbook:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Playbook(name, problems=[Problem(name, 1, 1, "file", f"cannot be read: {exc.strerror or exc}")])
    return parse_playbook(data, name, scenario)
