"""The debrief JSON of shared/design/scenario-format.md, "Debrief JSON": what tools and tests rely on."""

from __future__ import annotations

from typing import Any

from crisissim.debrief.art34 import Art34Row
from crisissim.debrief.fold import Debrief, NotAnExercise, fold, scenario_of
from crisissim.debrief.regimes import RegimeRow
from crisissim.journal import Store

FORMAT = 1
__all__ = ["FORMAT", "NotAnExercise", "as_json", "scenario_of", "summarise"]


def _regime(r: RegimeRow) -> dict[str, Any]:
    """A regime's rating: element and stage names as the format's, words left to the reports."""
    return {
        "regime": r.id,
        "deadlines": [
            {
                "id": d.id,
                "stage": d.stage,
                "article": d.article,
                "status": d.status,
                "from_s": d.from_s,
                "due_s": d.due_s,
                "filed_s": d.filed_s,
                "margin_s": d.margin_s,
            }
            for d in r.deadlines
        ],
        "filings": [
            {
                "at_s": f.at_s,
                "role": f.role,
                "stage": f.stage,
                "change": f.change,
                "complete": f.complete,
                "unknown": [e.name for e in f.unknown],
                "missing": [e.name for e in f.missing],
            }
            for f in r.filings
        ],
        "stages": [
            {
                "stage": s.stage,
                "filed_s": s.filed_s,
                "complete_s": s.complete_s,
                "withdrawn_s": s.withdrawn_s,
                "followup_owed": s.followup_owed,
                "elements": {e.name: e.status for e in s.elements},
            }
            for s in r.stages
        ],
        "questions": [
            {
                "event": q.event,
                "asked_s": q.asked_s,
                "due_s": q.due_s,
                "filing_at_s": q.filing_at_s,
                "stage": q.filing_stage,
                "status": q.status,
                "answered_s": q.answered_s,
                "replied_s": q.replied_s,
                "asks": [
                    {"what": a.what, "element": a.element, "supplied_s": a.supplied_s, "by": a.supplied_by}
                    for a in q.asks
                ],
                "missing": [a.element for a in q.missing],
            }
            for q in r.questions
        ],
    }


def _art34(r: Art34Row) -> dict[str, Any]:
    """Art. 34: each communication's elements, each exception's ground and verdict, each
    requirement of the authority (Art. 34(4)) with when it was answered; words left to the reports."""
    return {
        "communications": [
            {
                "at_s": c.at_s,
                "role": c.role,
                "public": c.public,
                "complete": c.complete,
                "elements": {e.name: e.status for e in c.elements},
            }
            for c in r.communications
        ],
        "exceptions": [
            {"at_s": x.at_s, "role": x.role, "ground": x.ground, "verdict": x.verdict, "public_s": x.public_s}
            for x in r.exceptions
        ],
        "orders": [
            {
                "event": o.event,
                "fired_s": o.fired_s,
                "status": o.status,
                "answered_s": o.answer.at_s if o.answer else None,
                "answer": o.answer.kind if o.answer else None,
            }
            for o in r.orders
        ],
    }


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
        "regimes": [_regime(r) for r in d.regimes],
        "art34": _art34(d.art34),
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
