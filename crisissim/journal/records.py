"""The journal's vocabulary: one frozen type per record kind, the statuses, and why things happened.

Everything the engine, a seat or the console appends is one of these types, and everything read
back is decoded into one of them: no other module spells a record's kind, a payload key or a
status as a string. The payload of each type on disk (JSON in the ``payload`` column) is exactly
the journal format of schema 1, so journals written before these types existed read as they are
(see docs/journal.md, "Reading older journals").

msgspec ``Struct``s because they are typed, frozen and cheap: a post is encoded several times
faster than ``json.dumps`` of a dict, and the storm is the journal's hot path.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

import msgspec


class Kind(enum.StrEnum):
    """Every record kind there is; the ``kind`` column of the journal."""

    START = "start"
    DUE = "due"
    FIRED = "fired"
    SKIPPED = "skipped"
    CLOCK = "clock"
    EXPECTATION = "expectation"
    STORM = "storm"
    REACTION = "reaction"
    RECEPTION = "reception"
    POST = "post"
    ACTION = "action"
    CONTROL = "control"
    END = "end"
    HOTWASH = "hotwash"
    SEAT_CODE = "seat-code"
    REQUEST = "request"
    REFUSED = "refused"
    JOIN = "join"
    CONTROL_REQUEST = "control-request"


class EventStatus(enum.StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    SKIPPED = "skipped"


class ExpectationStatus(enum.StrEnum):
    """``pending`` until its event fires; ``open`` during the window; then met, missed or late."""

    PENDING = "pending"
    OPEN = "open"
    MET = "met"
    LATE = "late"
    MISSED = "missed"


class ClockStatus(enum.StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    MET = "met"
    BREACHED = "breached"


class ClockChange(enum.StrEnum):
    """What a ``clock`` record says happened to a clock."""

    STARTED = "started"
    STOPPED = "stopped"
    BREACHED = "breached"


class StormChange(enum.StrEnum):
    STARTED = "started"
    ENDED = "ended"


class EndReason(enum.StrEnum):
    DURATION = "duration"
    FACILITATOR = "facilitator"


class Pace(enum.StrEnum):
    """Controls that change the pace of play: they move no engine state, but seats follow them."""

    PAUSE = "pause"
    RESUME = "resume"
    SPEED = "speed"
    ADVANCE = "advance"


class Command(enum.StrEnum):
    """Facilitator commands that change the exercise (journaled as ``control`` records)."""

    FLAG = "flag"
    UNFLAG = "unflag"
    FIRE = "fire"
    SKIP = "skip"
    INJECT = "inject"
    RATE = "rate"
    NOTE = "note"
    END = "end"
    UNDO = "undo"
    """Takes back the last command while nothing has followed from it (docs/journal.md, "Undo")."""


# -- why an event was skipped: reason codes with their parameters ------------------------------------
#
# Conditions are kept in the scenario format's own mapping form ({"chose": "soc-call.isolate"}), so a
# report in any language can read them again; see crisissim.scenario.conditions.to_mapping.

ConditionMap: TypeAlias = dict[str, Any]


class _Cause(msgspec.Struct, frozen=True, kw_only=True, tag_field="code"):
    """One settled fact that makes a condition impossible."""


class EventWasSkipped(_Cause, tag="event-skipped", frozen=True):
    """The event it waits for was skipped."""

    event: str


class EventHasFired(_Cause, tag="event-fired", frozen=True):
    """The event it waits to see skipped has fired."""

    event: str


class ExpectationWasMissed(_Cause, tag="expectation-missed", frozen=True):
    """The expectation it waits to see met was missed (or met late)."""

    expectation: str


class ExpectationWasMet(_Cause, tag="expectation-met", frozen=True):
    """The expectation it waits to see missed was met."""

    expectation: str


class BranchNotTaken(_Cause, tag="branch-not-taken", frozen=True):
    """The event's decision went another way: ``option`` was waited for, ``chosen`` was taken."""

    event: str
    option: str
    chosen: str


class AlreadyHolds(_Cause, tag="already-holds", frozen=True):
    """It waits for the opposite of a settled fact that already holds."""

    condition: ConditionMap


Cause: TypeAlias = (
    EventWasSkipped | EventHasFired | ExpectationWasMissed | ExpectationWasMet | BranchNotTaken | AlreadyHolds
)


class _Reason(msgspec.Struct, frozen=True, kw_only=True, tag_field="code"):
    """Why an event was skipped."""


class GuardFalse(_Reason, tag="guard-false", frozen=True):
    """Its ``when`` did not hold when it was due."""

    when: ConditionMap


class Unreachable(_Reason, tag="unreachable", frozen=True):
    """What it waited for (``after``) can never hold any more, because of ``causes``."""

    after: ConditionMap
    causes: tuple[Cause, ...]


class ByFacilitator(_Reason, tag="by-facilitator", frozen=True):
    """The facilitator skipped it, with their own words if they gave any."""

    text: str | None = None


Reason: TypeAlias = GuardFalse | Unreachable | ByFacilitator


# -- why an action or a command was refused: refusal codes with their parameters ---------------------
#
# The engine refuses with a code and the ids it concerns, never a sentence, so that every screen (the
# console's toasts, a seat, the CLI's playbook report) says it in its own language, with the names the
# people in the room know (the event's title, the role's name, the option's label): see
# crisissim.journal.explain.refusal_text.


class _Refusal(msgspec.Struct, frozen=True, kw_only=True, tag_field="code"):
    """Why an action or a command was not taken."""


class NotStarted(_Refusal, tag="not-started", frozen=True):
    """The exercise has not started yet."""


class HasEnded(_Refusal, tag="ended", frozen=True):
    """The exercise has ended (EndEx)."""


class NotEnded(_Refusal, tag="not-ended", frozen=True):
    """The hot wash comes at EndEx: a role's answers before it are not taken."""


class NotJoined(_Refusal, tag="not-joined", frozen=True):
    """A seat sent a request before it joined with its role's code."""


class UnknownRole(_Refusal, tag="unknown-role", frozen=True):
    """The scenario has no role ``role``."""

    role: str


class UnknownEvent(_Refusal, tag="unknown-event", frozen=True):
    """The scenario has no event ``event``."""

    event: str


class NotYetSent(_Refusal, tag="not-yet-sent", frozen=True):
    """The event has not reached anyone yet, so nobody can answer it."""

    event: str


class NotSentTo(_Refusal, tag="not-sent-to", frozen=True):
    """The event was not sent to ``role``, so that role cannot answer it."""

    event: str
    role: str


class NoDecision(_Refusal, tag="no-decision", frozen=True):
    """The event asks for no decision."""

    event: str


class NoSuchOption(_Refusal, tag="no-such-option", frozen=True):
    """The event's decision offers no option ``option``."""

    event: str
    option: str


class AlreadyDecided(_Refusal, tag="already-decided", frozen=True):
    """The event's decision was already taken, by ``role``, for ``option``."""

    event: str
    role: str
    option: str


class NoSuchPost(_Refusal, tag="no-such-post", frozen=True):
    """There is no post ``post`` (``STORM#N``) to reply to."""

    post: str


class AlreadySettled(_Refusal, tag="already-settled", frozen=True):
    """The event cannot be fired or skipped: it has already ``status`` (fired or skipped)."""

    event: str
    status: EventStatus


class UnknownExpectation(_Refusal, tag="unknown-expectation", frozen=True):
    """The scenario has no expectation ``expectation``."""

    expectation: str


class BadRating(_Refusal, tag="bad-rating", frozen=True):
    """A rating is P, S, M or U (the HSEEP scale)."""

    rating: str


class BadFields(_Refusal, tag="bad-fields", frozen=True):
    """The action's or command's ``fields`` are missing or not right; ``detail`` says how, in English,
    for a playbook's author (forms and seats check their fields before they send)."""

    kind: str
    fields: tuple[str, ...]
    detail: str

    @classmethod
    def of(cls, kind: str, problems: list[tuple[str, str]]) -> BadFields:
        """From :func:`crisissim.scenario.actions.field_problems`' (field, what is wrong) pairs."""
        return cls(
            kind=kind,
            fields=tuple(dict.fromkeys(name for name, _ in problems)),
            detail="; ".join(w for _, w in problems),
        )


class Withdrawn(_Refusal, tag="withdrawn", frozen=True):
    """The ad-hoc inject was taken back by an undo: nobody answers it any more."""

    event: str


# An undo's refusals: the facilitator's last ``command`` (and its ``target``: the event, flag,
# expectation or inject title it was about) cannot be taken back.


class NothingToUndo(_Refusal, tag="nothing-to-undo", frozen=True):
    """There is no facilitator command to undo (an undo is not undone)."""


class UndoFollowed(_Refusal, tag="undo-followed", frozen=True):
    """A ``kind`` record came after the command (about ``event``, from ``role``, if it names them)."""

    command: str
    kind: str
    target: str = ""
    event: str = ""
    role: str = ""


class UndoLasting(_Refusal, tag="undo-lasting", frozen=True):
    """The command set off a ``kind`` record that cannot be taken back (the crowd or the press
    took up a message, a storm started, a clock stopped)."""

    command: str
    kind: str
    target: str = ""
    event: str = ""


class NotLastCommand(_Refusal, tag="not-last-command", frozen=True):
    """Record ``seq`` is not the last facilitator command (that is record ``last``)."""

    seq: int
    last: int


class PaceHolds(_Refusal, tag="pace-holds", frozen=True):
    """The clock already is as a change of ``pace`` would make it: paused for a pause, running
    for a resume, with no inject left to come for an advance."""

    pace: Pace


UndoRefusal: TypeAlias = NothingToUndo | UndoFollowed | UndoLasting | NotLastCommand

Refusal: TypeAlias = (
    NotStarted
    | HasEnded
    | NotEnded
    | NotJoined
    | UnknownRole
    | UnknownEvent
    | NotYetSent
    | NotSentTo
    | NoDecision
    | NoSuchOption
    | AlreadyDecided
    | NoSuchPost
    | AlreadySettled
    | UnknownExpectation
    | BadRating
    | BadFields
    | Withdrawn
    | NothingToUndo
    | UndoFollowed
    | UndoLasting
    | NotLastCommand
    | PaceHolds
)


# -- the records ----------------------------------------------------------------------------------------


class _Record(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    KIND: ClassVar[Kind]
    ROLE: ClassVar[str] = ""
    """What the record's ``role`` column holds, if anything."""


class Start(_Record, frozen=True):
    """StartEx: the scenario, seed and pace the exercise was started with."""

    KIND = Kind.START
    scenario: str
    title: str
    seed: int
    language: str
    start: str
    duration_s: int
    speed: float


class Due(_Record, frozen=True):
    """An event became due at ``due_s`` (by its time, or when what it waits for held): the MSEL's
    "next" line. Facilitator-only, like the MSEL."""

    KIND = Kind.DUE
    event: str
    due_s: float


class Enquiry(msgspec.Struct, frozen=True, kw_only=True):
    """The generated reporter behind a media enquiry."""

    reporter: str
    title: str
    outlet: str
    medium: str
    email: str
    phone: str


class Ask(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One thing a regulator's question asks for (crisissim/engine/regulator.py): an element a
    filing left ``missing`` or ``unknown``, numbers that ``changed`` between two filings (with the
    ``earlier`` and ``later`` values), the reasons for the ``delay`` of a late filing, or a report the
    regulator may request (``intermediate``: NIS2 Art. 23(4)(c))."""

    what: str
    element: str = ""
    """The element's name (crisissim/scenario/regimes.py), or the stage a requested report is."""
    earlier: str = ""
    later: str = ""
    since: int = 0
    """``changed``: the seq of the earlier filing the numbers differ from."""


class Question(msgspec.Struct, frozen=True, kw_only=True):
    """What a regulator asks back, and about which filing: the record the debrief judges the
    answer against (a reply to the question, or a later filing that supplies what it asks)."""

    regime: str
    filing: int
    """The seq of the filing it is about (for a requested report: the filing it follows)."""
    stage: str
    asks: tuple[Ask, ...]


class Fired(_Record, frozen=True):
    """An event reached its recipients (or the world: articles and storms)."""

    KIND = Kind.FIRED
    event: str
    kind: str
    channel: str
    title: str
    body: str
    sender: str = msgspec.field(name="from")
    to: list[str]
    options: dict[str, str]
    deadline_s: int | None
    due_s: float | None
    forced: bool
    enquiry: Enquiry | None = None
    adhoc: bool = False
    trigger: str | None = None
    """Why the press desk generated it (``viral-post``, ``rumour``, ``silence``, ``contradiction``,
    ``competitor``, ``follow-up:EVENT``, ``unanswered:EVENT``), or ``regulator:REGIME`` for a
    regulator's question; absent for the scenario's own."""
    question: Question | None = None
    """A regulator's question: what it asks, about which filing."""


class Skipped(_Record, frozen=True):
    """An event will not fire, and why: a reason code with its parameters (see below)."""

    KIND = Kind.SKIPPED
    event: str
    reason: Reason | str
    """A reason code; journals written before reason codes hold an English sentence."""
    due_s: float | None


class Clock(_Record, frozen=True):
    """A deadline clock started (with its limit), was breached, or stopped (with its verdict)."""

    KIND = Kind.CLOCK
    clock: str
    status: ClockChange
    limit_s: int | None = None
    verdict: ClockStatus | None = None
    elapsed_s: float | None = None


class Expectation(_Record, frozen=True):
    """An expectation was met, met late, or missed when its window closed."""

    ROLE = "the role expected to act"
    KIND = Kind.EXPECTATION
    expectation: str
    event: str
    status: ExpectationStatus
    latency_s: float | None
    #: met by an action taken this long before its event fired (an ``early`` expectation)
    early_s: float | None = None


class Storm(_Record, frozen=True):
    """A social-media storm started (with its crowd size and end) or ended (with its post count)."""

    KIND = Kind.STORM
    storm: str
    status: StormChange
    crowd: int | None = None
    until_s: float | None = None
    posts: int | None = None


class RubricPoint(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One point of the rubric a statement earned or lost (crisissim.content.rubric)."""

    code: str
    delta: float
    evidence: str | None = None


class Reception(_Record, frozen=True):
    """How the crowd read what the team said in public (a statement or a post): the rubric's
    points, with the words that earned them, and the mood shift and volume factor from now on."""

    KIND = Kind.RECEPTION
    ROLE = "the role that spoke"
    answers: int
    """The seq of the action it reads."""
    action: str
    points: tuple[RubricPoint, ...]
    mood: float
    volume: float


class Reaction(_Record, frozen=True):
    """The crowd's answer to the team changed: the volume multiplier and mood shift now in force."""

    KIND = Kind.REACTION
    storm: str
    rate: float
    sentiment: float
    reception: int | None = None
    """The seq of the reception in force, when what the team said is part of it."""


#: Simulated seconds in which a post gathers most (63 %) of its likes and reposts: a ``post`` holds
#: their final values, and the screens grow them towards those with the post's age.
ENGAGEMENT_GROWTH_S = 1800.0


class Post(_Record, frozen=True, gc=False):
    """One generated social-media post, with its final likes and reposts (screens grow them)."""

    KIND = Kind.POST
    storm: str
    n: int
    name: str
    handle: str
    persona: str
    followers: int
    verified: bool
    text: str
    sentiment: float
    likes: int
    reposts: int
    quotes: int | None = None
    """The seq of the team's statement or post whose words it quotes."""
    rumour: bool = False
    """It spreads (or doubts) one of the storm's rumours."""
    about: str | None = None
    """What set it off, when a wave did: ``article:EVENT``, ``tv:EVENT``, ``statement:SEQ``, ``post:SEQ``."""


class End(_Record, frozen=True):
    """EndEx: at the end of the scenario, or by the facilitator."""

    KIND = Kind.END
    reason: EndReason


class Hotwash(_Record, frozen=True):
    """A role's answers to the hot-wash questions, in the scenario's order."""

    ROLE = "the role answering"
    KIND = Kind.HOTWASH
    answers: list[str]
    request: int | None = None
    """The seat request it answers, when a seat of the role sent them."""


class SeatCode(_Record, frozen=True):
    """A role's join code, as a salted hash: a new one replaces the old for new joins."""

    KIND = Kind.SEAT_CODE
    role: str
    salt: str
    hash: str


class Refused(_Record, frozen=True):
    """A seat's or the control cell's request the engine refused, and why: a refusal code with its
    parameters (see below)."""

    ROLE = "the requesting role"
    KIND = Kind.REFUSED
    request: int
    reason: Refusal | str
    """A refusal code; journals written before refusal codes hold an English sentence."""


class Join(_Record, frozen=True):
    """A seat tried to join with a code: whether it was right.

    A right code's seat has its token journaled as a salted hash (``salt``, ``token_hash``), so a
    resumed console's seat server knows the seats that were playing: they carry on without a new
    code. A seat that leaves is journaled as a join with ``left`` (the seq of the join that opened
    it): its token is ended for good. Both are optional, so older journals read as they are.
    """

    ROLE = "the role joined (or asked for)"
    KIND = Kind.JOIN
    ok: bool
    salt: str | None = None
    token_hash: str | None = None
    left: int | None = None


class _Flat(msgspec.Struct, frozen=True, kw_only=True):
    """A record whose fields are those of an action or command, flat beside its name on disk.

    ``{"action": "reply", "event": "soc-call", "text": "...", "playbook": 3}``: the field names are
    the format's own (a playbook entry and a seat use the same), in the order they were given,
    which the debrief JSON keeps.
    """

    KIND: ClassVar[Kind]
    NAME: ClassVar[str]
    ROLE: ClassVar[str] = ""
    CLIENT_ID: ClassVar[bool] = False
    """Whether it carries a seat's own id for it (``client_id``, beside ``playbook`` and ``request``)."""
    fields: dict[str, Any] = {}
    playbook: int | None = None
    """The playbook step that took it."""
    request: int | None = None
    """The seat request it answers."""

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {self.NAME: getattr(self, self.NAME), **self.fields}
        if self.playbook is not None:
            out["playbook"] = self.playbook
        if self.request is not None:
            out["request"] = self.request
        if self.CLIENT_ID and (client_id := getattr(self, "client_id", None)) is not None:
            out["client_id"] = client_id
        return out

    @classmethod
    def from_wire(cls, raw: Mapping[str, Any]) -> Any:
        own = (cls.NAME, "playbook", "request", "client_id") if cls.CLIENT_ID else (cls.NAME, "playbook", "request")
        fields = {k: v for k, v in raw.items() if k not in own}
        if cls.NAME not in raw:
            raise msgspec.ValidationError(f"Object missing required field `{cls.NAME}`")
        name = raw[cls.NAME]
        if not isinstance(name, str):
            raise msgspec.ValidationError(f"Expected `str`, got `{type(name).__name__}` - at `$.{cls.NAME}`")
        playbook, request = raw.get("playbook"), raw.get("request")
        for key, value in (("playbook", playbook), ("request", request)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise msgspec.ValidationError(f"Expected `int`, got `{type(value).__name__}` - at `$.{key}`")
        if not cls.CLIENT_ID:
            return cls(**{cls.NAME: name}, fields=fields, playbook=playbook, request=request)
        client_id = raw.get("client_id")
        if client_id is not None and not isinstance(client_id, str):
            raise msgspec.ValidationError(f"Expected `str`, got `{type(client_id).__name__}` - at `$.client_id`")
        return cls(**{cls.NAME: name, "client_id": client_id}, fields=fields, playbook=playbook, request=request)


class Action(_Flat, frozen=True):
    """A team's action (or a facilitator's note), taken by the engine."""

    ROLE = "the acting role (``facilitator`` or ``observer`` for notes)"
    KIND = Kind.ACTION
    NAME = "action"
    action: str


class Request(_Flat, frozen=True):
    """An action a seat asks the engine to take, or its role's hot-wash answers at EndEx (``hotwash``).

    ``client_id`` is the id the seat gave it (optional): a seat that sends it again, not knowing
    whether the first one arrived, is answered with this request's seq instead of a second one.
    """

    ROLE = "the seat's role"
    KIND = Kind.REQUEST
    NAME = "action"
    CLIENT_ID: ClassVar[bool] = True
    action: str
    client_id: str | None = None


class Control(_Flat, frozen=True):
    """A facilitator command (:class:`Command`) or a change of pace (:class:`Pace`)."""

    KIND = Kind.CONTROL
    NAME = "control"
    control: str

    @property
    def pace(self) -> Pace | None:
        return Pace(self.control) if self.control in Pace.__members__.values() else None


class ControlRequest(_Flat, frozen=True):
    """A change of pace (:class:`Pace`) or a facilitator command (:class:`Command`) the control
    cell asks a team's engine for: the engine answers with the ``control`` record it takes (or an
    ``action``, for a note), carrying this request's seq in ``request``, or a ``refused``.

    The request is beside the exercise: replay takes the answer, never the request, so a team's
    journal plays again the same whether its engine was asked from the control cell or its own
    console.
    """

    KIND = Kind.CONTROL_REQUEST
    NAME = "control"
    control: str


AnyRecord: TypeAlias = (
    Start
    | Due
    | Fired
    | Skipped
    | Clock
    | Expectation
    | Storm
    | Reaction
    | Reception
    | Post
    | Action
    | Control
    | End
    | Hotwash
    | SeatCode
    | Request
    | Refused
    | Join
    | ControlRequest
)

TYPES: dict[Kind, type[Any]] = {
    t.KIND: t
    for t in (
        Start,
        Due,
        Fired,
        Skipped,
        Clock,
        Expectation,
        Storm,
        Reaction,
        Reception,
        Post,
        Action,
        Control,
        End,
        Hotwash,
        SeatCode,
        Request,
        Refused,
        Join,
        ControlRequest,
    )
}

# -- kind groups -------------------------------------------------------------------------------------

INPUT_KINDS: tuple[Kind, ...] = (Kind.ACTION, Kind.CONTROL, Kind.HOTWASH)
"""Records that come from people (team, facilitator), not from the engine: replay takes them again."""

SIDE_KINDS: frozenset[Kind] = frozenset({Kind.SEAT_CODE, Kind.REQUEST, Kind.REFUSED, Kind.JOIN, Kind.CONTROL_REQUEST})
"""Records of seats and of the control cell beside the exercise, not the engine's: replay and the
debrief pass over them."""

PUBLIC_KINDS: frozenset[Kind] = frozenset({Kind.START, Kind.POST, Kind.STORM, Kind.REACTION, Kind.END, Kind.CLOCK})
"""What every role may see: the world outside (posts, storms), the exercise clocks, start and end."""


# -- encoding --------------------------------------------------------------------------------------------

_encoder = msgspec.json.Encoder()
_decoders: dict[type[Any], msgspec.json.Decoder[Any]] = {
    t: msgspec.json.Decoder(t) for t in TYPES.values() if not issubclass(t, _Flat)
}
_dict_decoder = msgspec.json.Decoder(dict[str, Any])


class RecordError(ValueError):
    """A payload that is not a record of its kind; the message says which field is wrong."""


def encode(record: AnyRecord) -> str:
    """The record's payload as the journal stores it (compact JSON, UTF-8 kept as it is)."""
    if isinstance(record, _Flat):
        return _encoder.encode(record.wire()).decode()
    return _encoder.encode(record).decode()


def encode_bytes(record: AnyRecord) -> bytes:
    """:func:`encode` as the UTF-8 bytes the journal stores (and its hash chain hashes)."""
    if isinstance(record, _Flat):
        return _encoder.encode(record.wire())
    return _encoder.encode(record)


def encode_post(post: Post) -> bytes:
    """:func:`encode_bytes` for the storms' hot path (a post is never a flat record): bytes, as
    the journal stores and hashes them, never decoded to a Python str on the way."""
    return _encoder.encode(post)


def to_builtins(record: AnyRecord) -> dict[str, Any]:
    """The payload as plain JSON values, as it is on disk."""
    out: dict[str, Any] = _dict_decoder.decode(encode(record))
    return out


def decode(kind: str, payload: str | bytes) -> AnyRecord:
    """The typed record of a journal row; :class:`RecordError` for an unknown kind or a bad payload.

    The error says which field is wrong and what it must be (``payload.action: missing (required: a
    text naming it, e.g. "statement")``), so that a row put in by hand is found and understood.
    """
    try:
        typ = TYPES[Kind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise RecordError(f"kind: {kind!r} is not a record kind (one of: {known})") from None
    try:
        if issubclass(typ, _Flat):
            raw = _dict_decoder.decode(payload)
            record: AnyRecord = typ.from_wire(raw)
            return record
        decoded: AnyRecord = _decoders[typ].decode(payload)
        return decoded
    except (msgspec.ValidationError, TypeError) as exc:  # ValidationError is a DecodeError: first
        raise RecordError(_explain(typ, str(exc))) from None
    except msgspec.DecodeError as exc:
        raise RecordError(f"payload: not JSON ({exc})") from None


_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.DOTALL)
_MISSING = re.compile(r"Object missing required field `([^`]+)`")
_EXPECTED = re.compile(r"Expected `([^`]+)`, got `([^`]+)`")
_WORDS = {
    "str": "a text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "object": "a JSON object",
    "array": "a list",
    "null": "null",
}


def _needs(tp: Any) -> str:
    """What a field of type ``tp`` must hold, in words: ``a text``, ``one of: started, ended``."""
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of: " + ", ".join(str(m.value) for m in tp)
    if isinstance(tp, type):
        return _WORDS.get(tp.__name__, "a JSON object" if issubclass(tp, msgspec.Struct) else tp.__name__)
    args = [a for a in getattr(tp, "__args__", ()) if a is not type(None)]
    if args and getattr(tp, "__origin__", None) in (list, tuple):
        return "a list"
    if args and getattr(tp, "__origin__", None) is dict:
        return "a JSON object"
    if len(args) == 1:
        return _needs(args[0]) + " or null"
    return " or ".join(_needs(a) for a in args) if args else _type_name(tp)


def _explain(typ: type[Any], message: str) -> str:
    """A msgspec validation message as ``payload.FIELD: what is wrong (what would be right)``."""
    match = _AT.match(message)
    text, path = (match[1], match[2] or "") if match else (message, "")
    where = "payload" + path
    top = {f.encode_name: f.type for f in msgspec.structs.fields(typ)} if not issubclass(typ, _Flat) else {}
    if (missing := _MISSING.match(text)) is not None:
        name = missing[1]
        if issubclass(typ, _Flat) and name == typ.NAME and not path:
            need = f'a text naming it, e.g. "{"statement" if typ.NAME == "action" else "pause"}"'
        else:
            need = _needs(top[name]) if not path and name in top else "a value"
        return f"{where}.{name}: missing (required: {need})"
    if (expected := _EXPECTED.match(text)) is not None:
        want, got = expected[1], expected[2]
        field_name = path.lstrip(".")
        if field_name in top:
            return f"{where}: {_WORDS.get(got, got)} where it must be {_needs(top[field_name])}"
        return f"{where}: {_WORDS.get(got, got)} where it must be {_WORDS.get(want, want)}"
    field_name = path.lstrip(".")
    if text.startswith("Invalid enum value") and field_name in top:
        return f"{where}: {text.removeprefix('Invalid enum value ')} is not {_needs(top[field_name])}"
    return f"{where}: {text}"


# -- documentation ------------------------------------------------------------------------------------


def _type_name(tp: Any) -> str:
    text = getattr(tp, "__name__", None) if not hasattr(tp, "__args__") else None
    return text or str(tp).replace("crisissim.journal.records.", "").replace("typing.", "")


def markdown_table() -> str:
    """The record kinds as docs/journal.md lists them: generated from the types, checked by a test."""
    lines = ["| kind | role | payload | what it says |", "|---|---|---|---|"]
    for kind, typ in TYPES.items():
        info = msgspec.structs.fields(typ)
        if issubclass(typ, _Flat):
            names = [f"`{typ.NAME}`", "the action's or command's own fields", "`playbook`", "`request`"]
            if typ.CLIENT_ID:
                names.append("`client_id`")
        else:
            names = [f"`{f.encode_name}`" for f in info]
        doc = " ".join((typ.__doc__ or "").strip().split("\n\n")[0].split())
        doc = re.sub(r":\w+:`(\w+)`", r"`\1`", doc).replace("``", "`")
        role = typ.ROLE.replace("``", "`")
        lines.append(f"| `{kind.value}` | {role} | {', '.join(names)} | {doc} |")
    return "\n".join(lines) + "\n"


def reasons_table() -> str:
    """The reason codes of ``skipped`` records and their causes, for docs/journal.md."""
    return _codes_table((*Reason.__args__, *Cause.__args__))


def refusals_table() -> str:
    """The refusal codes of ``refused`` records (and of every refused action), for docs/journal.md."""
    return _codes_table(Refusal.__args__)


def _codes_table(types: tuple[type[Any], ...]) -> str:
    lines = ["| code | parameters | what it says |", "|---|---|---|"]
    for typ in types:
        names = [f"`{f.encode_name}`" for f in msgspec.structs.fields(typ)]
        doc = " ".join((typ.__doc__ or "").strip().split("\n\n")[0].split()).replace("``", "`")
        lines.append(f"| `{typ.__struct_config__.tag}` | {', '.join(names)} | {doc} |")
    return "\n".join(lines) + "\n"
