"""The event graph: which events wait on which, cycles, and the earliest moment each can be due.

Edges run from what an event waits for to the event: ``after: soc-call`` gives
``soc-call -> this``; ``after: {met: holding}`` gives an edge from the event that carries the
``holding`` expectation. Only ``after`` makes edges: a ``when`` guard is checked when the
event is due and can never hold an event back for ever.
"""

from __future__ import annotations

import networkx as nx

from crisissim.scenario import conditions as cond
from crisissim.scenario.model import Event, Scenario


def _source_event(leaf: cond.Condition, expectation_owner: dict[str, str]) -> str | None:
    match leaf:
        case cond.Fired(event) | cond.Skipped(event) | cond.Chose(event, _):
            return event
        case cond.Met(exp) | cond.Missed(exp) | cond.Late(exp):
            return expectation_owner.get(exp)
    return None


def expectation_owners(events: list[Event]) -> dict[str, str]:
    """Expectation id -> the id of the event that carries it."""
    return {x.id: e.id for e in events for x in e.expects}


def build(events: list[Event]) -> nx.DiGraph[str]:
    owners = expectation_owners(events)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(e.id for e in events)
    for event in events:
        if event.after is None:
            continue
        for leaf, _ in cond.walk(event.after):
            source = _source_event(leaf, owners)
            if source is not None and source in graph:
                graph.add_edge(source, event.id)
    return graph


def cycles(graph: nx.DiGraph[str]) -> list[list[str]]:
    """Each cycle once, as the ids on it in order, starting from the smallest id."""
    found: list[list[str]] = []
    for cycle in nx.simple_cycles(graph):
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])
    return sorted(found)


def earliest_due(scenario: Scenario) -> dict[str, int | None]:
    """The earliest simulated second at which each event can be due; None if never by itself.

    ``any`` takes the soonest branch, ``all`` the latest; a ``missed`` expectation is due no
    sooner than the end of its window; ``not`` and team actions put no lower bound beyond T+0.
    Events in a cycle, and contingency events, get None.
    """
    events = {e.id: e for e in scenario.events}
    windows = {x.id: (e.id, x.within) for e in scenario.events for x in e.expects}
    graph = build(scenario.events)
    order = list(nx.topological_sort(graph)) if nx.is_directed_acyclic_graph(graph) else []
    due: dict[str, int | None] = {e.id: None for e in scenario.events}

    def bound(c: cond.Condition) -> int | None:
        match c:
            case cond.Fired(event) | cond.Chose(event, _) | cond.Skipped(event):
                return due.get(event)
            case cond.Met(exp) | cond.Late(exp):
                return due.get(windows[exp][0]) if exp in windows else None
            case cond.Missed(exp):
                if exp not in windows:
                    return None
                owner, within = windows[exp]
                start = due.get(owner)
                return None if start is None else start + within
            case cond.AllOf(items):
                bounds = [bound(i) for i in items]
                known = [b for b in bounds if b is not None]
                return max(known) if len(known) == len(bounds) else None
            case cond.AnyOf(items):
                known = [b for b in (bound(i) for i in items) if b is not None]
                return min(known) if known else None
            case _:
                return 0

    for event_id in order:
        event = events[event_id]
        if event.at is not None:
            due[event_id] = event.at
        elif event.after is not None:
            base = bound(event.after)
            due[event_id] = None if base is None else base + event.delay
    return due


def planned_due(scenario: Scenario) -> dict[str, int | None]:
    """Due times that do not depend on the team: ``at``, and ``after`` chains of plain event ids.

    The MSEL shows these as scenario times; events that wait on a choice or an expectation
    show their trigger instead.
    """
    events = {e.id: e for e in scenario.events}
    due: dict[str, int | None] = {}

    def plain(c: cond.Condition) -> list[str] | None:
        if isinstance(c, cond.Fired):
            return [c.event]
        if isinstance(c, cond.AllOf):
            ids = [i.event for i in c.items if isinstance(i, cond.Fired)]
            return ids if len(ids) == len(c.items) else None
        return None

    def resolve(event_id: str, seen: frozenset[str]) -> int | None:
        if event_id in due:
            return due[event_id]
        event = events.get(event_id)
        result: int | None = None
        if event is not None and event_id not in seen:
            if event.at is not None:
                result = event.at
            elif event.after is not None:
                ids = plain(event.after)
                if ids is not None:
                    times = [resolve(i, seen | {event_id}) for i in ids]
                    known = [t for t in times if t is not None]
                    if len(known) == len(times):
                        result = max(known) + event.delay
        due[event_id] = result
        return result

    for event_id in events:
        resolve(event_id, frozenset())
    return due
