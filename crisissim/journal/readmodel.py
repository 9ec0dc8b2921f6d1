"""What every screen shows of an exercise, folded from its typed records (no Textual here).

One read model for the facilitator's console, a participant's seat and the room screen: each
feeds it the records it may see, through :meth:`ExerciseView.apply`, and reads nothing else of
the exercise. The console feeds it from the engine as records are emitted (after a fold of the
journal at start, for a resumed run); a seat from the journal follower. Time comes from a
:class:`TimeSource` it is given: the console's clock, or the follower's anchoring of the playing
process's clock.

The public surface, all a screen needs:

- time: :attr:`~ExerciseView.now`, :attr:`~ExerciseView.paused`, :attr:`~ExerciseView.rate`,
  :meth:`~ExerciseView.datetime_at`; :attr:`~ExerciseView.started`, :attr:`~ExerciseView.ended`,
  :attr:`~ExerciseView.seed`;
- the MSEL: :attr:`~ExerciseView.events` (every event of the scenario, and ad-hoc injects) with
  status, due and fired times; :attr:`~ExerciseView.expectations`, :attr:`~ExerciseView.flags`
  (facilitator's screens only: a seat is never given those records);
- :attr:`~ExerciseView.clocks`, with status, start, stop and limit;
- the world: :attr:`~ExerciseView.storms`, :attr:`~ExerciseView.posts` (the newest
  :data:`FEED_KEEP`), :attr:`~ExerciseView.news`;
- per role: :attr:`~ExerciseView.inbox` and :attr:`~ExerciseView.sent` (what the role did, newest
  first); the team's actions in the order they were taken, :attr:`~ExerciseView.actions`; the
  roles whose hot-wash answers are in, :attr:`~ExerciseView.hotwash_roles`;
- :attr:`~ExerciseView.version` and :attr:`~ExerciseView.post_version`, which change when anything
  (posts apart) or a post came in, so a screen redraws only then.

Memory stays flat however long the storm runs: the feed keeps only the newest posts, a storm
fixed per-minute buckets and a fixed window of moods.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from crisissim.journal import records as rec
from crisissim.journal.follower import apply_clock
from crisissim.journal.records import ClockStatus, EventStatus, ExpectationStatus
from crisissim.journal.store import Record
from crisissim.scenario.model import Scenario

FEED_KEEP = 300
"""Posts the feed keeps, newest last."""
SPARK_BUCKETS = 60
"""Simulated minutes of volume a storm keeps."""
MOOD_KEEP = 50
"""Posts a storm's mood is the mean of."""
NEWS_KEEP = 20


class TimeSource(Protocol):
    """Where the exercise's time comes from: the console's clock, or a seat's follower."""

    @property
    def now(self) -> float:
        """Simulated seconds since T+0, as the exercise has it now."""
        ...

    @property
    def paused(self) -> bool: ...

    @property
    def rate(self) -> float:
        """Simulated seconds per wall second."""
        ...


@dataclass
class StillTime:
    """Time that moves only when told: a finished exercise, a test, a fold with no clock."""

    now: float = 0.0
    paused: bool = True
    rate: float = 1.0


@dataclass
class EventView:
    status: EventStatus = EventStatus.PENDING
    due_s: float | None = None
    """When it became due (by its time, or when what it waits for held), once it has."""
    fired_s: float | None = None
    adhoc: bool = False
    """An inject the facilitator wrote during the exercise, not one of the scenario's."""


@dataclass
class ClockView:
    """A regulatory clock; the fields :func:`~crisissim.journal.follower.apply_clock` keeps."""

    status: ClockStatus = ClockStatus.IDLE
    started_s: float | None = None
    stopped_s: float | None = None
    limit_s: float | None = None


@dataclass
class ExpectationView:
    event: str
    status: ExpectationStatus = ExpectationStatus.PENDING
    latency_s: float | None = None
    #: met by an action taken this long before its event fired (``early``)
    early_s: float | None = None


@dataclass
class InboxItem:
    event: str
    sim: float
    kind: str
    channel: str
    title: str
    body: str
    sender: str
    options: dict[str, str]
    deadline_s: float | None
    answered: bool = False
    read: bool = False
    decided: tuple[str, str] | None = None
    """``(option, role)`` once any role took the decision it asks for: it is closed for every
    recipient, not only for the one who decided."""

    @property
    def deadline_at(self) -> float | None:
        return None if self.deadline_s is None else self.sim + self.deadline_s


@dataclass(frozen=True)
class SentItem:
    """One action a role took (a reply, a choice, a statement, a notification, a note ...), as
    the engine journaled it: its fields are the format's own (``text``, ``option``, ``event`` ...)."""

    sim: float
    role: str
    kind: str
    fields: dict[str, Any]
    request: int | None = None
    """The seat's request it answers, when a seat asked for it."""

    @property
    def event(self) -> str | None:
        """The message it answers or is about, if any."""
        event = self.fields.get("event")
        return str(event) if event else None

    @property
    def summary(self) -> str:
        """Its gist in the team's own words: the text, the option chosen, the breach's nature."""
        for name in ("text", "option", "nature"):
            value = self.fields.get(name)
            if value:
                return str(value)
        return ""


@dataclass
class StormView:
    storm: str
    title: str = ""
    """As the storm's ``fired`` record gave it (its id until then)."""
    buckets: deque[int] = field(default_factory=lambda: deque([0] * SPARK_BUCKETS, maxlen=SPARK_BUCKETS))
    bucket_minute: int = 0
    moods: deque[float] = field(default_factory=lambda: deque(maxlen=MOOD_KEEP))
    total: int = 0
    active: bool = True

    def add(self, sim: float, sentiment: float) -> None:
        minute = int(sim // 60)
        if self.total == 0:
            self.bucket_minute = minute
        while self.bucket_minute < minute:
            self.buckets.append(0)
            self.bucket_minute += 1
        self.buckets[-1] += 1
        self.moods.append(sentiment)
        self.total += 1

    def roll_to(self, sim: float) -> None:
        """Quiet minutes count as zero, so the sparkline falls when the storm calms."""
        minute = int(sim // 60)
        gap = min(minute - self.bucket_minute, SPARK_BUCKETS)
        if self.total and gap > 0:
            for _ in range(gap):
                self.buckets.append(0)
            self.bucket_minute = minute

    @property
    def mood(self) -> float:
        return sum(self.moods) / len(self.moods) if self.moods else 0.0


class ExerciseView:
    """One exercise as the screens see it, folded from the records they are given.

    ``roles`` are the roles whose inbox and sent actions are kept (a seat: its own); ``time`` is
    where :attr:`now`, :attr:`paused` and :attr:`rate` come from; ``start`` is the date-time of
    T+0 (the scenario's start, or the default the engine used).
    """

    def __init__(
        self,
        scenario: Scenario,
        roles: Iterable[str],
        time: TimeSource,
        start: dt.datetime,
    ) -> None:
        self.scenario = scenario
        self.roles = list(roles)
        self.time = time
        self.start = start
        self.started = False
        self.ended = False
        self.end_reason: rec.EndReason | None = None
        self.seed: int | None = None
        self.events: dict[str, EventView] = {e.id: EventView() for e in scenario.events}
        self.expectations: dict[str, ExpectationView] = {x.id: ExpectationView(e.id) for e, x in scenario.expectations}
        self.clocks: dict[str, ClockView] = {c: ClockView(limit_s=clock.limit) for c, clock in scenario.clocks.items()}
        self.flags: set[str] = set()
        self.inbox: dict[str, list[InboxItem]] = {role: [] for role in self.roles}
        self.sent: dict[str, list[SentItem]] = {role: [] for role in self.roles}
        """Per role, what it did, newest first."""
        self.actions: list[SentItem] = []
        """What the team did (the roles kept, not the facilitator's notes), oldest first."""
        self.hotwash_roles: list[str] = []
        """The roles whose hot-wash answers were saved, in the order they were."""
        self.hotwash: dict[str, list[str]] = {}
        """Each role's hot-wash answers as they stand (the last saved), one per question."""
        self.posts: deque[tuple[float, rec.Post]] = deque(maxlen=FEED_KEEP)
        self.storms: dict[str, StormView] = {}
        self.news: deque[tuple[float, str, str]] = deque(maxlen=NEWS_KEEP)
        self.titles: dict[str, str] = {}
        """Each delivered event's title as it was delivered (rendered): what refusals name it by."""
        self.options: dict[str, dict[str, str]] = {}
        """Each delivered decision's options as delivered: a seat, which has no MSEL, names them by these."""
        self.last_command: tuple[str, dict[str, Any]] | None = None
        """The facilitator's last command and its fields, until an undo takes it back."""
        self.version = 0
        """Bumps on every record but posts: widgets redraw when it changes."""
        self.post_version = 0
        self._expects: dict[str, list[str]] = {}
        for event, exp in scenario.expectations:
            self._expects.setdefault(event.id, []).append(exp.id)

    # time ----------------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        return self.time.now

    @property
    def paused(self) -> bool:
        return self.time.paused

    @property
    def rate(self) -> float:
        return self.time.rate

    def datetime_at(self, sim: float) -> dt.datetime:
        """The scenario's date-time at ``sim`` simulated seconds."""
        return self.start + dt.timedelta(seconds=sim)

    # folding -------------------------------------------------------------------------------------

    def fold(self, records: Iterable[Record]) -> None:
        """Apply journal records in order (a resumed console, a finished journal, a test)."""
        for record in records:
            self.apply(record.sim, record.role, record.data)

    def apply(self, sim: float, role: str | None, data: rec.AnyRecord) -> None:
        """Take one record; the signature of an engine listener (``engine.subscribe``)."""
        if isinstance(data, rec.Post):
            self.posts.append((sim, data))
            storm = self.storms.setdefault(data.storm, StormView(data.storm))
            storm.add(sim, data.sentiment)
            self.post_version += 1
            return
        self.version += 1
        if isinstance(data, rec.Fired):
            self._fired(sim, data)
        elif isinstance(data, rec.Due):
            self._event(data.event).due_s = data.due_s
        elif isinstance(data, rec.Skipped):
            event = self._event(data.event)
            event.status = EventStatus.SKIPPED
            if data.due_s is not None:
                event.due_s = data.due_s
        elif isinstance(data, rec.Clock):
            clock = self.clocks.setdefault(data.clock, ClockView())
            apply_clock(clock, sim, data)
            if data.limit_s is not None:
                clock.limit_s = data.limit_s
        elif isinstance(data, rec.Expectation):
            exp = self.expectations.setdefault(data.expectation, ExpectationView(data.event))
            exp.status, exp.latency_s, exp.early_s = data.status, data.latency_s, data.early_s
        elif isinstance(data, rec.Storm) and data.status == rec.StormChange.ENDED:
            self.storms.setdefault(data.storm, StormView(data.storm)).active = False
        elif isinstance(data, rec.Action):
            self._action(sim, role, data)
        elif isinstance(data, rec.Control):
            if data.pace is None:
                self.last_command = None if data.control == rec.Command.UNDO else (data.control, dict(data.fields))
            flag = data.fields.get("flag")
            if data.control == rec.Command.FLAG and flag:
                self.flags.add(str(flag))
            elif data.control == rec.Command.UNFLAG and flag:
                self.flags.discard(str(flag))
            elif data.control == rec.Command.UNDO:
                self._undo(data.fields)
        elif isinstance(data, rec.Start):
            self.started, self.seed = True, data.seed
        elif isinstance(data, rec.End):
            self.ended, self.end_reason = True, data.reason
        elif isinstance(data, rec.Hotwash) and role is not None:
            if role not in self.hotwash_roles:
                self.hotwash_roles.append(role)
            self.hotwash[role] = list(data.answers)

    def _undo(self, back: Mapping[str, Any]) -> None:
        """An undo says what it took back (see docs/journal.md, "Undo"): messages leave the
        inboxes, events are pending again, schedules and just-started clocks are taken back."""
        withdrawn = set(back.get("withdrawn", ()))
        for items in self.inbox.values():
            items[:] = [item for item in items if item.event not in withdrawn]
        for event_id in back.get("pending", ()):
            event = self._event(event_id)
            event.status, event.fired_s = EventStatus.PENDING, None
            for exp_id in self._expects.get(event_id, ()):
                # open, or met by an ``early`` action as it fired: nothing else can have followed
                if self.expectations[exp_id].status in (ExpectationStatus.OPEN, ExpectationStatus.MET):
                    self.expectations[exp_id] = ExpectationView(event_id)
        for event_id in withdrawn - set(back.get("pending", ())):
            self.events.pop(event_id, None)  # an ad-hoc inject: it is as if it was never written
        for event_id in back.get("unscheduled", ()):
            self._event(event_id).due_s = None
        for clock_id in back.get("clocks", ()):
            if clock_id in self.clocks:
                limit = self.clocks[clock_id].limit_s
                self.clocks[clock_id] = ClockView(limit_s=limit)
        if "flag" in back:
            (self.flags.add if back.get("set") else self.flags.discard)(str(back["flag"]))

    def _event(self, event_id: str) -> EventView:
        return self.events.setdefault(event_id, EventView())

    def _fired(self, sim: float, data: rec.Fired) -> None:
        event = self._event(data.event)
        event.status, event.fired_s, event.adhoc = EventStatus.FIRED, sim, data.adhoc
        if data.due_s is not None:
            event.due_s = data.due_s
        for exp_id in self._expects.get(data.event, ()):
            self.expectations[exp_id].status = ExpectationStatus.OPEN
        self.titles[data.event] = data.title
        if data.options:
            self.options[data.event] = dict(data.options)
        if data.kind == "storm":
            self.storms.setdefault(data.event, StormView(data.event)).title = data.title
            return
        if data.kind == "article":
            self.news.appendleft((sim, data.sender or data.channel, data.title))
        for target in data.to:
            if target in self.inbox:
                self.inbox[target].insert(
                    0,
                    InboxItem(
                        data.event,
                        sim,
                        data.kind,
                        data.channel,
                        data.title,
                        data.body,
                        data.sender,
                        data.options,
                        data.deadline_s,
                        read=data.kind == "article",
                    ),
                )

    def _action(self, sim: float, role: str | None, data: rec.Action) -> None:
        event = data.fields.get("event")
        if event and data.action == "choose" and role is not None:
            for items in self.inbox.values():
                for item in items:
                    if item.event == event:
                        item.decided = (str(data.fields.get("option", "")), role)
        if role is None or role not in self.sent:
            return
        if event:
            for item in self.inbox[role]:
                if item.event == event and data.action in ("reply", "choose"):
                    item.answered = True
        done = SentItem(sim, role, data.action, dict(data.fields), data.request)
        self.sent[role].insert(0, done)
        self.actions.append(done)
