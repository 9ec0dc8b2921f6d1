"""Art. 34 GDPR as a supervisory authority would read it: each communication to the people
affected element by element (Art. 34(2)), each decision not to communicate on the ground it
names and its reasoning (Art. 34(3)), and each requirement of the authority (Art. 34(4)) with
the team's answer.

An exception is judged on its reasoning, not as a communication that never came: did it name a
ground, does what the scenario says of the breach (``breach:``) contradict the ground (data not
encrypted make (a) wrong), and does (c) have the public communication it requires. Expectations
that ask for a communication are then rated on the answer that met them (:func:`assess`): a
timely, complete communication is P; what it lacked, or what the reasoning lacked, lowers that.

Read from the fold (:class:`crisissim.debrief.fold.Debrief`); what Art. 34 asks is the table of
crisissim/scenario/art34.py. Words are message ids: the report translates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from crisissim.debrief.regimes import ElementRow, ElementStatus
from crisissim.i18n import N_
from crisissim.journal.records import EventStatus, ExpectationStatus
from crisissim.scenario import art34, regimes

if TYPE_CHECKING:
    from crisissim.debrief.fold import ActionRow, Debrief, ExpectationRow

#: sound: nothing against it; doubtful: the scenario or the reasoning leaves it open; wrong: the
#: scenario contradicts the ground; incomplete: (c) without the public communication it requires
Verdict = Literal["sound", "doubtful", "wrong", "incomplete"]
#: How each verdict rates the expectation it answers, on the HSEEP scale.
VERDICT_RATING: dict[str, str] = {"sound": "P", "doubtful": "S", "incomplete": "M", "wrong": "M"}
#: What each verdict says, as the report heads it.
VERDICT_WORDS: dict[str, str] = {
    "sound": N_("the ground holds as reasoned"),
    "doubtful": N_("the ground is doubtful"),
    "wrong": N_("the ground does not hold"),
    "incomplete": N_("incomplete"),
}
#: Why, one finding at a time.
CONTRADICTED: dict[str, str] = {
    "unintelligible": N_(
        "The scenario says the data were not encrypted or otherwise made unintelligible: ground (a) does not "
        "apply, and the people affected were owed a communication."
    ),
    "mitigated": N_(
        "The scenario says the data left the organisation: once others hold them, later measures rarely make "
        "the high risk unlikely, and the reasoning must show which measure does."
    ),
}
NO_PUBLIC = N_(
    "Ground (c) requires a public communication or a similar measure that informs the people affected as "
    "effectively; none was made."
)
PUBLIC_MADE = N_("A public communication informed them instead, at {time}.")
THIN = N_("The reasoning is too short to show why the ground applies to this breach.")
UNCONTRADICTED = N_("Nothing the scenario says of the breach contradicts the ground.")
NOT_SAID = N_("The scenario does not say whether this holds; the ground is judged on the reasoning alone.")


@dataclass
class CommunicationRow:
    """One communication as sent, element by element."""

    seq: int
    role: str
    at_s: float
    audience: str
    channel: str
    public: bool
    text: str
    elements: list[ElementRow]

    @property
    def complete(self) -> bool:
        return all(e.status == "given" for e in self.elements)

    @property
    def missing(self) -> list[ElementRow]:
        return [e for e in self.elements if e.status != "given"]

    @property
    def rating(self) -> str:
        """P when complete; S with one element short; M with more."""
        return "P" if self.complete else "S" if len(self.missing) == 1 else "M"


@dataclass
class ExceptionRow:
    """One decision not to communicate, on its ground, judged on its reasoning."""

    seq: int
    role: str
    at_s: float
    ground: str
    point: str
    words: str
    article: str
    reasoning: str
    verdict: Verdict
    findings: list[str] = field(default_factory=list)
    """Why, message ids in the order the report says them (:data:`PUBLIC_MADE` takes ``{time}``)."""
    public_s: float | None = None
    """When the public communication that ground (c) requires was made."""

    @property
    def rating(self) -> str:
        return VERDICT_RATING[self.verdict]


@dataclass
class OrderRow:
    """The authority required the communication (Art. 34(4)): an inject on the regulator channel
    that expects one; ``answer`` is the action that met it."""

    event: str
    title: str
    fired_s: float | None
    status: ExpectationStatus
    answer: ActionRow | None = None


@dataclass
class Art34Row:
    communications: list[CommunicationRow] = field(default_factory=list)
    exceptions: list[ExceptionRow] = field(default_factory=list)
    orders: list[OrderRow] = field(default_factory=list)

    @property
    def said(self) -> bool:
        """Whether the team said anything under Art. 34: a communication or an exception."""
        return bool(self.communications or self.exceptions)


def _given(value: object) -> ElementStatus:
    text = str(value or "").strip()
    return "missing" if not text else "unknown" if regimes.is_unknown(text) else "given"


def communication(action: ActionRow) -> CommunicationRow:
    """A ``notify_subjects`` action, element by element: ``nature`` may be the letter's text."""
    fields = action.fields
    rows = []
    for element in art34.ELEMENTS:
        value = fields.get(element.name)
        if element.name == "nature" and _given(value) != "given" and _given(fields.get("text")) == "given":
            value = fields.get("text")
        rows.append(
            ElementRow(element.name, element.words, element.article, _given(value), str(value) if value else None)
        )
    return CommunicationRow(
        action.seq,
        action.role,
        action.at_s,
        str(fields.get("audience", "")),
        str(fields.get("channel", "")),
        str(fields.get("public", "no")).lower() == "yes",
        str(fields.get("text", "")),
        rows,
    )


def exception(d: Debrief, action: ActionRow, public: list[CommunicationRow]) -> ExceptionRow:
    """A ``subjects_exception`` judged on its reasoning, against what the scenario says."""
    ground = art34.GROUNDS[str(action.fields["ground"])]
    reasoning = str(action.fields.get("reasoning", "")).strip()
    verdict: Verdict = "sound"
    findings: list[str] = []
    if ground.contradicted_by is not None:
        fact, against = ground.contradicted_by
        said = getattr(d.scenario.breach, fact)
        if said is None:
            findings.append(NOT_SAID)
        elif said == against:
            verdict = "wrong" if ground.name == "unintelligible" else "doubtful"
            findings.append(CONTRADICTED[ground.name])
        else:
            findings.append(UNCONTRADICTED)
    public_s = public[0].at_s if public else None
    if ground.needs_public:
        if public_s is None:
            verdict = "incomplete"
            findings.append(NO_PUBLIC)
        else:
            findings.append(PUBLIC_MADE)
    if len(reasoning.split()) < art34.THIN_REASONING_WORDS:
        findings.append(THIN)
        if verdict == "sound":
            verdict = "doubtful"
    return ExceptionRow(
        action.seq,
        action.role,
        action.at_s,
        ground.name,
        ground.point,
        ground.words,
        ground.article,
        reasoning,
        verdict,
        findings,
        public_s if ground.needs_public else None,
    )


def judge(d: Debrief) -> Art34Row:
    row = Art34Row(communications=[communication(a) for a in d.of_kind("notify_subjects")])
    public = [c for c in row.communications if c.public]
    row.exceptions = [exception(d, a, public) for a in d.of_kind("subjects_exception")]
    for x in d.expectations.values():
        event = d.events.get(x.event)
        if event is None or event.channel != "regulator" or x.action != "notify_subjects":
            continue
        fired = event.fired_s if event.status == EventStatus.FIRED else None
        row.orders.append(OrderRow(x.event, event.title, fired, x.status, _answer(d, x)))
    return row


def _answer(d: Debrief, x: ExpectationRow) -> ActionRow | None:
    """The action that met (or met late) an expectation: its role's, of a kind that answers it,
    at the moment the expectation says (before the event, for an ``early`` one)."""
    event = d.events.get(x.event)
    if x.status not in (ExpectationStatus.MET, ExpectationStatus.LATE) or event is None or event.fired_s is None:
        return None
    at = event.fired_s + (x.latency_s or 0.0) - (x.early_s or 0.0)
    kinds = ("notify_subjects", "subjects_exception") if x.action == "notify_subjects" else (x.action,)
    return next((a for a in d.of_kind(*kinds) if a.role == x.role and abs(a.at_s - at) < 1e-6), None)


def assess(d: Debrief) -> None:
    """Rate each expectation of a communication to the people affected on the answer that met
    it: a communication on its elements, an exception on its reasoning."""
    judged: Art34Row | None = None
    for x in d.expectations.values():
        if x.action != "notify_subjects":
            continue
        answer = _answer(d, x)
        if answer is None:
            continue
        judged = judged or judge(d)
        rows: list[CommunicationRow] | list[ExceptionRow] = (
            judged.communications if answer.kind == "notify_subjects" else judged.exceptions
        )
        x.assessed = next((r.rating for r in rows if r.seq == answer.seq), None)
