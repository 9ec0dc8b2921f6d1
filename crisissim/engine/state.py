"""What has happened so far, in the terms conditions ask about.

The engine changes it; conditions, the screens and the tests read it. Everything here can be
rebuilt by replaying the journal, so none of it is saved on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crisissim.journal import records as rec
from crisissim.journal.records import ClockStatus, EventStatus, ExpectationStatus
from crisissim.scenario import conditions as cond

PENDING, FIRED, SKIPPED = EventStatus.PENDING, EventStatus.FIRED, EventStatus.SKIPPED
OPEN, MET, LATE, MISSED = (
    ExpectationStatus.OPEN,
    ExpectationStatus.MET,
    ExpectationStatus.LATE,
    ExpectationStatus.MISSED,
)
IDLE, RUNNING, BREACHED = ClockStatus.IDLE, ClockStatus.RUNNING, ClockStatus.BREACHED


@dataclass
class EventState:
    status: EventStatus = PENDING
    due_s: float | None = None
    fired_s: float | None = None
    reason: rec.Reason | None = None


@dataclass
class ExpectationState:
    """``pending`` until its event fires; ``open`` during the window; then met, missed or late."""

    status: ExpectationStatus = ExpectationStatus.PENDING
    opened_s: float | None = None
    answered_s: float | None = None
    rating: str | None = None

    @property
    def latency_s(self) -> float | None:
        if self.opened_s is None or self.answered_s is None:
            return None
        return self.answered_s - self.opened_s


@dataclass
class ClockState:
    status: ClockStatus = IDLE
    started_s: float | None = None
    stopped_s: float | None = None
    breached_s: float | None = None


@dataclass
class ExerciseState:
    events: dict[str, EventState] = field(default_factory=dict)
    expectations: dict[str, ExpectationState] = field(default_factory=dict)
    clocks: dict[str, ClockState] = field(default_factory=dict)
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)  # event -> (option, role)
    actions: Counter[tuple[str, str | None]] = field(default_factory=Counter)  # (kind, role) -> count
    flags: set[str] = field(default_factory=set)
    filings: set[tuple[str, str]] = field(default_factory=set)  # (regime, stage) filed at least once

    # conditions -------------------------------------------------------------------------------

    def holds(self, c: cond.Condition) -> bool:
        match c:
            case cond.Fired(event):
                return self.events[event].status == FIRED
            case cond.Skipped(event):
                return self.events[event].status == SKIPPED
            case cond.Met(exp):
                return self.expectations[exp].status == MET
            case cond.Missed(exp):
                # the window closed unmet; a late answer afterwards does not undo that
                return self.expectations[exp].status in (MISSED, LATE)
            case cond.Late(exp):
                return self.expectations[exp].status == LATE
            case cond.Chose(event, option):
                return self.choices.get(event, (None,))[0] == option
            case cond.ActionTaken(kind, None):
                return any(n for (k, _), n in self.actions.items() if k == kind)
            case cond.ActionTaken(kind, role):
                return self.actions[(kind, role)] > 0
            case cond.Filed(regime, stage):
                return (regime, stage) in self.filings
            case cond.Flag(name):
                return name in self.flags
            case cond.AllOf(items):
                return all(self.holds(i) for i in items)
            case cond.AnyOf(items):
                return any(self.holds(i) for i in items)
            case cond.Not(item):
                return not self.holds(item)
        raise TypeError(c)

    def impossible(self, c: cond.Condition, owners: dict[str, str]) -> tuple[rec.Cause, ...]:
        """The settled facts that mean ``c`` can never hold any more; empty while it still may.

        ``owners`` maps expectation ids to their events. Flags and team actions can always
        still happen, so only settled facts make a condition impossible.
        """
        match c:
            case cond.Fired(event):
                return (rec.EventWasSkipped(event=event),) if self.events[event].status == SKIPPED else ()
            case cond.Skipped(event):
                return (rec.EventHasFired(event=event),) if self.events[event].status == FIRED else ()
            case cond.Met(exp):
                state = self.expectations[exp]
                if state.status in (MISSED, LATE):
                    return (rec.ExpectationWasMissed(expectation=exp),)
                return self._never_opens(exp, owners)
            case cond.Missed(exp) | cond.Late(exp):
                if self.expectations[exp].status == MET:
                    return (rec.ExpectationWasMet(expectation=exp),)
                return self._never_opens(exp, owners)
            case cond.Chose(event, option):
                if event in self.choices and self.choices[event][0] != option:
                    return (rec.BranchNotTaken(event=event, option=option, chosen=self.choices[event][0]),)
                return (rec.EventWasSkipped(event=event),) if self.events[event].status == SKIPPED else ()
            case cond.AllOf(items):
                return next((r for r in (self.impossible(i, owners) for i in items) if r), ())
            case cond.AnyOf(items):
                each = [self.impossible(i, owners) for i in items]
                return tuple(cause for causes in each for cause in causes) if all(each) else ()
            case cond.Not(item) if _settled(item) and self.holds(item):
                return (rec.AlreadyHolds(condition=cond.to_mapping(item)),)
        return ()

    def _never_opens(self, exp: str, owners: dict[str, str]) -> tuple[rec.Cause, ...]:
        event = owners[exp]
        return (rec.EventWasSkipped(event=event),) if self.events[event].status == SKIPPED else ()


def _settled(c: cond.Condition) -> bool:
    """Once true, for ever true: facts about events, expectations, choices and actions."""
    if isinstance(c, cond.Flag | cond.Not):
        return False
    if isinstance(c, cond.AllOf | cond.AnyOf):
        return all(_settled(i) for i in c.items)
    return True
