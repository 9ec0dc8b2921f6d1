"""The regulator desk: the AP, the CSIRT or the financial supervisor asking back about what was filed.

A regulator usually does not reply to a complete notification made in time. It does write back
when a filing leaves gaps or contradicts itself: an element missing, or given as "unknown" and
not completed by a follow-up in time (GDPR Art. 33(4)); numbers of people or records that
changed between two filings; a notification made after 72 hours without the reasons for the
delay (GDPR Art. 33(1), last sentence). A CSIRT may request an intermediate report (NIS2
Art. 23(4)(c)). Each such letter is an ordinary ``fired`` message on the regulator channel,
with a :class:`~crisissim.journal.records.Question` that says what it asks about which filing,
so the room and the screens show it like any message and the debrief judges the answer
(crisissim/debrief/questions.py): a reply to it, or a later filing that supplies what it asks.

Like the press desk (crisissim/engine/press.py), every decision is a function of the records
so far: the same seed and actions give the same letters, and a resumed journal, replayed from
T+0, asks nothing twice. The scenario sets the terms (``regulator:``; defaults in
:data:`crisissim.scenario.asking.DEFAULTS`, documented in docs/regulation.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crisissim.content.events import DEFAULT_START
from crisissim.content.regulator import SENDERS, AskFacts, filing_words, letter, reference
from crisissim.content.streams import stream
from crisissim.journal import records as rec
from crisissim.scenario import regimes as reg
from crisissim.scenario.asking import (
    ANSWERS_REQUEST,
    ASKED_STAGES,
    COUNTED,
    LATE_REASON,
    Terms,
    numbers,
    question_id,
    terms,
)
from crisissim.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Filing:
    seq: int
    sim: float
    role: str
    stage: str
    change: str
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class Check:
    """A look the regulator means to take at ``due_s``: at a filing's gaps, or to request a report."""

    due_s: float
    regime: str
    filing: Filing
    changed: tuple[rec.Ask, ...] = ()
    late: bool = False
    request: bool = False


@dataclass
class RegulatorDesk:
    scenario: Scenario
    seed: int
    terms: dict[str, Terms] = field(init=False)
    checks: list[Check] = field(default_factory=list)
    filings: dict[str, list[Filing]] = field(default_factory=dict)
    asked: dict[str, rec.Question] = field(default_factory=dict)
    """The questions asked so far, by event id."""
    _breached: set[str] = field(default_factory=set)
    _count: dict[str, int] = field(default_factory=dict)
    _done: set[tuple[str, str, str]] = field(default_factory=set)
    """(regime, what, element) already asked: nothing is asked twice."""

    def __post_init__(self) -> None:
        self.terms = {r: terms(r, self.scenario.regulator.get(r)) for r in self.scenario.regime}

    @property
    def on(self) -> bool:
        return any(t.ask and t.max > 0 for t in self.terms.values())

    # what happens ----------------------------------------------------------------------------------

    def apply(self, seq: int, sim: float, role: str | None, record: rec.AnyRecord) -> list[Check]:
        """Take one record; the checks it planned."""
        if isinstance(record, rec.Clock) and record.status == rec.ClockChange.BREACHED:
            self._breached.add(record.clock)
        elif isinstance(record, rec.Action) and record.action == "notify_regulator" and role in self.scenario.roles:
            return self._filed(seq, sim, role, dict(record.fields))
        return []

    def _filed(self, seq: int, sim: float, role: str, fields: dict[str, str]) -> list[Check]:
        regime, stage, change = reg.filing_of({**fields})
        t = self.terms.get(regime)
        mine = self.filings.setdefault(regime, [])
        filing = Filing(seq, sim, role, stage, change, fields)
        before = list(mine)
        mine.append(filing)
        if t is None or not t.ask or change == "withdraw":
            return []
        planned: list[Check] = []
        if stage in ASKED_STAGES[regime]:
            planned.append(
                Check(
                    sim + t.asks_within,
                    regime,
                    filing,
                    changed=self._changed(regime, before, filing),
                    late=self._late(regime, filing),
                )
            )
        first_notification = not any(f.stage == "notification" and f.change == "new" for f in before)
        if regime == "nis2" and stage == "notification" and first_notification and t.intermediate is not None:
            planned.append(Check(sim + t.intermediate, regime, filing, request=True))
        self.checks.extend(planned)
        return planned

    def _changed(self, regime: str, before: list[Filing], filing: Filing) -> tuple[rec.Ask, ...]:
        """The counted elements whose numbers differ from the latest earlier filing that gave them."""
        out = []
        for name in COUNTED[regime]:
            later = filing.fields.get(name, "")
            if not later or reg.is_unknown(later) or not numbers(later):
                continue
            earlier = next(
                (
                    f
                    for f in reversed(before)
                    if f.change != "withdraw" and f.fields.get(name) and not reg.is_unknown(f.fields[name])
                ),
                None,
            )
            if earlier is None or not numbers(earlier.fields[name]):
                continue
            if numbers(earlier.fields[name]) != numbers(later):
                out.append(
                    rec.Ask(what="changed", element=name, earlier=earlier.fields[name], later=later, since=earlier.seq)
                )
        return tuple(out)

    def _late(self, regime: str, filing: Filing) -> bool:
        """Filed after its stage's clock ran out, without the reasons the regulation asks for."""
        reason = LATE_REASON.get(regime)
        if reason is None or str(filing.fields.get(reason, "")).strip():
            return False
        clocks = [d.id for d in reg.REGIMES[regime].deadlines if d.stage == filing.stage]
        return any(c in self._breached for c in clocks)

    # the engine asks ------------------------------------------------------------------------------

    def next_due(self) -> float | None:
        return min((c.due_s for c in self.checks), default=None)

    def take_due(self, now: float) -> list[rec.Question]:
        """The questions due by ``now`` that still have something to ask, in order."""
        due = sorted((c for c in self.checks if c.due_s <= now), key=lambda c: (c.due_s, c.filing.seq, c.request))
        self.checks = [c for c in self.checks if c.due_s > now]
        out = []
        for check in due:
            question = self._question(check)
            if question is not None:
                out.append(question)
        return out

    def _question(self, check: Check) -> rec.Question | None:
        regime = check.regime
        t = self.terms[regime]
        if self._count.get(regime, 0) >= t.max:
            return None
        later = [f for f in self.filings[regime] if f.seq > check.filing.seq]
        if any(f.change == "withdraw" for f in later):
            return None  # withdrawn: nothing more to ask
        asks: list[rec.Ask] = []
        if check.request:
            if not any(f.stage in ANSWERS_REQUEST and f.change != "withdraw" for f in later):
                asks.append(rec.Ask(what="intermediate", element="intermediate"))
        else:
            asks += self._gaps(regime, check.filing)
            asks += [a for a in check.changed if not any(f.fields.get(a.element) for f in later)]
            reason = LATE_REASON.get(regime, "")
            if check.late and not any(str(f.fields.get(reason, "")).strip() for f in later):
                asks.append(rec.Ask(what="delay", element=reason))
        asks = [a for a in asks if (regime, a.what, a.element) not in self._done]
        if not asks:
            return None
        for a in asks:
            self._done.add((regime, a.what, a.element))
        self._count[regime] = self._count.get(regime, 0) + 1
        return rec.Question(regime=regime, filing=check.filing.seq, stage=check.filing.stage, asks=tuple(asks))

    def _gaps(self, regime: str, filing: Filing) -> list[rec.Ask]:
        """The filed stage's elements that no filing of the regime has given by now (an "unknown"
        a follow-up completed is given)."""
        regime_ = reg.REGIMES[regime]
        stage = regime_.stage(filing.stage)
        known: dict[str, str] = {}
        for f in self.filings[regime]:
            if f.change == "withdraw":
                continue
            for name, value in f.fields.items():
                if name in reg.ELEMENT_NAMES and value and not (reg.is_unknown(value) and name in known):
                    known[name] = value
        # a follow-up asks what its head stage asks (a GDPR follow-up completes the notification)
        head = regime_.stage(stage.follows) if stage.follows else stage
        out = []
        for name in head.elements:
            given = known.get(name)
            if given is None:
                out.append(rec.Ask(what="missing", element=name))
            elif reg.is_unknown(given):
                out.append(rec.Ask(what="unknown", element=name))
        return out

    def letter(self, question: rec.Question, now: float, number: int) -> rec.Fired:
        """The question as the engine journals it: a message on the regulator channel."""
        lang = self.scenario.language
        t = self.terms[question.regime]
        start = self.scenario.start or DEFAULT_START
        at = {f.seq: f for fs in self.filings.values() for f in fs}
        filing = at[question.filing]
        rng = stream(self.seed, f"regulator:{number}")

        def when(f: Filing) -> dt.datetime:
            return start + dt.timedelta(seconds=f.sim)

        facts = [
            AskFacts(
                a.what,
                a.element,
                a.earlier,
                a.later,
                filing_words(question.regime, at[a.since].stage, when(at[a.since]), lang) if a.since in at else "",
            )
            for a in question.asks
        ]
        sender = t.sender or SENDERS["nl" if lang == "nl" else "en"][question.regime]
        written = letter(
            question.regime,
            lang,
            rng,
            org=self.scenario.organisation,
            sender=sender,
            ref=reference(question.regime, when(filing).year, rng),
            stage=filing.stage,
            filed_at=when(filing),
            asks=facts,
            answer_within_s=t.answer_within,
        )
        to = [r for r in (t.to or (filing.role,)) if r in self.scenario.roles] or [filing.role]
        event_id = question_id(number)
        self.asked[event_id] = question
        return rec.Fired(
            event=event_id,
            kind="inject",
            channel="regulator",
            title=written.title,
            body=written.body,
            sender=sender,
            to=to,
            options={},
            deadline_s=t.answer_within,
            due_s=None,
            forced=False,
            trigger=f"regulator:{question.regime}",
            question=question,
        )

    def knows(self, event_id: str) -> bool:
        """Whether the desk asked this question (a team may reply to it)."""
        return event_id in self.asked
