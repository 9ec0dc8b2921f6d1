"""Reading a scenario file into a :class:`Scenario`, with every problem it has.

Loading never raises for an author's mistake: it returns the problems, each with file, line,
column and field, so that ``validate`` can print them all at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from crisissim.scenario import checks, regimes
from crisissim.scenario.model import Event, Scenario, ScenarioHead
from crisissim.scenario.problems import Problem
from crisissim.scenario.pydantic_errors import translate
from crisissim.scenario.yamlsource import MAX_FILE_BYTES, SourceMap, YamlError, load_yaml, too_big
from crisissim.scenario.yamlsource import Path as DataPath

_EVENT = TypeAdapter(Event)


@dataclass
class Loaded:
    """The outcome of loading one file: the scenario if it is usable, and all problems."""

    file: str
    text: str = ""
    scenario: Scenario | None = None
    source: SourceMap | None = None
    raw: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _labels(raw: dict[str, Any]) -> dict[DataPath, str]:
    """Names for list items in messages: an event is ``events[soc-call]``, not ``events[#3]``."""
    labels: dict[DataPath, str] = {}
    events = raw.get("events")
    if isinstance(events, list):
        for i, event in enumerate(events):
            if isinstance(event, dict) and isinstance(event.get("id"), str):
                labels[("events", i)] = event["id"]
            expects = event.get("expects") if isinstance(event, dict) else None
            if isinstance(expects, list):
                for k, exp in enumerate(expects):
                    if isinstance(exp, dict) and isinstance(exp.get("id"), str):
                        labels[("events", i, "expects", k)] = exp["id"]
    return labels


def _declared(raw: dict[str, Any], events: dict[int, Event]) -> checks.Declared:
    declared = checks.Declared()
    if isinstance(raw.get("roles"), dict):
        declared.roles = {str(k) for k in raw["roles"]}
    if isinstance(raw.get("objectives"), dict):
        declared.objectives = {str(k) for k in raw["objectives"]}
    named = raw.get("regime")
    listed = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    declared.regimes = {r for r in listed if isinstance(r, str)}
    written = raw.get("clocks")
    clocks: dict[str, Any] = written if isinstance(written, dict) else {}
    for regime_id in declared.regimes & set(regimes.REGIMES):
        for deadline in regimes.REGIMES[regime_id].deadlines:
            own = clocks.get(deadline.id)
            declared.presets[deadline.id] = {str(k) for k in own} if isinstance(own, dict) else set()
    raw_events = raw.get("events")
    for i, item in enumerate(raw_events if isinstance(raw_events, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            declared.events.setdefault(item["id"], events.get(i))
            expects = item.get("expects")
            for exp in expects if isinstance(expects, list) else []:
                if isinstance(exp, dict) and isinstance(exp.get("id"), str):
                    declared.expectations.add(exp["id"])
    return declared


def _regime_problems(head: ScenarioHead, source: SourceMap) -> list[Problem]:
    """What a regime needs beside its name: the moment of awareness it counts from."""
    problems = []
    if head.regime and head.aware is None:
        mark = source.value(("regime",))
        problems.append(
            Problem(
                source.file,
                mark.line,
                mark.col,
                "regime",
                "a regime's deadlines count from when the organisation becomes aware: add 'aware', "
                "the condition that says when, e.g. aware: {fired: soc-call}",
            )
        )
    if head.classified is not None and "dora" not in head.regime:
        mark = source.value(("classified",))
        problems.append(
            Problem(
                source.file,
                mark.line,
                mark.col,
                "classified",
                "'classified' is the moment DORA counts from; it goes with regime: dora",
            )
        )
    return problems


def _version_problem(raw: dict[str, Any], source: SourceMap) -> Problem | None:
    if "crisissim" not in raw:
        return Problem(
            source.file, 1, 1, "crisissim", "the format version is missing; start the file with 'crisissim: 1'"
        )
    version = raw["crisissim"]
    if version != 1 or isinstance(version, bool):
        mark = source.value(("crisissim",))
        return Problem(
            source.file,
            mark.line,
            mark.col,
            "crisissim",
            f"format version {version!r} is not supported; this crisissim reads version 1",
        )
    return None


def parse(data: bytes, file: str) -> Loaded:
    """Load scenario bytes; ``file`` is the name used in messages."""
    loaded = Loaded(file)
    try:
        raw, source = load_yaml(data, file)
    except YamlError as exc:
        loaded.problems = exc.problems
        return loaded
    loaded.text, loaded.raw, loaded.source = data.decode("utf-8").removeprefix("\ufeff"), raw, source
    if not isinstance(raw, dict):
        loaded.problems = [
            Problem(
                file,
                1,
                1,
                "file",
                "a scenario is a mapping of keys (crisissim, id, title, "
                "roles, events, ...), not a single value or a list",
            )
        ]
        return loaded
    version = _version_problem(raw, source)
    if version is not None:
        loaded.problems.append(version)
        if "crisissim" in raw:
            return loaded  # another version's file: its other keys mean other things
    labels = _labels(raw)
    problems = loaded.problems

    head_raw = {k: v for k, v in raw.items() if k != "events"} | {"crisissim": 1}
    head: ScenarioHead | None = None
    try:
        head = ScenarioHead.model_validate(head_raw)
    except ValidationError as exc:
        problems += translate(exc, (), source, labels)
    if head is not None:
        problems += _regime_problems(head, source)

    events: dict[int, Event] = {}
    broken: set[int] = set()
    raw_events = raw.get("events")
    if raw_events is None:
        problems.append(Problem(file, 1, 1, "file", "'events' is required: the injects of the exercise"))
    elif not isinstance(raw_events, list) or not raw_events:
        mark = source.value(("events",))
        problems.append(Problem(file, mark.line, mark.col, "events", "should be a non-empty list of events"))
    else:
        for i, item in enumerate(raw_events):
            try:
                events[i] = _EVENT.validate_python(item)
            except ValidationError as exc:
                problems += translate(exc, ("events", i), source, labels)
                broken.add(i)
                partial = _partial_event(item, exc)
                if partial is not None:
                    events[i] = partial

    checker = checks.Checker(source, labels, _declared(raw, events))
    scenario = None
    if head is not None and raw_events and not broken and len(events) == len(raw_events):
        scenario = Scenario.model_construct(**dict(head), events=list(events.values()))
    checks.check_scenario(checker, scenario, sorted(events.items()), raw.get("roles"))
    problems += checker.problems
    if scenario is not None and not loaded.errors:
        checker.problems = []
        checks.warnings(checker, scenario)
        problems += checker.problems
        loaded.scenario = scenario
    loaded.problems = sorted(problems, key=lambda p: (p.line, p.col))
    return loaded


#: Fields without which an event cannot be checked any further: its identity and its kind.
_ESSENTIAL = ("id", "kind")


def _partial_event(item: object, exc: ValidationError) -> Event | None:
    """The event without the fields that failed, so its other problems are found too: a storm
    whose ``title`` is wrong still hears that it has no ``rate``. Never played, only checked."""
    if not isinstance(item, dict):
        return None
    bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
    if any(not e["loc"] for e in exc.errors()) or bad & set(_ESSENTIAL) or "id" not in item:
        return None
    data = {k: v for k, v in item.items() if str(k) not in bad}
    if "title" not in data:
        data["title"] = "?"
    try:
        return _EVENT.validate_python(data)
    except ValidationError:
        return None


def load(path: str | Path) -> Loaded:
    """Load a scenario file; a missing or unreadable file is a problem too."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:  # refused before it is read: a huge file never fills memory
                return Loaded(name, problems=[too_big(name, size)])
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Loaded(name, problems=[Problem(name, 1, 1, "file", f"cannot be read: {exc.strerror or exc}")])
    return parse(data, name)
