"""The engine: decides what is due, delivers it, takes the team's actions, scores and records.

It is driven from outside: a driver (headless, paced or live) moves simulated time with
``advance_to`` and hands in actions and facilitator commands. The engine never sleeps, never
reads the wall clock (it is given a ``wall`` function for the journal's wall-time column) and
never touches a global random source. Everything it decides goes to its sink (the journal)
before anyone is told: listeners hear of a record only after it has been appended.

Occurrences (events due, windows closing, clock limits, storm posts, EndEx) are handled in
strict simulated-time order, so the outcome does not depend on how a driver steps time.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from crisissim.content.events import DEFAULT_START, render_event, template_context
from crisissim.content.fakers import SeededFaker
from crisissim.content.names import HandleBook
from crisissim.content.personas import PersonaLibrary, builtin_personas
from crisissim.content.streams import stream
from crisissim.content.templates import MAX_LINE, TemplateFault, render
from crisissim.engine import state as st
from crisissim.engine.crowd import CrowdDesk, current_storm
from crisissim.engine.press import PressDesk
from crisissim.engine.regulator import RegulatorDesk
from crisissim.engine.storms import PostBudget, StormRunner
from crisissim.journal import records as rec
from crisissim.journal.explain import refusal_text
from crisissim.scenario import regimes
from crisissim.scenario.actions import (
    ACTION_FIELDS,
    BY_KIND,
    FACILITATOR_FIELDS,
    RATINGS,
    field_problems,
    normalise,
)
from crisissim.scenario.conditions import to_mapping
from crisissim.scenario.graph import expectation_owners
from crisissim.scenario.model import Event, Expectation, Scenario

#: A window closes just after its last second, so an answer at exactly ``within`` is in time.
_EPSILON = 1e-6
_DUE, _CLOSE, _LIMIT, _STORM, _PRESS, _REGULATOR, _ENDEX = range(7)
NOTE_ROLES = ("facilitator", "observer")


class ActionRefused(Exception):
    """An action that cannot be taken; nothing was journaled.

    ``refusal`` says why, as a code with its parameters: a screen renders it in its language with
    the names its people know (:func:`crisissim.journal.explain.refusal_text`); the message is its
    English rendering with the ids, for logs and tracebacks.
    """

    def __init__(self, refusal: rec.Refusal) -> None:
        detail = f" ({refusal.detail})" if isinstance(refusal, rec.BadFields) else ""
        super().__init__(refusal_text(refusal) + detail)
        self.refusal = refusal


class UndoRefused(ActionRefused):
    """An undo that cannot be done; nothing was journaled. ``refusal`` says why, as one of the
    undo's refusal codes (:data:`crisissim.journal.records.UndoRefusal`)."""

    refusal: rec.UndoRefusal

    def __init__(self, refusal: rec.UndoRefusal) -> None:
        super().__init__(refusal)


#: The commands an undo can take back (EndEx starts the hot wash; a note is a note).
UNDOABLE = frozenset(
    {rec.Command.FLAG, rec.Command.UNFLAG, rec.Command.FIRE, rec.Command.SKIP, rec.Command.INJECT, rec.Command.RATE}
)
#: Kinds of a fired message that the crowd or the press take up the moment they are out.
PUBLIC_EVENT_KINDS = frozenset({"storm", "article", "enquiry"})


@dataclass
class _Undoable:
    """The last facilitator command, the records it wrote itself, and what it changed silently."""

    seq: int
    name: str
    fields: dict[str, Any]
    effects: list[rec.AnyRecord]
    before: dict[str, str | bool]
    followed: tuple[str, dict[str, str | int]] | None = None
    """The first record that came after it (its kind and what it was about), if any."""


class Sink(Protocol):
    """Where the engine's records go, in order: a journal, a journal being replayed, or memory."""

    def emit(self, sim: float, role: str | None, record: rec.AnyRecord) -> int: ...
    def emit_post(self, sim: float, post: rec.Post) -> None: ...
    def flush(self) -> None: ...


Listener = Callable[[float, str | None, rec.AnyRecord], None]
"""Told of every record after it was appended: ``listener(sim, role, record)``."""


class Engine:
    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int,
        sink: Sink,
        personas: PersonaLibrary | None = None,
        storms: bool = True,
    ) -> None:
        self.scenario = scenario
        self.generate_posts = storms
        self.seed = seed
        self.sink = sink
        self.personas = personas or builtin_personas()
        self.start_dt = scenario.start or DEFAULT_START
        self.state = st.ExerciseState(
            events={e.id: st.EventState() for e in scenario.events},
            expectations={x.id: st.ExpectationState() for _, x in scenario.expectations},
            clocks={c: st.ClockState() for c in scenario.clocks},
        )
        self.owners = expectation_owners(scenario.events)
        self._events = {e.id: e for e in scenario.events}
        self._expectations = {x.id: (e, x) for e, x in scenario.expectations}
        self.now = 0.0
        self.started = False
        self.ended = False
        self.end_reason: str | None = None
        self.storms: dict[str, StormRunner] = {}
        self._heap: list[tuple[float, int, int, str]] = []
        self._order = itertools.count()
        self._scheduled: set[str] = set()
        self._adhoc = 0
        self._listeners: list[Listener] = []
        self.crowd = CrowdDesk(scenario)
        self.press = PressDesk(scenario, seed, self.personas)
        self._press_calls = 0
        self.regulator = RegulatorDesk(scenario, seed)
        self._questions = 0
        self.handles = HandleBook()
        """One handle per person in the whole exercise, whichever storm they post in."""
        self.post_budget = PostBudget()
        """The posts all storms may still write (MAX_EXERCISE_POSTS)."""
        self._undoable: _Undoable | None = None
        self._recording: list[rec.AnyRecord] | None = None
        self._withdrawn: set[str] = set()
        """Ad-hoc injects taken back by an undo: nobody answers them any more."""
        self._first_acted: dict[tuple[str, str], float] = {}
        """(role, kind) -> when that role first took an action of that kind: what ``early`` reads."""

    # listeners -----------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """``listener(sim, role, record)`` after each record is appended."""
        self._listeners.append(listener)

    def _emit(self, role: str | None, record: rec.AnyRecord) -> int:
        if self._recording is not None:
            self._recording.append(record)
        elif self._undoable is not None and self._undoable.followed is None and not _beside(role, record):
            self._undoable.followed = _about(role, record)
        seq = self.sink.emit(self.now, role, record)
        self.crowd.apply(seq, self.now, role, record)
        if self.press.on:
            self._tell_press(seq, role, record)
        if self.regulator.on:
            for check in self.regulator.apply(seq, self.now, role, record):
                self._push(max(self.now, check.due_s), _REGULATOR, "regulator")
        for listener in self._listeners:
            listener(self.now, role, record)
        return seq

    # time ----------------------------------------------------------------------------------------

    def datetime_at(self, sim: float) -> dt.datetime:
        return self.start_dt + dt.timedelta(seconds=sim)

    def start(self) -> None:
        """StartEx: journal the start and schedule what is due by time."""
        if self.started:
            return
        self.started = True
        s = self.scenario
        self._emit(
            None,
            rec.Start(
                scenario=s.id,
                title=s.title,
                seed=self.seed,
                language=s.language,
                start=self.start_dt.isoformat(),
                duration_s=s.duration,
                speed=s.speed,
            ),
        )
        for event in s.events:
            if event.at is not None:
                self._schedule(event.id, float(event.at))
        self._push(float(s.duration), _ENDEX, "endex")
        self._settle()
        self._run_until(self.now)
        self.sink.flush()

    def advance_to(self, sim: float) -> None:
        """Handle everything due up to ``sim`` (never past EndEx, never backwards)."""
        if not self.started or self.ended:
            return
        target = min(sim, float(self.scenario.duration))
        if target > self.now:
            self._run_until(target)
            if not self.ended:
                self.now = target
        self.sink.flush()

    def next_due(self) -> float | None:
        """The next moment anything happens (posts included): what a paced driver waits for."""
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def next_event_due(self) -> float | None:
        """The next inject (or EndEx): where "advance to the next event" jumps to."""
        times = [
            t for t, _, _, ref in self._heap if ref == "endex" or (ref.startswith("due:") and self._is_current(ref, t))
        ]
        return min(times) if times else None

    def _push(self, when: float, priority: int, ref: str) -> None:
        heapq.heappush(self._heap, (when, priority, next(self._order), ref))

    def _is_current(self, ref: str, when: float) -> bool:
        """Whether a due entry of the heap still stands: its event pending, and due by then (an
        undo may have taken a schedule back, and a later one given it another time)."""
        event_id = ref[4:]
        state = self.state.events[event_id]
        return state.status == rec.EventStatus.PENDING and state.due_s is not None and when >= state.due_s

    def _drop_stale(self) -> None:
        heap = self._heap
        while heap and heap[0][3].startswith("due:") and not self._is_current(heap[0][3], heap[0][0]):
            heapq.heappop(heap)

    def _run_until(self, target: float) -> None:
        heap = self._heap
        while heap and heap[0][0] <= target and not self.ended:
            when, priority, _, ref = heapq.heappop(heap)
            self.now = max(self.now, when)
            if priority == _STORM:
                self._storm_step(ref, target)
            elif priority == _DUE:
                if self._is_current(ref, when):
                    self._due(ref[4:])
            elif priority == _CLOSE:
                self._close_window(ref)
            elif priority == _LIMIT:
                self._clock_limit(ref)
            elif priority == _PRESS:
                self._press_step(ref)
            elif priority == _REGULATOR:
                self._regulator_step()
            elif priority == _ENDEX:
                self._end(rec.EndReason.DURATION)

    # events --------------------------------------------------------------------------------------

    def _schedule(self, event_id: str, when: float) -> None:
        self.state.events[event_id].due_s = when
        self._scheduled.add(event_id)
        self._push(when, _DUE, f"due:{event_id}")
        self._emit(None, rec.Due(event=event_id, due_s=when))

    def _due(self, event_id: str) -> None:
        event = self._events[event_id]
        if event.when is not None and not self.state.holds(event.when):
            self._skip(event_id, rec.GuardFalse(when=to_mapping(event.when)))
        else:
            self._fire(event)
        self._settle()

    def _fire(self, event: Event, *, forced: bool = False) -> None:
        state = self.state.events[event.id]
        due = state.due_s
        state.status, state.fired_s = rec.EventStatus.FIRED, self.now
        try:
            rendered = render_event(self.scenario, event, self.seed, self.datetime_at(self.now), self.personas)
            title, body, sender, enquiry = rendered.title, rendered.body, rendered.sender, rendered.enquiry
        except TemplateFault as fault:  # found by validate; never stop an exercise for it
            title, body, sender, enquiry = (
                event.title,
                f"{event.body or ''}\n[template error: {fault.message}]",
                "",
                None,
            )
        self._emit(
            None,
            rec.Fired(
                event=event.id,
                kind=event.kind,
                channel=event.medium,
                title=title,
                body=body,
                sender=sender,
                to=event.recipients(list(self.scenario.roles)),
                options=dict(event.options),
                deadline_s=event.deadline,
                due_s=due,
                forced=forced,
                enquiry=None
                if enquiry is None
                else rec.Enquiry(
                    reporter=enquiry.reporter,
                    title=enquiry.title,
                    outlet=enquiry.outlet,
                    medium=enquiry.medium,
                    email=enquiry.email,
                    phone=enquiry.phone,
                ),
            ),
        )
        if event.kind == "article":
            self._wave(
                f"{'tv' if event.medium == 'tv' else 'article'}:{event.id}", "tv" if event.medium == "tv" else "article"
            )
        for exp in event.expects:
            xs = self.state.expectations[exp.id]
            xs.status, xs.opened_s = rec.ExpectationStatus.OPEN, self.now
            acted = self._acted_before(exp) if exp.early else None
            if acted is not None:  # ``early``: the team acted before the event came; met now
                xs.status, xs.answered_s = rec.ExpectationStatus.MET, self.now
                self._emit(
                    exp.role,
                    rec.Expectation(
                        expectation=exp.id, event=event.id, status=xs.status, latency_s=0.0, early_s=self.now - acted
                    ),
                )
                continue
            self._push(self.now + exp.within + _EPSILON, _CLOSE, exp.id)
        if event.kind == "storm" and self.generate_posts:
            self._start_storm(event)

    def _skip(self, event_id: str, reason: rec.Reason) -> None:
        state = self.state.events[event_id]
        state.status, state.reason = rec.EventStatus.SKIPPED, reason
        self._emit(None, rec.Skipped(event=event_id, reason=reason, due_s=state.due_s))

    def _settle(self) -> None:
        """Bring everything that waits on conditions up to date, until nothing changes."""
        changed = True
        while changed:
            changed = False
            for event in self.scenario.events:
                state = self.state.events[event.id]
                if state.status != rec.EventStatus.PENDING or event.id in self._scheduled or event.after is None:
                    continue
                if self.state.holds(event.after):
                    self._schedule(event.id, self.now + event.delay)
                    changed = True
                elif causes := self.state.impossible(event.after, self.owners):
                    self._skip(event.id, rec.Unreachable(after=to_mapping(event.after), causes=causes))
                    changed = True
            changed |= self._settle_clocks()
        self._settle_storms()

    # clocks --------------------------------------------------------------------------------------

    def _settle_clocks(self) -> bool:
        changed = False
        for clock_id, clock in self.scenario.clocks.items():
            cs = self.state.clocks[clock_id]
            if cs.status == rec.ClockStatus.IDLE and self.state.holds(clock.starts):
                cs.status, cs.started_s = rec.ClockStatus.RUNNING, self.now
                self._emit(None, rec.Clock(clock=clock_id, status=rec.ClockChange.STARTED, limit_s=clock.limit))
                self._push(self.now + clock.limit, _LIMIT, clock_id)
                changed = True
            running = (rec.ClockStatus.RUNNING, rec.ClockStatus.BREACHED)
            if cs.status in running and cs.stopped_s is None and self.state.holds(clock.stops):
                cs.stopped_s = self.now
                if cs.status == rec.ClockStatus.RUNNING:
                    cs.status = rec.ClockStatus.MET
                self._emit(
                    None,
                    rec.Clock(
                        clock=clock_id,
                        status=rec.ClockChange.STOPPED,
                        verdict=cs.status,
                        elapsed_s=self.now - (cs.started_s or 0.0),
                    ),
                )
                changed = True
        return changed

    def _clock_limit(self, clock_id: str) -> None:
        cs = self.state.clocks[clock_id]
        limit = self.scenario.clocks[clock_id].limit
        if cs.status == rec.ClockStatus.RUNNING and self.now >= (cs.started_s or 0.0) + limit - _EPSILON:
            cs.status, cs.breached_s = rec.ClockStatus.BREACHED, self.now
            self._emit(None, rec.Clock(clock=clock_id, status=rec.ClockChange.BREACHED))
            self._settle()

    # expectations --------------------------------------------------------------------------------

    def _close_window(self, exp_id: str) -> None:
        xs = self.state.expectations[exp_id]
        event, exp = self._expectations[exp_id]
        opened = xs.opened_s if xs.opened_s is not None else self.now
        if xs.status == rec.ExpectationStatus.OPEN and self.now >= opened + exp.within:
            xs.status = rec.ExpectationStatus.MISSED
            self._emit(
                exp.role,
                rec.Expectation(expectation=exp_id, event=event.id, status=xs.status, latency_s=None),
            )
            self._settle()

    def _acted_before(self, exp: Expectation) -> float | None:
        """When the expectation's role first took an action that meets it, before its event fired."""
        times = [
            at
            for (role, kind), at in self._first_acted.items()
            if role == exp.role and _answers(kind, exp.action) and kind not in ("reply", "choose")
        ]
        return min(times, default=None)

    def _match_expectations(self, role: str, kind: str, fields: dict[str, Any]) -> None:
        self._first_acted.setdefault((role, kind), self.now)
        for exp_id, (event, exp) in self._expectations.items():
            xs = self.state.expectations[exp_id]
            if exp.role != role or xs.status not in (rec.ExpectationStatus.OPEN, rec.ExpectationStatus.MISSED):
                continue
            if not _answers(kind, exp.action):
                continue
            if kind in ("reply", "choose") and exp.action != "any" and fields.get("event") != event.id:
                continue
            opened = xs.status == rec.ExpectationStatus.OPEN
            xs.status = rec.ExpectationStatus.MET if opened else rec.ExpectationStatus.LATE
            xs.answered_s = self.now
            self._emit(
                role,
                rec.Expectation(expectation=exp_id, event=event.id, status=xs.status, latency_s=xs.latency_s),
            )

    # storms --------------------------------------------------------------------------------------

    def _start_storm(self, event: Event) -> None:
        fake = SeededFaker(self.scenario.language, stream(self.seed, f"storm:{event.id}:text"))
        context = template_context(self.scenario, event, fake, self.datetime_at(self.now))
        texts = []
        for group in (event.hashtags, event.rumours):
            rendered = []
            for source in group:
                try:
                    rendered.append(render(source, context, MAX_LINE).strip())
                except TemplateFault:
                    rendered.append(source)
            texts.append([t for t in rendered if t])
        runner = StormRunner(
            event,
            language=self.scenario.language,
            org=self.scenario.organisation,
            seed=self.seed,
            started_s=self.now,
            personas=self.personas,
            hashtags=texts[0],
            rumours=texts[1],
            handles=self.handles,
            budget=self.post_budget,
        )
        runner.moment = self.crowd.moments(runner)
        self.press.rumours.extend(runner.rumours)
        self.storms[event.id] = runner
        self._emit(
            None,
            rec.Storm(storm=event.id, status=rec.StormChange.STARTED, crowd=runner.crowd_size, until_s=runner.end_s),
        )
        self._settle_storms()
        self._push(runner.due(), _STORM, event.id)

    def _settle_storms(self) -> None:
        """Every storm's answer to the team: its ``reacts`` that hold, times what the crowd made
        of the team's last words (the rubric's reception)."""
        if self.scenario.story:
            self.crowd.set_scenario_topics({t: self.state.holds(c) for t, c in self.scenario.story.items()})
        crowd = self.crowd
        for storm_id, runner in self.storms.items():
            if runner.ended:
                continue
            multiplier, shift = crowd.volume, crowd.mood
            for react in self._events[storm_id].reacts:
                if self.state.holds(react.when):
                    multiplier *= react.rate
                    shift += react.sentiment
            if runner.react(round(multiplier, 6), round(shift, 6), self.now):
                self._emit(
                    None,
                    rec.Reaction(
                        storm=storm_id, rate=runner.multiplier, sentiment=runner.shift, reception=crowd.reception
                    ),
                )
                self._push(runner.due(), _STORM, storm_id)

    def _wave(self, cause: str, kind: str, mood: float = 0.0) -> None:
        """News or the team's words set off a wave of posts in the storm of the moment, even one
        whose own curve has faded."""
        runner = current_storm(self.storms)
        if runner is None or not self.generate_posts:
            return
        wave = self.crowd.wave_for(cause, kind, runner, self.now, mood)
        if runner.add_wave(wave):
            self._emit(
                None,
                rec.Storm(storm=runner.id, status=rec.StormChange.STARTED, crowd=runner.crowd_size, until_s=wave.end_s),
            )
        self._push(runner.due(), _STORM, runner.id)

    def _tell_press(self, seq: int, role: str | None, record: rec.AnyRecord) -> None:
        before = len(self.press.calls)
        self.press.apply(seq, self.now, role, record)
        for call in self.press.calls[before:]:
            self._push(max(self.now, call.due_s), _PRESS, "press")

    def _press_step(self, ref: str) -> None:
        """The press desk's calls that are due, and the deadlines of its enquiries."""
        if ref.startswith("deadline:"):
            article = self.press.unanswered(ref.removeprefix("deadline:"), self.now)
            if article is not None:
                self._emit(None, article)
                self._wave(f"article:{article.event}", "article")
            return
        calls, later = self.press.take_due(self.now)
        for when in later:
            self._push(when, _PRESS, "press")
        for call in calls:
            self._press_calls += 1
            event_id, fired, checks = self.press.enquiry(call, self.now, self._press_calls)
            self._emit(None, fired)
            for when in checks:
                self._push(when, _PRESS, f"deadline:{event_id}")

    def _regulator_step(self) -> None:
        """The regulators' questions that are due: each journaled as a message on the regulator channel."""
        for question in self.regulator.take_due(self.now):
            self._questions += 1
            self._emit(None, self.regulator.letter(question, self.now, self._questions))
            self._settle()

    def _storm_step(self, storm_id: str, target: float) -> None:
        """Step a storm, and keep stepping it while it is the next thing to happen before
        ``target``: the heap sees a storm only when something else may come first (ties go
        through the heap, so the order is that of the heap)."""
        runner = self.storms[storm_id]
        now = self.now
        if now != runner.due_s:
            return  # an earlier schedule of a storm whose pace has changed since
        heap = self._heap
        press = self.press if self.press.on else None
        notices = self.press.notices
        emit_post = self.sink.emit_post
        listeners = self._listeners
        step = runner.step
        while True:
            if now == runner.boundary_s and now != runner.next_s:
                if runner.cross(now):
                    self._emit(None, rec.Storm(storm=storm_id, status=rec.StormChange.ENDED, posts=runner.count))
            else:
                stepped = step()
                if stepped is not None:
                    moment, post = stepped
                    emit_post(moment, post)
                    if press is not None and notices(post):
                        for call in press.seen_post(moment, post):
                            self._push(max(moment, call.due_s), _PRESS, "press")
                    for listener in listeners:
                        listener(moment, None, post)
            due = runner.due_s
            if due == math.inf:
                return
            if due <= target and not self.ended and (not heap or due < heap[0][0]):
                self.now = now = due
                continue
            self._push(due, _STORM, storm_id)
            return

    # EndEx ---------------------------------------------------------------------------------------

    def _end(self, reason: rec.EndReason) -> None:
        if self.ended:
            return
        self.now = min(self.now, float(self.scenario.duration)) if reason == rec.EndReason.DURATION else self.now
        self._emit(None, rec.End(reason=reason))
        self.ended, self.end_reason = True, reason

    # the team ------------------------------------------------------------------------------------

    def _refuse(self, kind: str, problems: list[tuple[str, str]]) -> None:
        raise ActionRefused(rec.BadFields.of(kind, problems))

    def act(self, role: str, kind: str, fields: dict[str, Any], *, extra: dict[str, Any] | None = None) -> int:
        """Take a team action at the current simulated time; journaled and committed before return.

        Raises :class:`ActionRefused`, with nothing journaled, for an action that cannot be taken.
        """
        if not self.started or self.ended:
            raise ActionRefused(rec.HasEnded() if self.ended else rec.NotStarted())
        if role not in self.scenario.roles and not (kind == "note" and role in NOTE_ROLES):
            raise ActionRefused(rec.UnknownRole(role=role))
        problems = field_problems(kind, fields, ACTION_FIELDS)
        if problems:
            self._refuse(kind, problems)
        fields = normalise(kind, fields)
        self._check_action(role, kind, fields)
        seq = self._emit(role, rec.Action(action=kind, fields=fields, **_provenance(extra)))
        self.state.actions[(kind, role)] += 1
        if kind == "choose":
            self.state.choices[fields["event"]] = (fields["option"], role)
        if kind == "notify_regulator":
            regime, stage, change = regimes.filing_of(fields)
            if change != "withdraw":  # a withdrawal ends nothing and starts nothing
                self.state.filings.add((regime, stage))
        self._match_expectations(role, kind, fields)
        if kind in ("statement", "post") and role in self.scenario.roles:
            self._read_public(seq, kind, str(fields.get("text", "")))
        self._settle()
        self._run_until(self.now)
        self.sink.flush()
        return seq

    def _read_public(self, seq: int, kind: str, text: str) -> None:
        """What the team says in public is read by the crowd: journal how (the rubric's points)
        and set off a wave of posts that take it up."""
        reception = self.crowd.read(seq, kind, text)
        reception_seq = self._emit(None, reception)
        self.crowd.received(reception_seq, reception)
        self._wave(f"{kind}:{seq}", kind)

    def _check_action(self, role: str, kind: str, fields: dict[str, Any]) -> None:
        event_id = fields.get("event")
        if event_id is not None:
            event = self._events.get(event_id)
            generated = event_id.startswith("adhoc-") or self.press.knows(event_id) or self.regulator.knows(event_id)
            if event is None and not (kind == "reply" and generated):
                raise ActionRefused(rec.UnknownEvent(event=event_id))
            if kind in ("reply", "choose") and event is not None:
                es = self.state.events[event_id]
                if es.status != rec.EventStatus.FIRED:
                    raise ActionRefused(rec.NotYetSent(event=event_id))
                if role not in event.recipients(list(self.scenario.roles)):
                    raise ActionRefused(rec.NotSentTo(event=event_id, role=role))
        if kind == "choose":
            event = self._events[str(event_id)]
            if not event.options:
                raise ActionRefused(rec.NoDecision(event=event.id))
            if fields["option"] not in event.options:
                raise ActionRefused(rec.NoSuchOption(event=event.id, option=str(fields["option"])))
            if event.id in self.state.choices:
                option, by = self.state.choices[event.id]
                raise ActionRefused(rec.AlreadyDecided(event=event.id, role=by, option=option))
        if event_id in self._withdrawn:
            raise ActionRefused(rec.Withdrawn(event=event_id))
        if kind == "post" and fields.get("reply_to"):
            storm_id, _, number = str(fields["reply_to"]).partition("#")
            runner = self.storms.get(storm_id)
            if runner is None or not number.isdigit() or not 1 <= int(number) <= runner.count:
                raise ActionRefused(rec.NoSuchPost(post=str(fields["reply_to"])))

    # the facilitator -----------------------------------------------------------------------------

    def command(self, name: str, fields: dict[str, Any] | None = None, *, extra: dict[str, Any] | None = None) -> int:
        """A facilitator command (flag, unflag, fire, skip, inject, rate, note, end, undo), journaled first.

        Raises :class:`ActionRefused` for a command that cannot be carried out.
        """
        fields = dict(fields or {})
        if not self.started or self.ended:
            raise ActionRefused(rec.HasEnded() if self.ended else rec.NotStarted())
        if name == rec.Command.UNDO:
            # the rest of an undo record's fields are what the engine wrote it took back, not input
            return self._undo(fields.get("seq"), extra)
        problems = field_problems(name, fields, FACILITATOR_FIELDS)
        if problems:
            self._refuse(name, problems)
        fields = normalise(name, fields)
        if name == "note":
            return self.act("facilitator", "note", fields, extra=extra)
        self._check_command(name, fields)
        before = self._before(name, fields)
        self._recording = []
        try:
            seq = self._emit(None, rec.Control(control=name, fields=fields, **_provenance(extra)))
            match name:
                case "flag":
                    self.state.flags.add(fields["flag"])
                case "unflag":
                    self.state.flags.discard(fields["flag"])
                case "fire":
                    self._fire(self._events[fields["event"]], forced=True)
                case "skip":
                    self._skip(fields["event"], rec.ByFacilitator(text=fields.get("reason") or None))
                case "inject":
                    self._adhoc_inject(fields)
                case "rate":
                    self.state.expectations[fields["expectation"]].rating = fields["rating"]
                case "end":
                    self._end(rec.EndReason.FACILITATOR)
            if not self.ended:
                self._settle()
                self._run_until(self.now)
        finally:
            effects, self._recording = self._recording or [], None
        self._undoable = _Undoable(seq, name, fields, effects[1:], before) if name in UNDOABLE else None
        self.sink.flush()
        return seq

    def _before(self, name: str, fields: dict[str, Any]) -> dict[str, str | bool]:
        """What a command changes without a record of its own: a flag's state, a rating."""
        if name in ("flag", "unflag"):
            return {"set": fields["flag"] in self.state.flags}
        if name == "rate":
            return {"rating": self.state.expectations[fields["expectation"]].rating or ""}
        return {}

    # undo ----------------------------------------------------------------------------------------

    def undo_check(self) -> _Undoable:
        """The command an undo would take back now; :class:`UndoRefused` says why there is none."""
        last = self._undoable
        if last is None:
            raise UndoRefused(rec.NothingToUndo())
        if last.followed is not None:
            kind, about = last.followed
            raise UndoRefused(
                rec.UndoFollowed(
                    command=last.name,
                    target=command_target(last.name, last.fields),
                    kind=kind,
                    event=str(about.get("event", "")),
                    role=str(about.get("role", "")),
                )
            )
        for effect in last.effects:
            if not _reversible(effect):
                raise UndoRefused(
                    rec.UndoLasting(
                        command=last.name,
                        target=command_target(last.name, last.fields),
                        kind=str(effect.KIND),
                        event=str(getattr(effect, "event", "") or ""),
                    )
                )
        return last

    def _undo(self, seq: Any, extra: dict[str, Any] | None = None) -> int:
        """Take the last command back: a ``control`` record ``undo`` names it (``seq``) and what
        it took back, for every reader of the journal to fold the same way; nothing is rewritten."""
        last = self.undo_check()
        if seq not in (None, "") and str(seq) != str(last.seq):
            raise UndoRefused(rec.NotLastCommand(seq=int(seq) if str(seq).isdigit() else 0, last=last.seq))
        back: dict[str, Any] = {"seq": last.seq, "command": last.name}
        pending: list[str] = []
        withdrawn: list[str] = []
        unscheduled: list[str] = []
        clocks: list[str] = []
        for effect in last.effects:
            if isinstance(effect, rec.Fired):
                withdrawn.append(effect.event)
                if not effect.adhoc:
                    pending.append(effect.event)
            elif isinstance(effect, rec.Skipped):
                pending.append(effect.event)
            elif isinstance(effect, rec.Due):
                unscheduled.append(effect.event)
            elif isinstance(effect, rec.Clock):
                clocks.append(effect.clock)
        for name, ids in (("pending", pending), ("withdrawn", withdrawn), ("unscheduled", unscheduled)):
            if ids:
                back[name] = ids
        if clocks:
            back["clocks"] = clocks
        if last.name in ("flag", "unflag") and last.before["set"] != (last.name == "flag"):
            back["flag"] = str(last.fields["flag"])
            back["set"] = bool(last.before["set"])
        if last.name == "rate":
            back["expectation"], back["rating"] = str(last.fields["expectation"]), str(last.before["rating"])
        self._undoable = None
        undo_seq = self._emit(None, rec.Control(control=rec.Command.UNDO, fields=back, **_provenance(extra)))
        self._take_back(back)
        self._settle()
        self._run_until(self.now)
        self.sink.flush()
        return undo_seq

    def _take_back(self, back: dict[str, Any]) -> None:
        """The engine's side of an undo, from the record that says what it takes back."""
        for event_id in back.get("withdrawn", ()):
            if event_id.startswith("adhoc-"):
                self._withdrawn.add(event_id)
        for event_id in back.get("pending", ()):
            state = self.state.events[event_id]
            state.status, state.fired_s, state.reason = rec.EventStatus.PENDING, None, None
            for exp in self._events[event_id].expects:
                xs = self.state.expectations[exp.id]
                # open, or met by an ``early`` action as it fired: nothing else can have followed
                if xs.status in (rec.ExpectationStatus.OPEN, rec.ExpectationStatus.MET):
                    xs.status, xs.opened_s, xs.answered_s = rec.ExpectationStatus.PENDING, None, None
            if state.due_s is not None and event_id not in back.get("unscheduled", ()):
                self._push(max(self.now, state.due_s), _DUE, f"due:{event_id}")
        for event_id in back.get("unscheduled", ()):
            self.state.events[event_id].due_s = None
            self._scheduled.discard(event_id)
        for clock_id in back.get("clocks", ()):
            cs = self.state.clocks[clock_id]
            cs.status, cs.started_s = rec.ClockStatus.IDLE, None
        if "flag" in back:
            (self.state.flags.add if back["set"] else self.state.flags.discard)(back["flag"])
        if rated := back.get("expectation"):
            self.state.expectations[rated].rating = back["rating"] or None

    def _check_command(self, name: str, fields: dict[str, Any]) -> None:
        if name in ("fire", "skip"):
            event_id = fields["event"]
            if event_id not in self._events:
                raise ActionRefused(rec.UnknownEvent(event=event_id))
            status = self.state.events[event_id].status
            if status != rec.EventStatus.PENDING:
                raise ActionRefused(rec.AlreadySettled(event=event_id, status=status))
        if name == "rate":
            if fields["expectation"] not in self._expectations:
                raise ActionRefused(rec.UnknownExpectation(expectation=fields["expectation"]))
            if fields["rating"] not in RATINGS:
                raise ActionRefused(rec.BadRating(rating=str(fields["rating"])))
        if name == "inject":
            unknown = [r for r in fields.get("to", []) if r not in self.scenario.roles and r != "all"]
            if unknown:
                raise ActionRefused(rec.UnknownRole(role=unknown[0]))

    def _adhoc_inject(self, fields: dict[str, Any]) -> None:
        self._adhoc += 1
        to = fields.get("to") or ["all"]
        recipients = list(self.scenario.roles) if "all" in to else to
        self._emit(
            None,
            rec.Fired(
                event=f"adhoc-{self._adhoc}",
                kind="inject",
                channel=fields.get("channel") or "internal",
                title=fields["title"],
                body=fields["body"],
                sender=fields.get("from") or "",
                to=recipients,
                options={},
                deadline_s=None,
                due_s=None,
                forced=True,
                adhoc=True,
            ),
        )

    def hotwash(self, role: str, answers: list[str], request: int | None = None) -> int:
        """Journal a role's hot-wash answers, in the question order; ``request`` is the seat
        request they answer. The hot wash comes at EndEx: answers before it are refused."""
        if not self.ended:
            raise ActionRefused(rec.NotEnded())
        if role not in self.scenario.roles and role not in NOTE_ROLES:
            raise ActionRefused(rec.UnknownRole(role=role))
        seq = self._emit(role, rec.Hotwash(answers=[str(a) for a in answers], request=request))
        self.sink.flush()
        return seq

    def control(self, name: rec.Pace, *, request: int | None = None, **info: Any) -> int:
        """Journal a change of pace (pause, resume, speed, advance): it moves no engine state,
        but the debrief shows it. ``request`` is the control cell's request it answers, so a
        restarted engine does not take that request twice."""
        seq = self._emit(None, rec.Control(control=name, fields=info, request=request))
        self.sink.flush()
        return seq


def _reversible(record: rec.AnyRecord) -> bool:
    """A record of a command's own that an undo can take back: an inject that the crowd and the
    press have not taken up, a skip, a schedule, a clock that only just started, an ``early``
    expectation its firing met (it is pending again, and met again when the event comes)."""
    if isinstance(record, rec.Fired):  # a regulator's question is the regulator's, not the facilitator's
        return record.kind not in PUBLIC_EVENT_KINDS and record.question is None
    if isinstance(record, rec.Expectation):
        return record.early_s is not None
    if isinstance(record, rec.Clock):
        return record.status == rec.ClockChange.STARTED
    return isinstance(record, rec.Skipped | rec.Due)


def _beside(role: str | None, record: rec.AnyRecord) -> bool:
    """Records that do not follow from a command: changes of pace, notes, seats' records."""
    if isinstance(record, rec.Control):
        return record.pace is not None
    if isinstance(record, rec.Action):
        return record.action == "note" and role in NOTE_ROLES
    return record.KIND in rec.SIDE_KINDS


def _answers(kind: str, wanted: str) -> bool:
    """Whether an action of ``kind`` answers an expectation that asks for ``wanted``: any action
    but a note answers ``any``; a kind answers itself and the kinds its spec says it answers."""
    if wanted == "any":
        return kind != "note"
    return kind == wanted or wanted in BY_KIND[kind].answers


def _about(role: str | None, record: rec.AnyRecord) -> tuple[str, dict[str, str | int]]:
    """A record's kind and what it is about, for saying why an undo cannot be done."""
    about: dict[str, str | int] = {"kind": str(record.KIND)}
    for name in ("event", "clock", "storm", "action", "control", "expectation"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            about[name] = value
    if role is not None:
        about["role"] = role
    return str(record.KIND), about


def command_target(name: str, fields: dict[str, Any]) -> str:
    """What a facilitator command was about: its event, flag, expectation or inject's title."""
    key = {"fire": "event", "skip": "event", "flag": "flag", "unflag": "flag", "rate": "expectation"}.get(name, "title")
    return str(fields.get(key, ""))


def _provenance(extra: dict[str, Any] | None) -> dict[str, int]:
    """The playbook step or seat request an action came from, as the record keeps it."""
    return {k: int(v) for k, v in (extra or {}).items() if k in ("playbook", "request") and v is not None}
