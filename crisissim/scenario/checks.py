"""Checks that span fields: references, duplicate ids, kind-specific fields, the graph.

Pydantic has already checked each value's shape; what is left needs the whole file. Errors
make a scenario unusable; warnings are doubts that ``validate --strict`` turns into errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from crisissim.scenario import conditions as cond
from crisissim.scenario import graph as event_graph
from crisissim.scenario import lint
from crisissim.scenario.durations import format_duration, format_offset
from crisissim.scenario.model import (
    ALL,
    MAX_EXERCISE_POSTS,
    MAX_POSTS_PER_MINUTE,
    MAX_STORM_POSTS,
    Event,
    Scenario,
    expected_posts,
)
from crisissim.scenario.problems import Problem, Severity, format_path
from crisissim.scenario.yamlsource import Path, SourceMap

STORM_ONLY = ("duration", "rate", "crowd", "hashtags", "rumours", "reacts")


@dataclass
class Declared:
    """Ids the file declares, read from the raw data so that one broken event does not
    make every reference to it look unknown."""

    roles: set[str] = field(default_factory=set)
    objectives: set[str] = field(default_factory=set)
    events: dict[str, Event | None] = field(default_factory=dict)
    expectations: set[str] = field(default_factory=set)
    regimes: set[str] = field(default_factory=set)
    #: the clocks a regime adds, each with the keys its author wrote over the preset
    presets: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Checker:
    source: SourceMap
    labels: dict[Path, str]
    declared: Declared
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, what: str, *, key: bool = False, severity: Severity = Severity.ERROR) -> None:
        mark = self.source.key(path) if key else self.source.value(path)
        self.problems.append(
            Problem(self.source.file, mark.line, mark.col, format_path(path, self.labels), what, severity)
        )

    def warn(self, path: Path, what: str, *, key: bool = False) -> None:
        self.add(path, what, key=key, severity=Severity.WARNING)

    # references -----------------------------------------------------------------------------

    def role(self, role: str, path: Path) -> None:
        if role not in self.declared.roles:
            self.add(path, f"unknown role '{role}'{_suggest(role, self.declared.roles)}")

    def objective(self, objective: str | None, path: Path) -> None:
        if objective is not None and objective not in self.declared.objectives:
            self.add(path, f"unknown objective '{objective}'{_suggest(objective, self.declared.objectives)}")

    def condition(self, condition: cond.Condition, path: Path) -> None:
        for leaf, sub in cond.walk(condition):
            at = (*path, *sub)
            match leaf:
                case cond.Fired(event) | cond.Skipped(event):
                    self._event_ref(event, (*at, "fired" if isinstance(leaf, cond.Fired) else "skipped"))
                case cond.Met(exp) | cond.Missed(exp) | cond.Late(exp):
                    key = type(leaf).__name__.lower()
                    if exp not in self.declared.expectations:
                        self.add((*at, key), f"unknown expectation '{exp}'{_suggest(exp, self.declared.expectations)}")
                case cond.Chose(event, option):
                    if self._event_ref(event, (*at, "chose")):
                        target = self.declared.events[event]
                        if target is not None and option not in target.options:
                            offered = ", ".join(target.options) or "none"
                            self.add(
                                (*at, "chose"),
                                f"event '{event}' offers no option '{option}'"
                                f"{_suggest(option, set(target.options))} (its options: {offered})",
                            )
                case cond.ActionTaken(_, role) if role is not None:
                    self.role(role, (*at, "role"))
                case cond.Filed(regime, _) if regime not in self.declared.regimes:
                    named = ", ".join(sorted(self.declared.regimes)) or "none"
                    self.add(
                        (*at, "filed"),
                        f"'{regime}' is not one of this scenario's regimes (regime: {named}); add it to 'regime'",
                    )

    def _event_ref(self, event: str, path: Path) -> bool:
        if event in self.declared.events:
            return True
        self.add(path, f"unknown event '{event}'{_suggest(event, set(self.declared.events))}")
        return False


def _suggest(word: str, known: Iterable[str]) -> str:
    known = sorted(known)
    if not known:
        return ""
    return cond.did_you_mean(word, known)


def _duplicates(items: Iterable[tuple[str, Path]]) -> Iterator[tuple[str, Path, Path]]:
    first: dict[str, Path] = {}
    for item_id, path in items:
        if item_id in first:
            yield item_id, path, first[item_id]
        else:
            first[item_id] = path


def check_event(c: Checker, event: Event, i: int) -> None:
    p: Path = ("events", i)
    given = event.model_fields_set
    if event.at is not None and event.after is not None:
        c.add(
            (*p, "after"),
            "'at' and 'after' are both given; an event is due at a time or after something: keep one",
            key=True,
        )
    if "delay" in given and event.after is None:
        c.add((*p, "delay"), "'delay' counts from 'after'; with 'at' (or neither), put the time in 'at'", key=True)
    if event.to is not None:
        if not event.to:
            c.add((*p, "to"), "'to' is empty; name at least one role, or write 'to: all'")
        for k, role in enumerate(event.to):
            if role != ALL:
                c.role(role, (*p, "to", k))
    if event.kind == "storm":
        for needed in ("duration", "rate", "crowd"):
            if getattr(event, needed) is None:
                c.add(
                    p,
                    f"a storm needs '{needed}'"
                    + {
                        "duration": " (how long it lasts, e.g. 8h)",
                        "rate": " (posts per minute, e.g. {start: 1, peak: 30, peak_at: 90m, end: 2})",
                        "crowd": " (persona weights, e.g. {angry-customer: 5, troll: 1})",
                    }[needed],
                )
        if event.crowd is not None and not event.crowd:
            c.add((*p, "crowd"), "'crowd' is empty; weigh at least one persona, e.g. {angry-customer: 5}")
        for persona, weight in (event.crowd or {}).items():
            if weight <= 0:
                c.add((*p, "crowd", persona), f"weight {weight} must be more than 0")
        if event.duration == 0:
            c.add((*p, "duration"), "a storm lasts longer than 0; give a duration such as 8h")
        for name in ("options", "body", "journalist", "deadline"):
            if name in given:
                c.add((*p, name), f"a storm has no '{name}'; its posts come from the crowd personas", key=True)
    else:
        for name in STORM_ONLY:
            if name in given:
                c.add(
                    (*p, name), f"'{name}' is only for storms (kind: storm); this event is kind {event.kind}", key=True
                )
    if event.kind in ("inject", "article") and not (event.body or "").strip():
        c.add(p, f"'body' is required for kind {event.kind}: the text the roles receive")
    if event.kind == "enquiry" and event.journalist is None and event.sender is None:
        c.add(p, "an enquiry needs 'journalist: {persona: ...}' (a generated reporter) or 'from'")
    if "journalist" in given and event.kind != "enquiry":
        c.add((*p, "journalist"), "'journalist' is only for enquiries (kind: enquiry)", key=True)
    if "deadline" in given and event.kind not in ("enquiry", "inject"):
        c.add((*p, "deadline"), f"a {event.kind} has no deadline; deadlines go on enquiries and injects", key=True)
    if event.kind in ("article", "storm") and event.to is not None and ALL not in event.to:
        c.add((*p, "to"), f"every role sees a {event.kind}; remove 'to' (or write 'to: all')", key=True)
    if event.options and event.kind == "article":
        c.add((*p, "options"), "an article is news for everybody; put a decision on an inject", key=True)
    if event.sender is not None and (event.sender.text is None) == (event.sender.persona is None):
        c.add((*p, "from"), "'from' is a text, or {persona: ID} for a generated sender")
    for k, exp in enumerate(event.expects):
        xp = (*p, "expects", k)
        c.role(exp.role, (*xp, "role"))
        c.objective(exp.objective, (*xp, "objective"))
        if exp.within == 0:
            c.add((*xp, "within"), "the window is 0; give the time the team has, e.g. 45m")
        if exp.action == "choose" and not event.options:
            c.add((*xp, "action"), f"'choose' expects a choice, but event '{event.id}' has no options")
    if event.after is not None:
        c.condition(event.after, (*p, "after"))
        if any(isinstance(leaf, cond.Fired) and leaf.event == event.id for leaf, _ in cond.walk(event.after)):
            c.add((*p, "after"), f"event '{event.id}' waits for itself")
    if event.when is not None:
        c.condition(event.when, (*p, "when"))
    for k, react in enumerate(event.reacts):
        c.condition(react.when, (*p, "reacts", k, "when"))
        if "rate" not in react.model_fields_set and "sentiment" not in react.model_fields_set:
            c.add((*p, "reacts", k), "a reaction changes 'rate', 'sentiment' or both; give at least one")


def check_scenario(c: Checker, scenario: Scenario | None, events: list[tuple[int, Event]], raw_roles: object) -> None:
    """Every error check; ``scenario`` is None when the top level itself did not validate."""
    if isinstance(raw_roles, dict) and ALL in raw_roles:
        c.add(("roles", ALL), "'all' is reserved (to: all means every role); give the role another id", key=True)
    event_paths = [(e.id, ("events", i, "id")) for i, e in events]
    for event_id, path, first in _duplicates(event_paths):
        c.add(path, f"duplicate event id '{event_id}' (first on line {c.source.value(first).line}); ids are unique")
    exp_paths = [(x.id, ("events", i, "expects", k, "id")) for i, e in events for k, x in enumerate(e.expects)]
    for exp_id, path, first in _duplicates(exp_paths):
        c.add(
            path,
            f"duplicate expectation id '{exp_id}' (first on line {c.source.value(first).line}); "
            "expectation ids are unique across the file",
        )
    for i, event in events:
        check_event(c, event, i)
    if scenario is not None:
        for topic, condition in scenario.story.items():
            c.condition(condition, ("story", topic))
        for k, role in enumerate(scenario.press.to or []):
            c.role(role, ("press", "to", k))
        for regime_id, asking in scenario.regulator.items():
            if regime_id not in scenario.regime:
                named = ", ".join(scenario.regime) or "none"
                c.add(
                    ("regulator", regime_id),
                    f"'{regime_id}' is not one of this scenario's regimes (regime: {named}); add it to 'regime'",
                    key=True,
                )
            for k, role in enumerate(asking.to or []):
                c.role(role, ("regulator", regime_id, "to", k))
            if asking.intermediate is not None and regime_id != "nis2":
                c.add(
                    ("regulator", regime_id, "intermediate"),
                    "only the NIS2 CSIRT requests an intermediate report (Art. 23(4)(c)); move it under nis2",
                    key=True,
                )
        for name in ("aware", "classified"):
            moment = getattr(scenario, name)
            if moment is not None:
                c.condition(moment, (name,))
        for clock_id, clock in scenario.clocks.items():
            p: Path = ("clocks", clock_id)
            # a regime's preset is checked where it comes from (aware, classified), unless rewritten here
            written = c.declared.presets.get(clock_id)
            if written is None or "starts" in written:
                c.condition(clock.starts, (*p, "starts"))
            if written is None or "stops" in written:
                c.condition(clock.stops, (*p, "stops"))
            c.objective(clock.objective, (*p, "objective"))
            if clock.limit == 0:
                c.add((*p, "limit"), "the limit is 0; give a duration such as 72h")
        if scenario.duration == 0:
            c.add(("duration",), "the exercise lasts longer than 0; give a duration such as 72h")
    if len(events) == len(c.declared.events) and not c.problems:
        check_graph(c, [e for _, e in events])


def check_graph(c: Checker, events: list[Event]) -> None:
    graph = event_graph.build(events)
    index = {e.id: i for i, e in enumerate(events)}
    for cycle in event_graph.cycles(graph):
        ring = " -> ".join([*cycle, cycle[0]])
        c.add(
            ("events", index[cycle[0]], "after"),
            f"the events {ring} wait for each other in a cycle, so none of them can ever be due; break the cycle",
        )


def warnings(c: Checker, scenario: Scenario) -> None:
    """Doubts about a valid scenario: what the author probably did not mean."""
    index = {e.id: i for i, e in enumerate(scenario.events)}
    for event_id, due in event_graph.earliest_due(scenario).items():
        if due is not None and due > scenario.duration:
            c.warn(
                ("events", index[event_id]),
                f"is due at {format_offset(due)} at the earliest, after the exercise ends "
                f"(duration {format_duration(scenario.duration)})",
            )
    receiving: set[str] = set()
    for event in scenario.events:
        if event.kind in ("inject", "enquiry"):
            receiving.update(event.recipients(list(scenario.roles)))
    for role in scenario.roles:
        if role not in receiving:
            c.warn(
                ("roles", role), f"role '{role}' receives no inject or enquiry (articles and storms aside)", key=True
            )
    tested = {x.objective for _, x in scenario.expectations} | {k.objective for k in scenario.clocks.values()}
    for objective in scenario.objectives:
        if objective not in tested:
            c.warn(("objectives", objective), f"objective '{objective}' is tested by no expectation or clock", key=True)
    for event_id, reason in lint.never_due(scenario).items():
        c.warn(("events", index[event_id], "after"), f"can never be due: {reason}", key=True)
    for storm in lint.deaf_storms(scenario):
        c.warn(
            ("events", index[storm]),
            "nothing the team does changes this storm: give it 'reacts' on the team's "
            "actions or outcomes, e.g. {when: {action: statement}, rate: 0.5}",
        )
    _storm_bounds(c, scenario, index)
    for role, start, end in lint.idle_stretches(scenario):
        c.warn(("roles", role), f"role '{role}' receives nothing {lint.describe_gap(start, end)}", key=True)
    for event_id, exp_id, end in lint.late_windows(scenario):
        late = scenario.event(event_id)
        assert late is not None  # late_windows names only the scenario's own events
        k = next(k for k, x in enumerate(late.expects) if x.id == exp_id)
        c.warn(
            ("events", index[event_id], "expects", k, "within"),
            f"the window of '{exp_id}' ends at {format_offset(end)} at the earliest, after the exercise ends "
            f"(duration {format_duration(scenario.duration)}): it can never be missed",
        )
    chosen = {(leaf.event, leaf.option) for leaf in _all_leaves(scenario) if isinstance(leaf, cond.Chose)}
    for event in scenario.events:
        for option in event.options:
            if (event.id, option) not in chosen:
                c.warn(
                    ("events", index[event.id], "options", option),
                    f"option '{option}' is used by no branch ({{chose: {event.id}.{option}}} appears nowhere)",
                    key=True,
                )


def _storm_bounds(c: Checker, scenario: Scenario, index: dict[str, int]) -> None:
    """Say where the engine's bounds on storms will cut what the scenario asks for: the rate a
    storm's reactions can reach, and the posts its curve adds up to, alone and all storms together."""
    total = 0.0
    for event in scenario.events:
        if event.kind != "storm" or event.rate is None or event.duration is None:
            continue
        p: Path = ("events", index[event.id])
        boost = math.prod(r.rate for r in event.reacts if r.rate > 1)
        top = max(event.rate.start, event.rate.peak, event.rate.end) * boost
        if top > MAX_POSTS_PER_MINUTE:
            c.warn(
                (*p, "reacts"),
                f"with every reaction that raises it, this storm would post {top:,.0f} a minute at its peak; "
                f"a storm posts at most {MAX_POSTS_PER_MINUTE:,.0f} a minute",
                key=True,
            )
        posts = expected_posts(event.rate, event.duration)
        total += posts
        if posts > MAX_STORM_POSTS:
            c.warn(
                (*p, "rate"),
                f"this storm's curve comes to about {posts:,.0f} posts; a storm ends after {MAX_STORM_POSTS:,}",
                key=True,
            )
    if total > MAX_EXERCISE_POSTS:
        first = next(e for e in scenario.events if e.kind == "storm")
        c.warn(
            ("events", index[first.id]),
            f"the storms' curves come to about {total:,.0f} posts together; every storm ends once an exercise "
            f"holds {MAX_EXERCISE_POSTS:,}",
        )


def _all_leaves(scenario: Scenario) -> Iterator[cond.Condition]:
    roots: list[cond.Condition] = []
    for event in scenario.events:
        roots += [c for c in (event.after, event.when) if c is not None]
        roots += [r.when for r in event.reacts]
    for clock in scenario.clocks.values():
        roots += [clock.starts, clock.stops]
    for root in roots:
        for leaf, _ in cond.walk(root):
            yield leaf
