"""Each regime rated as its regulator would read it: every deadline met or missed, with the margin,
and every filing's completeness element by element, complete after which follow-up.

Read from the fold (:class:`crisissim.debrief.fold.Debrief`): the regime's clocks, as the
journal recorded them, and the team's ``notify_regulator`` actions, every one of which the
journal keeps as it was filed. What each regime asks is the table of
crisissim/scenario/regimes.py; nothing here knows a regulation of its own. Words are message
ids: the report translates them (crisissim/debrief/report.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from crisissim.debrief.questions import QuestionRow, questions
from crisissim.scenario import regimes as reg

if TYPE_CHECKING:
    from crisissim.debrief.fold import ActionRow, Debrief

#: "idle": its clock never started (what it counts from never happened)
DeadlineStatus = Literal["met", "missed", "open", "idle"]
ElementStatus = Literal["given", "unknown", "missing"]


@dataclass
class ElementRow:
    name: str
    words: str
    article: str
    status: ElementStatus
    text: str | None = None


@dataclass
class FilingRow:
    """One filing as filed, and what its stage knew once it was in (with what came before)."""

    seq: int
    role: str
    at_s: float
    stage: str
    stage_words: str
    change: str
    elements: list[ElementRow]
    reason: str = ""

    @property
    def complete(self) -> bool:
        return all(e.status == "given" for e in self.elements)

    @property
    def unknown(self) -> list[ElementRow]:
        return [e for e in self.elements if e.status == "unknown"]

    @property
    def missing(self) -> list[ElementRow]:
        return [e for e in self.elements if e.status == "missing"]


@dataclass
class DeadlineRow:
    id: str
    stage: str
    stage_words: str
    article: str
    label: str
    limit_s: int
    status: DeadlineStatus
    from_s: float | None = None
    due_s: float | None = None
    filed_s: float | None = None

    @property
    def margin_s(self) -> float | None:
        """Time to spare (positive) or overrun (negative) at the filing; none while unfiled."""
        if self.due_s is None or self.filed_s is None:
            return None
        return self.due_s - self.filed_s


@dataclass
class StageRow:
    """A stage of the chain and its follow-ups, judged together."""

    stage: str
    words: str
    article: str
    filed_s: float | None
    complete_s: float | None
    withdrawn_s: float | None
    elements: list[ElementRow]
    followup_owed: bool
    #: a deadline of the chain asks for it (a NIS2 intermediate report is owed only when asked)
    owed: bool = True


@dataclass
class RegimeRow:
    id: str
    name: str
    law: str
    authority: str
    deadlines: list[DeadlineRow] = field(default_factory=list)
    filings: list[FilingRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    #: what its regulator asked back, and how the team answered (crisissim/debrief/questions.py)
    questions: list[QuestionRow] = field(default_factory=list)


def _element_rows(regime: reg.Regime, stage: reg.Stage, known: dict[str, str]) -> list[ElementRow]:
    rows = []
    for name in stage.elements:
        element = regime.element(name)
        value = known.get(name)
        status: ElementStatus = "missing" if value is None else "unknown" if reg.is_unknown(value) else "given"
        rows.append(ElementRow(name, element.words, element.article, status, value))
    return rows


def _merge(known: dict[str, str], fields: dict[str, object]) -> None:
    """What a later filing says replaces what an earlier one did, except "unknown" over an answer."""
    for name, value in fields.items():
        text = str(value).strip()
        if name in reg.ELEMENT_NAMES and text and not (reg.is_unknown(text) and name in known):
            known[name] = text


def rate(debrief: Debrief) -> list[RegimeRow]:
    """One row per regime the scenario names, in its order."""
    filed = debrief.of_kind("notify_regulator")
    return [_rate(debrief, reg.REGIMES[r], filed) for r in debrief.scenario.regime]


def _rate(debrief: Debrief, regime: reg.Regime, actions: list[ActionRow]) -> RegimeRow:
    row = RegimeRow(regime.id, regime.name, regime.law, regime.authority)
    mine = [(a, *reg.filing_of(a.fields)) for a in actions if reg.filing_of(a.fields)[0] == regime.id]
    # a stage is judged with the stages that follow it up (a GDPR follow-up completes the notification)
    heads = {s.name: s.follows or s.name for s in regime.stages}
    known: dict[str, dict[str, str]] = {}
    for action, _regime, stage_id, change in mine:
        stage = regime.stage(stage_id)
        head = heads[stage_id]
        if change == "withdraw":
            elements = _element_rows(regime, stage, known.get(head, {}))
        else:
            _merge(known.setdefault(head, {}), action.fields)
            elements = _element_rows(regime, stage, known[head])
        row.filings.append(
            FilingRow(
                action.seq,
                action.role,
                action.at_s,
                stage_id,
                stage.words,
                change,
                elements,
                str(action.fields.get("reason", "")),
            )
        )
    for stage in regime.stages:
        if stage.follows is not None:
            continue
        chain = [f for f in row.filings if heads[f.stage] == stage.name]
        live = [f for f in chain if f.change != "withdraw"]
        withdrawn = chain[-1].at_s if chain and chain[-1].change == "withdraw" else None
        complete = next((f.at_s for f in live if f.complete), None)
        elements = _element_rows(regime, stage, known.get(stage.name, {}))
        row.stages.append(
            StageRow(
                stage.name,
                stage.words,
                stage.article,
                live[0].at_s if live else None,
                complete,
                withdrawn,
                elements,
                followup_owed=bool(live) and complete is None and withdrawn is None,
                owed=any(d.stage == stage.name for d in regime.deadlines),
            )
        )
    for d in regime.deadlines:
        row.deadlines.append(_deadline(debrief, regime, d, row.filings))
    row.questions = questions(debrief, regime.id)
    return row


def _deadline(debrief: Debrief, regime: reg.Regime, d: reg.Deadline, filings: list[FilingRow]) -> DeadlineRow:
    stage = regime.stage(d.stage)
    clock = debrief.clocks.get(d.id)
    base = DeadlineRow(d.id, d.stage, stage.words, d.article, d.label, d.limit_s, "idle")
    if clock is None or clock.started_s is None:
        return base
    answering = [f for f in filings if f.change != "withdraw" and f.stage in (d.stage, *d.also)]
    filed_s = answering[0].at_s if answering else None
    from_s = clock.started_s
    if d.latest and not isinstance(d.anchor, str):
        # counted from the latest filing of the anchor's stage before the one that answers it
        anchor_stage = d.anchor[1]
        before = [
            f.at_s
            for f in filings
            if f.stage == anchor_stage and f.change != "withdraw" and (filed_s is None or f.at_s <= filed_s)
        ]
        from_s = max([from_s, *before])
    due_s = from_s + d.limit_s
    base.from_s, base.due_s = from_s, due_s
    if filed_s is not None:
        base.filed_s = max(filed_s, from_s)  # filed before the clock started: met the moment it did
        base.status = "met" if base.filed_s <= due_s else "missed"
    else:
        base.status = "missed" if debrief.sim_seconds >= due_s else "open"
    return base
