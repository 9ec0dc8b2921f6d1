"""The regulators' questions and the team's answers, judged as the regulator would read them.

Each question is a ``fired`` record with a :class:`~crisissim.journal.records.Question`
(crisissim/engine/regulator.py): what it asks, about which filing, and the term of the answer
(its deadline). What it asks is supplied by what the regulator can act on: a missing or unknown
element by a later filing that gives it (a reply that describes it leaves the notification as
incomplete as it was); changed numbers and the reasons for a late filing by a reply or by a
later filing that gives them; a requested intermediate report by the report itself. A question
is answered when everything it asks was supplied within its term, overdue when after it,
partly answered when a reply or a filing came but something is still missing, unanswered when
nothing came in its term, and open while its term runs at the end of the exercise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from crisissim.i18n import N_
from crisissim.journal import records as rec
from crisissim.scenario import regimes as reg
from crisissim.scenario.asking import ANSWERS_REQUEST, LATE_REASON

if TYPE_CHECKING:
    from crisissim.debrief.fold import ActionRow, Debrief

QuestionStatus = Literal["answered", "overdue", "partly", "unanswered", "open"]
#: What a question asked, in the report's words when it is not an element (message ids).
ASK_WORDS: dict[str, str] = {
    "delay": N_("reasons for the delay (GDPR Art. 33(1))"),
    "intermediate": N_("an intermediate report (NIS2 Art. 23(4)(c))"),
}

#: The report's words for the questions (message ids), read as a regulator reads the answers.
QUESTION_WORDS: dict[str, str] = {
    "heading": N_("What the regulator asked"),
    "intro": N_(
        "A regulator writes back about a filing that leaves gaps or contradicts itself, not about a complete "
        "one made in time. What it asks is supplied by a filing that gives it; changed numbers and the reasons "
        "for a delay may be answered by a reply too."
    ),
    "none": N_("The regulator asked nothing back about what was filed."),
    "asked": N_("Asked"),
    "about": N_("About"),
    "asks": N_("Asks for"),
    "term": N_("Answer due"),
    "answered": N_("answered in time, at {time}"),
    "overdue": N_("answered after the term, at {time}"),
    "partly": N_("answered in part"),
    "unanswered": N_("not answered"),
    "open": N_("term still running at the end"),
    "still_missing": N_("still missing: {missing}"),
    "filing_at": N_("{filing} of {time}"),
    "by_filing": N_("supplied by a filing at {time}"),
    "by_reply": N_("answered by a reply at {time}"),
    "unknown": N_("{element} (given as unknown)"),
    "changed": N_("{element}: “{earlier}”, then “{later}”"),
    "reply_at": N_("reply at {time}: “{text}”"),
}


@dataclass
class AskRow:
    what: str
    element: str
    words: str
    """A message id: the element's words, or what else was asked."""
    earlier: str = ""
    later: str = ""
    supplied_s: float | None = None
    supplied_by: Literal["filing", "reply"] | None = None


@dataclass
class QuestionRow:
    event: str
    regime: str
    title: str
    sender: str
    to: list[str]
    asked_s: float
    due_s: float | None
    filing_seq: int
    filing_at_s: float | None
    filing_stage: str
    filing_words: str
    asks: list[AskRow] = field(default_factory=list)
    replied_s: float | None = None
    reply: str = ""
    replied_by: str = ""
    status: QuestionStatus = "open"

    @property
    def answered_s(self) -> float | None:
        """When the last of what it asked was supplied, once all was."""
        times = [a.supplied_s for a in self.asks]
        return None if any(t is None for t in times) else max(t for t in times if t is not None)

    @property
    def missing(self) -> list[AskRow]:
        """What it asked that nothing supplied."""
        return [a for a in self.asks if a.supplied_s is None]


def _words(regime: reg.Regime, what: str, element: str) -> str:
    if what in ASK_WORDS:
        return ASK_WORDS[what]
    try:
        return regime.element(element).words
    except StopIteration:
        return element


def _supplies(ask: AskRow, regime: str, action: ActionRow) -> bool:
    """Whether a later filing of the regime gives what ``ask`` asks for."""
    fields = action.fields
    if ask.what == "intermediate":
        return reg.filing_of(fields)[1] in ANSWERS_REQUEST
    if ask.what == "delay":
        return bool(str(fields.get(LATE_REASON.get(regime, ""), "")).strip())
    value = str(fields.get(ask.element, "")).strip()
    return bool(value) and not reg.is_unknown(value)


def questions(debrief: Debrief, regime_id: str) -> list[QuestionRow]:
    """Every question of the regime's regulator, in the order asked, with its answer judged."""
    regime = reg.REGIMES[regime_id]
    filings = [
        a
        for a in debrief.of_kind("notify_regulator")
        if reg.filing_of(a.fields)[0] == regime_id and reg.filing_of(a.fields)[2] != "withdraw"
    ]
    by_seq = {a.seq: a for a in debrief.of_kind("notify_regulator")}
    replies = debrief.of_kind("reply")
    rows = []
    for seq, sim, fired in debrief.asked:
        q = fired.question
        if q is None or q.regime != regime_id:
            continue
        filed = by_seq.get(q.filing)
        stage = regime.stage(q.stage) if q.stage in regime.stage_names else regime.stages[0]
        row = QuestionRow(
            fired.event,
            regime_id,
            fired.title,
            fired.sender,
            list(fired.to),
            sim,
            None if fired.deadline_s is None else sim + fired.deadline_s,
            q.filing,
            filed.at_s if filed else None,
            stage.name,
            stage.words,
            [AskRow(a.what, a.element, _words(regime, a.what, a.element), a.earlier, a.later) for a in q.asks],
        )
        reply = next((r for r in replies if r.seq > seq and r.fields.get("event") == fired.event), None)
        if reply is not None:
            row.replied_s, row.reply, row.replied_by = reply.at_s, str(reply.fields.get("text", "")), reply.role
        for ask in row.asks:
            by_filing = next((a for a in filings if a.seq > seq and _supplies(ask, regime_id, a)), None)
            if by_filing is not None:
                ask.supplied_s, ask.supplied_by = by_filing.at_s, "filing"
            if (
                reply is not None
                and ask.what in ("changed", "delay")
                and (ask.supplied_s is None or reply.at_s < ask.supplied_s)
            ):
                ask.supplied_s, ask.supplied_by = reply.at_s, "reply"
        row.status = _status(row, debrief.sim_seconds)
        rows.append(row)
    return rows


def _status(row: QuestionRow, end_s: float) -> QuestionStatus:
    due = row.due_s if row.due_s is not None else float("inf")
    answered = row.answered_s
    if answered is not None:
        return "answered" if answered <= due else "overdue"
    if end_s < due:
        return "open"
    came = row.replied_s is not None or any(a.supplied_s is not None for a in row.asks)
    return "partly" if came else "unanswered"


def asked(seq: int, sim: float, data: rec.Fired) -> tuple[int, float, rec.Fired] | None:
    """What the fold keeps of a fired record: a regulator's question, with its seq and time."""
    return (seq, sim, data) if data.question is not None else None
