"""Every branch path through a scenario, found by playing it once per combination of the
things branches depend on: each decision's option (or none), each expectation met or missed,
each flag set or not.

Storms are left out of these plays (they change no branch), so a path costs milliseconds.
Combinations that lead to the same events are one path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from crisissim.engine.engine import ActionRefused, Engine
from crisissim.engine.sinks import MemorySink
from crisissim.journal import records as rec
from crisissim.scenario import conditions as cond
from crisissim.scenario.actions import BY_KIND
from crisissim.scenario.model import Scenario

MAX_COMBINATIONS = 512


@dataclass(frozen=True)
class Path:
    choices: tuple[str, ...]
    fired: tuple[str, ...]
    last_s: float

    def wall_s(self, speed: float) -> float:
        return self.last_s / speed


def _variables(scenario: Scenario) -> list[tuple[str, str, list[str | None]]]:
    """(kind, name, values) for everything a branch waits on."""
    decisions: dict[str, None] = {}
    outcomes: dict[str, None] = {}
    flags: dict[str, None] = {}
    roots = [c for e in scenario.events for c in (e.after, e.when) if c is not None]
    roots += [clock.stops for clock in scenario.clocks.values()] + [clock.starts for clock in scenario.clocks.values()]
    for root in roots:
        for leaf, _ in cond.walk(root):
            match leaf:
                case cond.Chose(event, _):
                    decisions[event] = None
                case cond.Met(exp) | cond.Missed(exp) | cond.Late(exp):
                    outcomes[exp] = None
                case cond.Flag(name):
                    flags[name] = None
    out: list[tuple[str, str, list[str | None]]] = []
    for event_id in decisions:
        decided = scenario.event(event_id)
        out.append(("chose", event_id, [*(decided.options if decided else []), None]))
    out += [("outcome", exp, [rec.ExpectationStatus.MET, rec.ExpectationStatus.MISSED]) for exp in outcomes]
    out += [("flag", name, ["set", None]) for name in flags]
    return out


def _play(scenario: Scenario, plan: dict[tuple[str, str], str | None]) -> tuple[tuple[str, ...], float]:
    engine = Engine(scenario, seed=scenario.seed, sink=MemorySink(), storms=False)

    def on_fire(_sim: float, _role: str | None, record: rec.AnyRecord) -> None:
        if not isinstance(record, rec.Fired) or record.adhoc:
            return
        event = scenario.event(record.event)
        if event is None:
            return
        option = plan.get(("chose", event.id))
        for exp in event.expects:
            if (
                plan.get(("outcome", exp.id)) == rec.ExpectationStatus.MET and exp.action != "choose"
            ):  # choices are their own variable
                pending.append((exp.role, exp.action, event.id))
        if option and event.options:
            role = event.recipients(list(scenario.roles))[0]
            pending.append((role, "choose:" + option, event.id))

    pending: list[tuple[str, str, str]] = []
    engine.subscribe(on_fire)
    engine.start()
    for (kind, name), value in plan.items():
        if kind == "flag" and value == "set":
            engine.command("flag", {"flag": name})
    while not engine.ended:
        while pending:
            role, action, event_id = pending.pop(0)
            try:
                if action.startswith("choose:"):
                    engine.act(role, "choose", {"event": event_id, "option": action.split(":", 1)[1]})
                else:
                    engine.act(role, *_fields(action, event_id))
            except ActionRefused:
                pass
        nxt = engine.next_event_due()
        engine.advance_to(nxt if nxt is not None else scenario.duration)
    fired = tuple(e.id for e in scenario.events if engine.state.events[e.id].status == rec.EventStatus.FIRED)
    last = max((engine.state.events[e].fired_s or 0.0 for e in fired), default=0.0)
    return fired, last


def _fields(action: str, event_id: str) -> tuple[str, dict[str, str]]:
    """The least action that meets an expectation of this kind on this event."""
    kind = "decision" if action == "any" else action
    return kind, BY_KIND[kind].least_fields(event_id, "(path)")


def branch_paths(scenario: Scenario) -> tuple[list[Path], int]:
    """The distinct paths, shortest first, and how many combinations were played."""
    variables = _variables(scenario)
    combos = itertools.product(*[values for _, _, values in variables])
    seen: dict[tuple[str, ...], Path] = {}
    played = 0
    for combo in itertools.islice(combos, MAX_COMBINATIONS):
        played += 1
        plan = {(kind, name): value for (kind, name, _), value in zip(variables, combo, strict=True)}
        fired, last = _play(scenario, plan)
        if fired in seen:
            continue
        choices = tuple(
            f"{name}: {value}" if kind == "chose" else f"{name} {value}" if kind == "outcome" else f"flag {name}"
            for (kind, name, _), value in zip(variables, combo, strict=True)
            if value is not None
        )
        seen[fired] = Path(choices, fired, last)
    return sorted(seen.values(), key=lambda p: (p.last_s, len(p.fired))), played
