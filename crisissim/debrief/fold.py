"""Everything a debrief shows, folded from a journal in one pass.

Posts are aggregated as they stream past (volume and mood per time bucket, the most engaging
few kept in a small heap), so a 72-hour storm of 100 000 posts folds in about a second and
the report stays small. The JSON of the format and the HTML and Markdown reports all come
from this one fold, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from dataclasses import dataclass, field
from typing import Any

from crisissim.debrief.art34 import Art34Row, assess, judge
from crisissim.debrief.questions import asked
from crisissim.debrief.regimes import RegimeRow, rate
from crisissim.journal import JournalError, Store
from crisissim.journal import records as rec
from crisissim.journal.chain import ChainCheck, Verdict
from crisissim.journal.explain import reason_text
from crisissim.journal.interface import Unreadable
from crisissim.journal.readmodel import ExerciseView, StillTime
from crisissim.journal.records import ClockStatus, EventStatus, ExpectationStatus
from crisissim.journal.validity import Fit
from crisissim.scenario import conditions as cond
from crisissim.scenario import parse
from crisissim.scenario.actions import DELAY_REASON, NOTIFICATION_FIELDS
from crisissim.scenario.graph import planned_due
from crisissim.scenario.model import Scenario
from crisissim.scenario.regimes import filing_of, is_unknown

TOP_POSTS = 10
BUCKETS = (60, 300, 600, 900, 1800, 3600, 7200)
SCORES = {"P": 1, "S": 2, "M": 3, "U": 4}
LETTERS = {v: k for k, v in SCORES.items()}
AUTO_RATING = {ExpectationStatus.MET: "P", ExpectationStatus.LATE: "S", ExpectationStatus.MISSED: "U"}


class NotAnExercise(Exception):
    """The journal's stored scenario cannot be read (it was written by another version)."""


def scenario_of(journal: Store) -> Scenario:
    text = journal.meta.get("scenario_text", "")
    loaded = parse(text.encode("utf-8"), journal.meta.get("scenario_path", "scenario"))
    if loaded.scenario is None:
        first = loaded.errors[0] if loaded.errors else "no scenario stored"
        raise NotAnExercise(f"the scenario stored in it cannot be read: {first}")
    return loaded.scenario


@dataclass
class EventRow:
    id: str
    title: str
    kind: str
    channel: str
    status: EventStatus = EventStatus.PENDING
    planned_s: float | None = None
    due_s: float | None = None
    fired_s: float | None = None
    cause: rec.Reason | str | None = None
    """Why it was skipped: a reason code (or, from an older journal, its English sentence)."""
    to: list[str] = field(default_factory=list)
    sender: str = ""
    deadline_s: float | None = None
    chosen: tuple[str, str, str, float] | None = None  # option, label, role, at
    by_silence: bool = False
    adhoc: bool = False
    forced: bool = False

    @property
    def reason(self) -> str | None:
        """Why it was skipped, in English: the debrief JSON's ``reason``."""
        return reason_text(self.cause)


@dataclass
class ExpectationRow:
    id: str
    event: str
    role: str
    action: str
    within_s: int
    objective: str | None
    judged: bool
    status: ExpectationStatus = ExpectationStatus.PENDING
    latency_s: float | None = None
    rating: str | None = None
    early_s: float | None = None
    """Met by an action taken this long before its event fired (an ``early`` expectation)."""
    assessed: str | None = None
    """A rating read from what the answer said, where the debrief can judge it (an Art. 34
    communication element by element, an Art. 34(3) exception on its reasoning:
    crisissim/debrief/art34.py); worse than the outcome's, never better."""

    @property
    def score(self) -> str | None:
        """The rating a debrief counts: the facilitator's, or one read from the outcome and,
        where it was judged, from what the answer said."""
        if self.rating:
            return self.rating
        auto = AUTO_RATING.get(self.status)
        if auto is None or self.assessed is None:
            return auto
        return max(auto, self.assessed, key=SCORES.__getitem__)


@dataclass
class ObjectiveRow:
    id: str
    text: str
    expectations: list[ExpectationRow]
    clocks: list[str]

    @property
    def rating(self) -> str | None:
        """The mean of its expectations' ratings on the HSEEP scale, half-way rounding to the worse."""
        scores = [SCORES[x.score] for x in self.expectations if x.score]
        if not scores:
            return None
        mean = sum(scores) / len(scores)
        return LETTERS[min(4, int(mean + 0.5))]


@dataclass
class ClockRow:
    id: str
    label: str
    limit_s: int
    status: ClockStatus = ClockStatus.IDLE
    started_s: float | None = None
    stopped_s: float | None = None

    @property
    def margin_s(self) -> float | None:
        """Time to spare (positive) or overrun (negative) when it stopped."""
        if self.started_s is None or self.stopped_s is None:
            return None
        return self.started_s + self.limit_s - self.stopped_s


@dataclass
class ActionRow:
    seq: int
    role: str
    kind: str
    at_s: float
    fields: dict[str, Any]


@dataclass
class StormSeries:
    id: str
    title: str
    bucket_s: int
    counts: dict[int, int] = field(default_factory=dict)
    mood_sums: dict[int, float] = field(default_factory=dict)
    total: int = 0
    started_s: float | None = None
    ended_s: float | None = None

    def add(self, sim: float, sentiment: float) -> None:
        bucket = int(sim // self.bucket_s)
        self.counts[bucket] = self.counts.get(bucket, 0) + 1
        self.mood_sums[bucket] = self.mood_sums.get(bucket, 0.0) + sentiment
        self.total += 1

    def mood(self, bucket: int) -> float | None:
        n = self.counts.get(bucket)
        return None if not n else self.mood_sums[bucket] / n

    @property
    def mean_mood(self) -> float | None:
        return sum(self.mood_sums.values()) / self.total if self.total else None


@dataclass
class EnquiryRow:
    event: str
    title: str
    reporter: str
    outlet: str
    fired_s: float
    deadline_s: float | None
    answered_s: float | None = None
    answer: str = ""
    answered_by: str = ""

    @property
    def latency_s(self) -> float | None:
        return None if self.answered_s is None else self.answered_s - self.fired_s

    @property
    def in_time(self) -> bool | None:
        if self.deadline_s is None:
            return None
        return self.latency_s is not None and self.latency_s <= self.deadline_s


@dataclass
class ReceptionRow:
    """How the crowd read one statement or post: the rubric's points, and what they did."""

    seq: int
    at_s: float
    role: str
    action: str
    text: str
    mood: float
    volume: float
    points: tuple[rec.RubricPoint, ...]

    @property
    def gained(self) -> list[rec.RubricPoint]:
        return [p for p in self.points if p.delta > 0]

    @property
    def lost(self) -> list[rec.RubricPoint]:
        return [p for p in self.points if p.delta < 0]


@dataclass
class Debrief:
    scenario: Scenario
    seed: int
    speed: float
    """The speed the exercise started at (the journal's meta)."""
    started_wall: float | None = None
    wall_seconds: float = 0.0
    sim_seconds: float = 0.0
    ended: bool = False
    end_reason: str | None = None
    events: dict[str, EventRow] = field(default_factory=dict)
    expectations: dict[str, ExpectationRow] = field(default_factory=dict)
    clocks: dict[str, ClockRow] = field(default_factory=dict)
    actions: list[ActionRow] = field(default_factory=list)
    storms: dict[str, StormSeries] = field(default_factory=dict)
    speed_changes: list[tuple[float, float]] = field(default_factory=list)
    """Each change of speed the facilitator made: (simulated time, the new speed), in order."""
    top_posts: list[tuple[int, int, float, rec.Post]] = field(default_factory=list)
    enquiries: list[EnquiryRow] = field(default_factory=list)
    hotwash: list[tuple[str, list[str]]] = field(default_factory=list)
    receptions: list[ReceptionRow] = field(default_factory=list)
    asked: list[tuple[int, float, rec.Fired]] = field(default_factory=list)
    """The regulators' questions (seq, sim, record), in the order asked (crisissim/debrief/questions.py)."""
    pauses: int = 0
    digest: str = ""
    posts_by_storm: dict[str, int] = field(default_factory=dict)
    journal: Verdict = field(default_factory=lambda: Verdict(chained=False))
    """Whether the journal is as it was written, and which records could not be read (left out)."""

    # views ---------------------------------------------------------------------------------------

    @property
    def start_dt(self) -> dt.datetime | None:
        return self.scenario.start

    @property
    def objectives(self) -> list[ObjectiveRow]:
        rows = []
        for objective, text in self.scenario.objectives.items():
            expectations = [x for x in self.expectations.values() if x.objective == objective]
            clocks = [c for c, clock in self.scenario.clocks.items() if clock.objective == objective]
            rows.append(ObjectiveRow(objective, text, expectations, clocks))
        return rows

    def of_kind(self, *kinds: str) -> list[ActionRow]:
        return [a for a in self.actions if a.kind in kinds]

    @property
    def notification_clocks(self) -> list[str]:
        return [c for c, clock in self.scenario.clocks.items() if cond.stops_on_notification(clock.stops)]

    @property
    def regimes(self) -> list[RegimeRow]:
        """Each regime the scenario names, rated deadline by deadline and filing by filing."""
        return rate(self)

    @property
    def art34(self) -> Art34Row:
        """Art. 34: each communication element by element, each exception on its reasoning, and
        the authority's requirements (Art. 34(4)) with the team's answer."""
        return judge(self)

    @property
    def notification(self) -> dict[str, Any]:
        """Art. 33(3), element by element: given in which notification, and what it said; an
        element filed as unknown is given only by the follow-up that says it."""
        filed = [
            a
            for a in self.of_kind("notify_regulator")
            if filing_of(a.fields)[0] == "gdpr" and filing_of(a.fields)[2] != "withdraw"
        ]
        checklist = []
        for name, words in NOTIFICATION_FIELDS.items():
            given = next(
                (a for a in filed if str(a.fields.get(name, "")).strip() and not is_unknown(a.fields[name])), None
            )
            checklist.append(
                {
                    "field": name,
                    "element": words,
                    "text": given.fields[name] if given else None,
                    "at_s": given.at_s if given else None,
                }
            )
        filed_s = filed[0].at_s if filed else None
        late = False
        for clock_id in self.notification_clocks:
            c = self.clocks[clock_id]
            if filed_s is not None and c.started_s is not None and filed_s > c.started_s + c.limit_s:
                late = True
        delay = next((a.fields["delay_reason"] for a in filed if str(a.fields.get("delay_reason", "")).strip()), None)
        missing = [item["element"] for item in checklist if item["text"] is None]
        if late and delay is None:
            missing.append(DELAY_REASON)
        return {
            "filed_s": filed_s,
            "filings": filed,
            "checklist": checklist,
            "late": late,
            "delay_reason": delay,
            "missing": missing,
            "complete": bool(filed) and not missing,
        }

    @property
    def articles(self) -> list[EventRow]:
        return [e for e in self.events.values() if e.kind == "article" and e.status == EventStatus.FIRED]

    @property
    def strengths(self) -> list[ExpectationRow]:
        return [x for x in self.expectations.values() if x.status == ExpectationStatus.MET and x.score in ("P", "S")]

    @property
    def improvements(self) -> list[ExpectationRow]:
        missed = (ExpectationStatus.MISSED, ExpectationStatus.LATE)
        return [x for x in self.expectations.values() if x.status in missed or (x.rating in ("M", "U"))]


def _by_silence(scenario: Scenario, event_id: str) -> bool:
    """An article that ran because the team missed or answered late."""
    event = scenario.event(event_id)
    if event is None:
        return False
    roots = [c for c in (event.after, event.when) if c is not None]
    return any(isinstance(leaf, cond.Missed | cond.Late) for root in roots for leaf, _ in cond.walk(root))


def bucket_for(duration: float) -> int:
    """A bucket size that gives a chart of at most about 150 points."""
    return next((b for b in BUCKETS if duration / b <= 150), BUCKETS[-1])


def _new_series(d: Debrief, storm_id: str, bucket: int) -> StormSeries:
    event = d.scenario.event(storm_id)
    series = d.storms[storm_id] = StormSeries(storm_id, event.title if event else storm_id, bucket)
    return series


def _from_view(d: Debrief, view: ExerciseView) -> None:
    """What the debrief shares with every screen: the clocks, the expectations and the end, as
    the one read model folds them."""
    d.ended, d.end_reason = view.ended, view.end_reason
    if view.seed is not None:
        d.seed = view.seed
    for clock_id, row in d.clocks.items():
        clock = view.clocks[clock_id]
        row.status, row.started_s, row.stopped_s = clock.status, clock.started_s, clock.stopped_s
    for exp_id, x in d.expectations.items():
        seen = view.expectations[exp_id]
        # a window still open at EndEx is, for the debrief, an expectation not yet met or missed
        x.status = ExpectationStatus.PENDING if seen.status == ExpectationStatus.OPEN else seen.status
        x.latency_s, x.early_s = seen.latency_s, seen.early_s


def fold(journal: Store, scenario: Scenario | None = None) -> Debrief:
    """The debrief of ``journal``; ``scenario``, when the caller has parsed the one it stores
    already (a what-if's journal holds its original's), spares parsing it again."""
    scenario = scenario or scenario_of(journal)
    planned = planned_due(scenario)
    d = Debrief(scenario, seed=int(journal.meta.get("seed", "0")), speed=float(journal.meta.get("speed") or 1))
    for e in scenario.events:
        d.events[e.id] = EventRow(
            e.id,
            e.title,
            e.kind,
            e.medium,
            planned_s=planned.get(e.id),
            due_s=planned.get(e.id),
            by_silence=_by_silence(scenario, e.id),
        )
    for e, x in scenario.expectations:
        d.expectations[x.id] = ExpectationRow(x.id, e.id, x.role, x.action, x.within, x.objective, x.judged)
    for c, clock in scenario.clocks.items():
        d.clocks[c] = ClockRow(c, clock.label or c, clock.limit)
    bucket = bucket_for(scenario.duration)
    digest = hashlib.sha256()
    heap: list[tuple[int, int, float, rec.Post]] = []
    enquiries: dict[str, EnquiryRow] = {}
    first_wall = last_wall = None
    view = ExerciseView(scenario, (), StillTime(), scenario.start or dt.datetime.fromtimestamp(0, dt.UTC))
    # What cannot be read is left out and said: one damaged byte must not cost the whole debrief.
    fit = Fit(scenario)
    salvage: list[Unreadable] = []
    check = ChainCheck(journal.meta, chained=journal.chained, schema=journal.version)
    for record in journal.records(salvage=salvage):
        check.noted(salvage, record.seq)
        check.record(record)
        try:
            data = record.data
        except JournalError as exc:
            check.bad(record.seq, record.kind, exc.what)
            continue
        misfit = fit.misfit(record.role, data)
        if misfit is not None:
            check.bad(record.seq, record.kind, f"record {record.seq} ({record.kind}): {misfit}")
            continue
        if first_wall is None:
            first_wall = record.wall
        last_wall = record.wall
        d.sim_seconds = max(d.sim_seconds, record.sim)
        if isinstance(data, rec.Post):
            storm = d.storms.get(data.storm) or _new_series(d, data.storm, bucket)
            storm.add(record.sim, data.sentiment)
            digest.update(f"{data.handle}\t{data.text}\n".encode())
            item = (data.likes + data.reposts, record.seq, record.sim, data)
            if len(heap) < TOP_POSTS:
                heapq.heappush(heap, item)
            elif item[:2] > heap[0][:2]:
                heapq.heapreplace(heap, item)
        else:
            view.apply(record.sim, record.role, data)
        if isinstance(data, rec.Start):
            d.started_wall = record.wall
        if isinstance(data, rec.Fired):
            row = d.events.get(data.event)
            if row is None:
                row = d.events[data.event] = EventRow(data.event, data.title, data.kind, data.channel, adhoc=True)
            row.status, row.fired_s, row.title = EventStatus.FIRED, record.sim, data.title
            row.due_s = data.due_s if data.due_s is not None else row.due_s
            row.to, row.sender, row.deadline_s, row.forced = data.to, data.sender, data.deadline_s, data.forced
            if (question := asked(record.seq, record.sim, data)) is not None:
                d.asked.append(question)
            if data.kind == "enquiry":
                enquiries[data.event] = EnquiryRow(
                    data.event,
                    data.title,
                    data.enquiry.reporter if data.enquiry else data.sender,
                    data.enquiry.outlet if data.enquiry else "",
                    record.sim,
                    data.deadline_s,
                )
        elif isinstance(data, rec.Skipped):
            row = d.events[data.event]
            row.status, row.cause, row.due_s = EventStatus.SKIPPED, data.reason, data.due_s
        elif isinstance(data, rec.Storm):
            storm = d.storms.get(data.storm) or _new_series(d, data.storm, bucket)
            if data.status == rec.StormChange.STARTED:
                storm.started_s = record.sim
            else:
                storm.ended_s = record.sim
        elif isinstance(data, rec.Control):
            if data.control == rec.Command.RATE:
                d.expectations[data.fields["expectation"]].rating = data.fields["rating"]
            elif data.control == rec.Command.UNDO:
                _undo(d, enquiries, data.fields)
            elif data.control == rec.Pace.PAUSE:
                d.pauses += 1
            elif data.control == rec.Pace.SPEED and isinstance(rate := data.fields.get("speed"), int | float):
                d.speed_changes.append((record.sim, float(rate)))
        elif isinstance(data, rec.Action):
            fields = dict(data.fields)
            if data.request is not None:
                fields["request"] = data.request
            action = ActionRow(record.seq, record.role or "", data.action, record.sim, fields)
            d.actions.append(action)
            if action.kind == "choose" and fields.get("event") in d.events:
                event = scenario.event(fields["event"])
                label = event.options.get(fields["option"], fields["option"]) if event else fields["option"]
                d.events[fields["event"]].chosen = (fields["option"], label, action.role, action.at_s)
            if action.kind == "reply" and fields.get("event") in enquiries:
                enquiry = enquiries[fields["event"]]
                if enquiry.answered_s is None:
                    enquiry.answered_s, enquiry.answer, enquiry.answered_by = record.sim, fields["text"], action.role
        elif isinstance(data, rec.End):
            d.sim_seconds = record.sim
        elif isinstance(data, rec.Reception):
            said = next((a for a in reversed(d.actions) if a.seq == data.answers), None)
            d.receptions.append(
                ReceptionRow(
                    record.seq,
                    record.sim,
                    said.role if said else "",
                    data.action,
                    str(said.fields.get("text", "")) if said else "",
                    data.mood,
                    data.volume,
                    data.points,
                )
            )
        elif isinstance(data, rec.Hotwash):
            _file_hotwash(d.hotwash, record.role or "", list(data.answers))
    check.noted(salvage)
    d.journal = check.verdict
    _from_view(d, view)
    for storm_id, storm in d.storms.items():
        d.posts_by_storm[storm_id] = storm.total
    d.top_posts = sorted(heap, reverse=True)
    d.enquiries = list(enquiries.values())
    d.digest = digest.hexdigest()
    d.wall_seconds = round((last_wall or 0.0) - (first_wall or 0.0), 3)
    assess(d)
    return d


def _file_hotwash(hotwash: list[tuple[str, list[str]]], role: str, answers: list[str]) -> None:
    """A role's answers saved again (corrected in the hot wash) replace what it saved before, in
    the place it first answered: one table per role."""
    for n, (saved_role, _answers) in enumerate(hotwash):
        if saved_role == role:
            hotwash[n] = (role, answers)
            return
    hotwash.append((role, answers))


def _undo(d: Debrief, enquiries: dict[str, EnquiryRow], back: dict[str, Any]) -> None:
    """What an undo took back is as if it had not happened (the journal keeps both records): a
    withdrawn inject leaves the timeline, an event is pending again, a rating is the one before."""
    pending = set(back.get("pending", ()))
    for event_id in back.get("withdrawn", ()):
        if event_id not in pending:
            d.events.pop(event_id, None)
        enquiries.pop(event_id, None)
    for event_id in pending:
        row = d.events[event_id]
        row.status, row.fired_s, row.cause, row.forced = EventStatus.PENDING, None, None, False
    for event_id in back.get("unscheduled", ()):
        d.events[event_id].due_s = d.events[event_id].planned_s
    if rated := back.get("expectation"):
        d.expectations[rated].rating = back.get("rating") or None
