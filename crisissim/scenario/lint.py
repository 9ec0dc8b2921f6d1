"""Lint: what a scenario allows but its author probably did not mean.

Each finding is a warning of ``validate`` (an error with ``--strict``): branches that can
never be reached, storms deaf to the team, roles left idle, windows that outlast the
exercise. Together with the checks in :mod:`crisissim.scenario.checks` they are what
authors meet before the day, not in front of the room.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from crisissim.scenario import conditions as cond
from crisissim.scenario import graph as event_graph
from crisissim.scenario.durations import format_duration, format_offset
from crisissim.scenario.model import Scenario

#: Leaves the team's actions decide (directly, or through an expectation's outcome).
TEAM_LEAVES = (cond.ActionTaken, cond.Chose, cond.Met, cond.Missed, cond.Late)


def _contradiction(items: tuple[cond.Condition, ...]) -> str | None:
    """Two leaves of one ``all`` that can never hold together."""
    chosen: dict[str, str] = {}
    outcomes: dict[str, str] = {}
    fates: dict[str, str] = {}
    for item in items:
        match item:
            case cond.Chose(event, option):
                if event in chosen and chosen[event] != option:
                    return f"{event} cannot be decided both {chosen[event]} and {option} (a decision is taken once)"
                chosen[event] = option
            case cond.Met(exp) | cond.Missed(exp) | cond.Late(exp):
                outcome = type(item).__name__.lower()
                previous = outcomes.get(exp)
                clash = {previous, outcome}
                if previous and previous != outcome and clash != {"missed", "late"}:
                    return f"{exp} cannot be both {previous} and {outcome}"
                outcomes[exp] = outcome
            case cond.Fired(event) | cond.Skipped(event):
                fate = type(item).__name__.lower()
                if event in fates and fates[event] != fate:
                    return f"{event} cannot both fire and be skipped"
                fates[event] = fate
    return None


def never_due(scenario: Scenario) -> dict[str, str]:
    """Events that no sequence of actions can make due, with the reason (a contingency event
    can always be fired by hand, so it is never on this list)."""
    owners = event_graph.expectation_owners(scenario.events)
    events = {e.id: e for e in scenario.events}
    found: dict[str, str] = {}

    def impossible(c: cond.Condition) -> str | None:
        match c:
            case cond.AllOf(items):
                return _contradiction(items) or next((r for r in map(impossible, items) if r), None)
            case cond.AnyOf(items):
                reasons = [impossible(i) for i in items]
                return "; ".join(r for r in reasons if r) if all(reasons) else None
            case cond.Fired(event) | cond.Chose(event, _):
                return f"{event} is never due" if event in found else None
            case cond.Met(exp) | cond.Missed(exp) | cond.Late(exp):
                owner = owners.get(exp)
                return f"{owner} (which carries {exp}) is never due" if owner in found else None
        return None

    changed = True
    while changed:
        changed = False
        for event in scenario.events:
            if event.id in found or event.after is None:
                continue
            reason = impossible(event.after)
            if reason:
                found[event.id] = reason
                changed = True
    return {e: r for e, r in found.items() if not events[e].contingency}


def deaf_storms(scenario: Scenario) -> list[str]:
    """Storms whose volume and mood nothing the team does can change."""
    deaf = []
    for event in scenario.events:
        if event.kind != "storm":
            continue
        heard = any(isinstance(leaf, TEAM_LEAVES) for react in event.reacts for leaf, _ in cond.walk(react.when))
        if not heard:
            deaf.append(event.id)
    return deaf


def idle_stretches(scenario: Scenario) -> Iterator[tuple[str, int, int]]:
    """(role, from, to): the longest stretch in which no inject or enquiry can reach a role
    (each event at its earliest possible time), where it exceeds a third of the exercise and
    at least two hours. Multi-day exercises have quiet nights; a third is more than a night."""
    planned = event_graph.earliest_due(scenario)
    threshold = max(2 * 3600, scenario.duration / 3)
    for role in scenario.roles:
        times = sorted(
            t
            for e in scenario.events
            if e.kind in ("inject", "enquiry")
            and role in e.recipients(list(scenario.roles))
            and (t := planned.get(e.id)) is not None
        )
        if not times:
            continue  # "receives nothing" is its own warning
        edges = [0, *times, scenario.duration]
        gap, start = max((b - a, a) for a, b in itertools.pairwise(edges))
        if gap > threshold:
            yield role, int(start), int(start + gap)


def late_windows(scenario: Scenario) -> Iterator[tuple[str, str, int]]:
    """(event, expectation, end): windows that close only after EndEx, so they can never be missed."""
    due = event_graph.earliest_due(scenario)
    for event, exp in scenario.expectations:
        start = due.get(event.id)
        if start is not None and start + exp.within > scenario.duration:
            yield event.id, exp.id, start + exp.within


def describe_gap(start: int, end: int) -> str:
    return f"from {format_offset(start)} to {format_offset(end)} ({format_duration(end - start)})"
