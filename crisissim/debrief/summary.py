"""The debrief folded from a journal alone: the JSON that tools and tests rely on.

Reads the scenario text stored in the journal and the records; imports neither the engine
nor the generators, so a report means the same whatever produced the journal.
"""

from __future__ import annotations

import hashlib
from typing import Any

from crisissim.journal import Journal
from crisissim.scenario import conditions as cond
from crisissim.scenario import parse
from crisissim.scenario.actions import DELAY_REASON, NOTIFICATION_FIELDS
from crisissim.scenario.graph import planned_due
from crisissim.scenario.model import Scenario

FORMAT = 1


class NotAnExercise(Exception):
    """The journal's stored scenario cannot be read (it was written by another version)."""


def scenario_of(journal: Journal) -> Scenario:
    text = journal.meta.get("scenario_text", "")
    loaded = parse(text.encode("utf-8"), journal.meta.get("scenario_path", "scenario"))
    if loaded.scenario is None:
        first = loaded.errors[0] if loaded.errors else "no scenario stored"
        raise NotAnExercise(f"the scenario stored in it cannot be read: {first}")
    return loaded.scenario


def _notification_clocks(scenario: Scenario) -> list[str]:
    return [
        clock_id
        for clock_id, clock in scenario.clocks.items()
        if any(
            isinstance(leaf, cond.ActionTaken) and leaf.kind == "notify_regulator" for leaf, _ in cond.walk(clock.stops)
        )
    ]


def summarise(journal: Journal) -> dict[str, Any]:
    """The debrief JSON of shared/design/scenario-format.md, "Debrief JSON"."""
    scenario = scenario_of(journal)
    planned = planned_due(scenario)
    events: dict[str, dict[str, Any]] = {
        e.id: {"id": e.id, "status": "pending", "due_s": planned.get(e.id), "fired_s": None, "reason": None}
        for e in scenario.events
    }
    expectations = {
        x.id: {"id": x.id, "role": x.role, "status": "pending", "latency_s": None, "rating": None}
        for _, x in scenario.expectations
    }
    clocks = {
        c: {"id": c, "status": "idle", "started_s": None, "stopped_s": None, "limit_s": clock.limit}
        for c, clock in scenario.clocks.items()
    }
    actions: list[dict[str, Any]] = []
    by_storm: dict[str, int] = {}
    digest = hashlib.sha256()
    notifications: list[tuple[float, dict[str, Any]]] = []
    hotwash: list[dict[str, Any]] = []
    first_wall = last_wall = None
    sim_end = 0.0
    seed = int(journal.meta.get("seed", "0"))
    for record in journal.records():
        if first_wall is None:
            first_wall = record.wall
        last_wall = record.wall
        sim_end = max(sim_end, record.sim)
        p = record.payload
        kind = record.kind
        if kind == "post":
            by_storm[p["storm"]] = by_storm.get(p["storm"], 0) + 1
            digest.update(f"{p['handle']}\t{p['text']}\n".encode())
        elif kind == "start":
            seed = int(p.get("seed", seed))
        elif kind == "fired":
            entry = events.setdefault(
                p["event"], {"id": p["event"], "status": "pending", "due_s": None, "fired_s": None, "reason": None}
            )
            entry.update(
                status="fired",
                fired_s=record.sim,
                due_s=p.get("due_s") if p.get("due_s") is not None else entry["due_s"],
            )
        elif kind == "skipped":
            events[p["event"]].update(status="skipped", reason=p["reason"], due_s=p.get("due_s"))
        elif kind == "expectation":
            expectations[p["expectation"]].update(status=p["status"], latency_s=p.get("latency_s"))
        elif kind == "clock":
            c = clocks[p["clock"]]
            if p["status"] == "started":
                c.update(status="running", started_s=record.sim)
            elif p["status"] == "breached":
                c["status"] = "breached"
            elif p["status"] == "stopped":
                c.update(stopped_s=record.sim, status=p.get("verdict", c["status"]))
        elif kind == "control" and p.get("control") == "rate":
            expectations[p["expectation"]]["rating"] = p["rating"]
        elif kind == "action":
            fields = {k: v for k, v in p.items() if k not in ("action", "playbook")}
            actions.append({"role": record.role, "action": p["action"], "at_s": record.sim, **fields})
            if p["action"] == "notify_regulator":
                notifications.append((record.sim, fields))
        elif kind == "end":
            sim_end = record.sim
        elif kind == "hotwash":
            hotwash.append({"role": record.role, "answers": p["answers"]})
    notification = _notification(scenario, clocks, notifications)
    return {
        "scenario": scenario.id,
        "seed": seed,
        "format": FORMAT,
        "sim_seconds": sim_end,
        "wall_seconds": round((last_wall or 0.0) - (first_wall or 0.0), 3),
        "events": list(events.values()),
        "expectations": list(expectations.values()),
        "clocks": list(clocks.values()),
        "actions": actions,
        "posts": {"total": sum(by_storm.values()), "by_storm": by_storm, "digest": digest.hexdigest()},
        "notification": notification,
        "ended": journal.last("end") is not None,
        "hotwash": hotwash,
    }


def _notification(
    scenario: Scenario, clocks: dict[str, dict[str, Any]], filed: list[tuple[float, dict[str, Any]]]
) -> dict[str, Any]:
    """Art. 33(3) completeness: every element given in some notification (Art. 33(4) allows
    phases); a reason for the delay when the first was filed past the clock's limit."""
    given = {name for _, fields in filed for name, value in fields.items() if str(value).strip()}
    missing = [words for name, words in NOTIFICATION_FIELDS.items() if name not in given]
    filed_s = filed[0][0] if filed else None
    late = False
    for clock_id in _notification_clocks(scenario):
        c = clocks[clock_id]
        if filed_s is not None and c["started_s"] is not None and filed_s > c["started_s"] + c["limit_s"]:
            late = True
    if late and "delay_reason" not in given:
        missing.append(DELAY_REASON)
    return {"filed_s": filed_s, "complete": bool(filed) and not missing, "missing": missing, "late": late}
