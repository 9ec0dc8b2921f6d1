"""The debrief JSON of shared/design/scenario-format.md, "Debrief JSON": what tools and tests rely on."""

from __future__ import annotations

from typing import Any

from crisissim.debrief.fold import Debrief, NotAnExercise, fold, scenario_of
from crisissim.journal import Store

FORMAT = 1
__all__ = ["FORMAT", "NotAnExercise", "as_json", "scenario_of", "summarise"]


def as_json(d: Debrief) -> dict[str, Any]:
    notification = d.notification
    return {
        "scenario": d.scenario.id,
        "seed": d.seed,
        "format": FORMAT,
        "sim_seconds": d.sim_seconds,
        "wall_seconds": d.wall_seconds,
        "events": [
            {"id": e.id, "status": e.status, "due_s": e.due_s, "fired_s": e.fired_s, "reason": e.reason}
            for e in d.events.values()
        ],
        "expectations": [
            {
                "id": x.id,
                "role": x.role,
                "status": "pending" if x.status == "open" else x.status,
                "latency_s": x.latency_s,
                "rating": x.rating,
            }
            for x in d.expectations.values()
        ],
        "clocks": [
            {"id": c.id, "status": c.status, "started_s": c.started_s, "stopped_s": c.stopped_s, "limit_s": c.limit_s}
            for c in d.clocks.values()
        ],
        "actions": [{"role": a.role, "action": a.kind, "at_s": a.at_s, **a.fields} for a in d.actions],
        "posts": {"total": sum(d.posts_by_storm.values()), "by_storm": d.posts_by_storm, "digest": d.digest},
        "notification": {
            "filed_s": notification["filed_s"],
            "complete": notification["complete"],
            "missing": notification["missing"],
            "late": notification["late"],
        },
        "ended": d.ended,
        "hotwash": [{"role": role, "answers": answers} for role, answers in d.hotwash],
        "receptions": [
            {
                "at_s": r.at_s,
                "role": r.role,
                "action": r.action,
                "mood": r.mood,
                "volume": r.volume,
                "points": [{"code": p.code, "delta": p.delta, "evidence": p.evidence} for p in r.points],
            }
            for r in d.receptions
        ],
        "journal": d.journal.as_json(),
    }


def summarise(journal: Store) -> dict[str, Any]:
    return as_json(fold(journal))
