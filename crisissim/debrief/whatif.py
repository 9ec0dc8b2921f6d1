"""What if: an exercise and its counterfactual side by side, for the debrief.

The counterfactual is played by ``crisissim.exercise.whatif`` (the engine is not the debrief's to
run); this module only reads the two journals and their folds, and says what differs: the crowd's
volume and mood over time, the press that came or did not, the events, expectations, clocks and
regulators' deadlines in each, and the first record where the two part, with the crowd's reading
of the team (its receptions) and what set its posts off (their ``about``) from there on: why the
storm went another way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from crisissim.debrief.fold import Debrief, EventRow, ReceptionRow
from crisissim.debrief.summary import as_json
from crisissim.journal import Record, Store
from crisissim.journal import records as rec
from crisissim.journal.explain import Names, refusal_text
from crisissim.journal.records import SIDE_KINDS

#: The runs of a comparison, in the order every table shows them.
RUNS = ("original", "whatif")
#: Receptions shown from the divergence on, per run.
RECEPTIONS_SHOWN = 4
#: What set posts off, most frequent first, per run.
PROVENANCE_SHOWN = 6
#: The provenance of a post no wave set off: the storm's own stream.
OWN_STREAM = "storm"


@dataclass(frozen=True)
class Dropped:
    """An action of the journal (or one added) the engine refused in the what-if, and why."""

    name: str
    """``reply#3``: its kind and number among the journal's actions of that kind."""
    role: str
    at_s: float | None
    """When it was due (None: an added step whose event never fired)."""
    dropped_s: float
    refusal: rec.Refusal
    seq: int | None
    """Its seq in the original journal (None for an added step)."""


@dataclass(frozen=True)
class Applied:
    """A change as the what-if made it: which action, whose, and from when to when."""

    verb: str
    """``move``, ``drop``, ``add`` or ``choose``."""
    name: str
    """``statement#1``; for an added step, its kind."""
    role: str
    at_s: float | None
    """When it was (or, added, is) taken; None for an added step due after an event."""
    to_s: float | None = None
    """Moved: when it is taken now."""
    event: str | None = None
    """Chosen: the decision's event; added ``after``: the event it follows."""
    option: str | None = None
    was: str | None = None
    delay_s: float | None = None

    @property
    def text(self) -> str:
        """In English, as the JSON and the command line say it."""
        when = "" if self.at_s is None else _offset(self.at_s)
        match self.verb:
            case "move":
                return f"{self.name} ({self.role}) moved from {when} to {_offset(self.to_s or 0)}"
            case "drop":
                return f"{self.name} ({self.role}) at {when} dropped"
            case "choose":
                return f"{self.name} ({self.role}) on {self.event} at {when}: {self.option} instead of {self.was}"
            case _ if self.at_s is None:
                return f"{self.name} ({self.role}) added {int(self.delay_s or 0) // 60} min after {self.event}"
            case _:
                return f"{self.name} ({self.role}) added at {when}"

    def as_json(self) -> dict[str, Any]:
        fields = ("to_s", "event", "option", "was", "delay_s")
        out: dict[str, Any] = {"verb": self.verb, "action": self.name, "role": self.role, "at_s": self.at_s}
        return out | {k: getattr(self, k) for k in fields if getattr(self, k) is not None} | {"text": self.text}


def _offset(seconds: float) -> str:
    seconds = int(seconds)
    return f"T+{seconds // 3600}:{seconds % 3600 // 60:02d}"


@dataclass(frozen=True)
class Replayed:
    """What the what-if was asked to change, what it did, and what it had to drop."""

    changes: list[str]
    """Each change as it was typed (``--move statement#1=T+0:40``)."""
    applied: list[Applied]
    """Each change as done."""
    dropped: list[Dropped]
    first_change_s: float


@dataclass(frozen=True)
class Side:
    """One record as the divergence names it."""

    seq: int
    at_s: float
    kind: str
    what: str
    """The record in ids and the scenario's titles, for the JSON; the report words it from ``record``."""
    record: Record | None = field(default=None, compare=False, repr=False)


@dataclass
class WhatIf:
    """A counterfactual of a finished exercise: its debrief and what differs from the original."""

    replayed: Replayed
    other: Debrief
    diverged_s: float | None = None
    """The simulated moment of the first record that differs (None: the two are the same)."""
    sides: dict[str, Side | None] = field(default_factory=dict)
    receptions: dict[str, list[ReceptionRow]] = field(default_factory=dict)
    reactions: dict[str, list[tuple[float, str, float, float]]] = field(default_factory=dict)
    """Each run's storms' reactions from the divergence on: (at, storm, volume factor, mood shift)."""
    provenance: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    base: Debrief | None = None

    @property
    def runs(self) -> dict[str, Debrief]:
        assert self.base is not None
        return {"original": self.base, "whatif": self.other}

    # the curves ------------------------------------------------------------------------------------

    def curve(self, run: str) -> list[tuple[float, float, float | None]]:
        """The crowd over time, every storm together: (bucket start, posts per minute, mood)."""
        d = self.runs[run]
        bucket = _bucket(self.base, self.other)
        counts: Counter[int] = Counter()
        moods: dict[int, float] = {}
        for series in d.storms.values():
            for b, n in series.counts.items():
                counts[b] += n
                moods[b] = moods.get(b, 0.0) + series.mood_sums.get(b, 0.0)
        last = int(max(d.sim_seconds, d.scenario.duration) // bucket)
        return [
            (float(b * bucket), counts[b] * 60 / bucket, (moods[b] / counts[b]) if counts[b] else None)
            for b in range(last + 1)
        ]

    # the rows ---------------------------------------------------------------------------------------

    def events(self) -> list[dict[str, Any]]:
        """Every event whose fate or time differs: fired in one and not the other, or at another time."""
        rows = []
        base, other = self.runs["original"], self.runs["whatif"]
        for a, b in _pairs(base, other):
            fa, fb = (a.status, a.fired_s) if a else (None, None), (b.status, b.fired_s) if b else (None, None)
            if fa[0] == fb[0] and _same_time(fa[1], fb[1]):
                continue
            row = a or b
            assert row is not None
            rows.append(
                {
                    "id": row.id,
                    "title": row.title,
                    "kind": row.kind,
                    "original": {"status": fa[0], "fired_s": fa[1]},
                    "whatif": {"status": fb[0], "fired_s": fb[1]},
                }
            )
        return rows

    def press(self) -> list[dict[str, Any]]:
        """Enquiries and articles of either run: whether each came, when, and whether it was answered in time."""
        rows = []
        base, other = self.runs["original"], self.runs["whatif"]
        for a, b in _pairs(base, other):
            row = a or b
            assert row is not None
            if row.kind not in ("enquiry", "article"):
                continue
            sides = {}
            for run, d, e in (("original", base, a), ("whatif", other, b)):
                enquiry = next((q for q in d.enquiries if e is not None and q.event == e.id), None)
                sides[run] = {
                    "status": e.status if e else None,
                    "fired_s": e.fired_s if e else None,
                    "answered_s": enquiry.answered_s if enquiry else None,
                    "in_time": enquiry.in_time if enquiry else None,
                }
            if all(s["status"] != rec.EventStatus.FIRED for s in sides.values()):
                continue
            rows.append(
                {
                    "id": row.id,
                    "title": row.title,
                    "kind": row.kind,
                    "changed": sides["original"] != sides["whatif"],
                    **sides,
                }
            )
        return rows

    def expectations(self) -> list[dict[str, Any]]:
        base, other = self.runs["original"], self.runs["whatif"]
        rows = []
        for x_id, a in base.expectations.items():
            b = other.expectations[x_id]
            rows.append(
                {
                    "id": x_id,
                    "role": a.role,
                    "action": a.action,
                    "changed": a.status != b.status,
                    "original": {"status": a.status, "latency_s": a.latency_s},
                    "whatif": {"status": b.status, "latency_s": b.latency_s},
                }
            )
        return rows

    def clocks(self) -> list[dict[str, Any]]:
        base, other = self.runs["original"], self.runs["whatif"]
        rows = []
        for c_id, a in base.clocks.items():
            b = other.clocks[c_id]
            rows.append(
                {
                    "id": c_id,
                    "label": a.label,
                    "changed": (a.status, a.stopped_s) != (b.status, b.stopped_s),
                    "original": {"status": a.status, "started_s": a.started_s, "stopped_s": a.stopped_s},
                    "whatif": {"status": b.status, "started_s": b.started_s, "stopped_s": b.stopped_s},
                }
            )
        return rows

    def deadlines(self) -> list[dict[str, Any]]:
        """Each regulator's deadline (GDPR, NIS2, DORA stages) in both runs, with its margin."""
        other = {(r.id, d.id): d for r in self.runs["whatif"].regimes for d in r.deadlines}
        rows = []
        for regime in self.runs["original"].regimes:
            for a in regime.deadlines:
                b = other.get((regime.id, a.id))
                rows.append(
                    {
                        "regime": regime.id,
                        "id": a.id,
                        "label": a.label,
                        "article": a.article,
                        "changed": b is None or (a.status, a.filed_s) != (b.status, b.filed_s),
                        "original": {"status": a.status, "filed_s": a.filed_s, "margin_s": a.margin_s},
                        "whatif": {
                            "status": b.status if b else None,
                            "filed_s": b.filed_s if b else None,
                            "margin_s": b.margin_s if b else None,
                        },
                    }
                )
        return rows

    def as_json(self) -> dict[str, Any]:
        """The what-if in the debrief JSON: the counterfactual's own debrief JSON under ``whatif``,
        and what differs from the original (whose debrief JSON is the report's own)."""
        names = Names(self.other.scenario)
        r = self.replayed
        sides = self.sides
        return {
            "changes": r.changes,
            "applied": [a.as_json() for a in r.applied],
            "first_change_s": r.first_change_s,
            "dropped": [
                {
                    "action": x.name,
                    "role": x.role,
                    "at_s": x.at_s,
                    "dropped_s": x.dropped_s,
                    "seq": x.seq,
                    "reason": refusal_text(x.refusal, names=names),
                }
                for x in r.dropped
            ],
            "diverged": None
            if self.diverged_s is None
            else {
                "at_s": self.diverged_s,
                **{
                    run: None if side is None else {"seq": side.seq, "kind": side.kind, "what": side.what}
                    for run, side in sides.items()
                },
                "receptions": {
                    run: [
                        {"at_s": x.at_s, "role": x.role, "action": x.action, "mood": x.mood, "volume": x.volume}
                        for x in rows
                    ]
                    for run, rows in self.receptions.items()
                },
                "reactions": {
                    run: [{"at_s": t, "storm": storm, "rate": rate, "sentiment": mood} for t, storm, rate, mood in rows]
                    for run, rows in self.reactions.items()
                },
                "provenance": {run: dict(rows) for run, rows in self.provenance.items()},
            },
            "storm": {
                "bucket_s": _bucket(self.base, self.other),
                **{
                    run: [{"at_s": t, "per_minute": round(v, 3), "mood": m} for t, v, m in self.curve(run)]
                    for run in RUNS
                },
            },
            "events": self.events(),
            "press": self.press(),
            "expectations": self.expectations(),
            "clocks": self.clocks(),
            "deadlines": self.deadlines(),
            "whatif": as_json(self.other),
        }


def _bucket(*debriefs: Debrief | None) -> int:
    return next(iter(s.bucket_s for d in debriefs if d for s in d.storms.values()), 3600)


def _keyed(events: dict[str, EventRow]) -> dict[str, EventRow]:
    """Events by what makes them the same in two runs: a scenario's event by its id, a generated
    one (the press desk's ``press-3``, numbered as they come) by its kind and title, and which
    of that title it is: the third enquiry of one run may be the second of the other."""
    out: dict[str, EventRow] = {}
    seen: Counter[str] = Counter()
    for event_id, row in events.items():
        if not row.adhoc:
            out[event_id] = row
            continue
        title = f"{row.kind}:{row.title}"
        seen[title] += 1
        out[f"{title}#{seen[title]}"] = row
    return out


def _pairs(a: Debrief, b: Debrief) -> Iterator[tuple[EventRow | None, EventRow | None]]:
    ka, kb = _keyed(a.events), _keyed(b.events)
    for key in list(ka) + [k for k in kb if k not in ka]:
        yield ka.get(key), kb.get(key)


def _same_time(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=1e-6)


def _stream(store: Store) -> Iterator[Record]:
    return (r for r in store.records() if r.kind not in SIDE_KINDS)


def _key(r: Record) -> tuple[str, str | None, float, str]:
    return r.kind, r.role, round(r.sim, 6), r.text


def _what(r: Record) -> str:
    """A record in a few words, as the divergence names it (ids and the scenario's own titles)."""
    data = r.data
    match data:
        case rec.Fired():
            return f"{data.event}: {data.title}"
        case rec.Skipped():
            return data.event
        case rec.Post():
            return f"{data.storm} #{data.n} {data.handle}"
        case rec.Action():
            return f"{r.role} {data.action}"
        case rec.Control():
            return data.control
        case rec.Expectation():
            return f"{data.expectation} {data.status}"
        case rec.Clock():
            return f"{data.clock} {data.status}"
        case rec.Reception():
            return f"{r.role} {data.action}: mood {data.mood:+.2f}, volume ×{data.volume:.2f}"
        case rec.Reaction():
            return f"{data.storm}: ×{data.rate:.2f}, {data.sentiment:+.2f}"
        case rec.Storm():
            return f"{data.storm} {data.status}"
        case _:
            return r.kind


def _about(post: rec.Post, times: dict[int, float], titles: dict[str, str]) -> str:
    """What set a post off, in the divergence's words: a statement or post of the team at a time,
    an article or a broadcast by its title, or the storm itself."""
    about = post.about
    if not about:
        return OWN_STREAM
    kind, _, target = about.partition(":")
    if kind in ("statement", "post") and target.isdigit() and int(target) in times:
        seconds = int(times[int(target)])
        return f"{kind} {_offset(seconds)}"
    if target in titles:
        return f"{kind}: {titles[target]}"
    return about


def _provenance(store: Store, d: Debrief, from_seq: int) -> list[tuple[str, int]]:
    """What set the crowd's posts off from ``from_seq`` on, most frequent first."""
    times = {a.seq: a.at_s for a in d.actions}
    titles = {e.id: e.title for e in d.events.values()}
    tally: Counter[str] = Counter()
    for r in store.records(after_seq=from_seq - 1, kinds=(str(rec.Kind.POST),)):
        data = r.data
        if isinstance(data, rec.Post):
            tally[_about(data, times, titles)] += 1
    return tally.most_common(PROVENANCE_SHOWN)


def _reactions(store: Store, from_s: float) -> list[tuple[float, str, float, float]]:
    """How each storm answered the team from ``from_s`` on: the volume factor and mood shift in force."""
    found = []
    for r in store.records(kinds=(str(rec.Kind.REACTION),)):
        data = r.data
        if isinstance(data, rec.Reaction) and r.sim >= from_s - 1e-6:
            found.append((r.sim, data.storm, data.rate, data.sentiment))
            if len(found) == RECEPTIONS_SHOWN:
                break
    return found


def compare(base: Debrief, original: Store, other: Debrief, replayed_store: Store, replayed: Replayed) -> WhatIf:
    """The what-if of ``original`` (folded: ``base``) that ``replayed_store`` holds (folded: ``other``)."""
    result = WhatIf(replayed, other, base=base)
    a_records, b_records = _stream(original), _stream(replayed_store)
    while True:
        a, b = next(a_records, None), next(b_records, None)
        if a is None and b is None:
            break
        if a is not None and b is not None and _key(a) == _key(b):
            continue
        at = min(r.sim for r in (a, b) if r is not None)
        result.diverged_s = at
        result.sides = {
            "original": None if a is None else Side(a.seq, a.sim, a.kind, _what(a), a),
            "whatif": None if b is None else Side(b.seq, b.sim, b.kind, _what(b), b),
        }
        for run, d in (("original", base), ("whatif", other)):
            result.receptions[run] = [x for x in d.receptions if x.at_s >= at - 1e-6][:RECEPTIONS_SHOWN]
        result.reactions = {"original": _reactions(original, at), "whatif": _reactions(replayed_store, at)}
        result.provenance["original"] = _provenance(original, base, a.seq if a else original.last_seq() + 1)
        result.provenance["whatif"] = _provenance(replayed_store, other, b.seq if b else replayed_store.last_seq() + 1)
        break
    return result
