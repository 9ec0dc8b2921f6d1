"""The typed model of scenario format v1.

Pydantic checks shape and types; :mod:`crisissim.scenario.checks` then checks what spans
fields (references, ``at`` with ``after``, kind-specific fields). Durations are held in
whole simulated seconds; conditions as :mod:`crisissim.scenario.conditions` classes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from crisissim.i18n import N_, NP_, translator
from crisissim.safetext import shown
from crisissim.scenario import conditions as cond
from crisissim.scenario import regimes
from crisissim.scenario.actions import ACTIONS
from crisissim.scenario.durations import DurationError, parse_duration

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

EventKind = Literal["inject", "enquiry", "article", "storm"]
Channel = Literal["email", "phone", "chat", "sms", "social", "news", "tv", "letter", "internal", "regulator"]
#: What an expectation may ask for: any action, or a kind of the action registry that expectations may name.
EXPECTED_ACTIONS: tuple[str, ...] = ("any", *(spec.kind for spec in ACTIONS if spec.expected))
if TYPE_CHECKING:
    ExpectedAction = str
else:  # pydantic checks the value, and names the choices when it is none of them
    ExpectedAction = Literal[EXPECTED_ACTIONS]
Language = Literal["nl", "en"]
EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
#: What the channels and the event kinds are called on screen (message ids, in the ``channel``
#: context): a role pane's tag, the MSEL's (short: the MSEL is a narrow column), the inject form's
#: choices, the report's timeline.
CHANNEL_NAMES: dict[str, str] = {
    "email": NP_("channel", "email"),
    "phone": NP_("channel", "phone"),
    "chat": NP_("channel", "chat"),
    "sms": NP_("channel", "text message"),
    "social": NP_("channel", "social media"),
    "news": NP_("channel", "news"),
    "tv": NP_("channel", "TV"),
    "letter": NP_("channel", "letter"),
    "internal": NP_("channel", "internal"),
    "regulator": NP_("channel", "regulator"),
}
EVENT_KIND_NAMES: dict[str, str] = {
    "inject": NP_("channel", "inject"),
    "enquiry": NP_("channel", "enquiry"),
    "article": NP_("channel", "article"),
    "storm": NP_("channel", "storm"),
}
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_CHANNEL: dict[EventKind, Channel] = {
    "inject": "email",
    "enquiry": "phone",
    "article": "news",
    "storm": "social",
}
ALL = "all"


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise PydanticCustomError(
            "crisissim",
            "'{value}' is not a valid id; use lower-case letters, digits, '-' and '_', starting with a letter or digit",
            {"value": shown(value)},
        )
    return value


def _duration(value: object) -> int:
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise PydanticCustomError("crisissim", "{msg}", {"msg": str(exc)}) from None


def _condition(value: object) -> cond.Condition:
    try:
        return cond.parse_condition(value)
    except cond.ConditionError as exc:
        raise PydanticCustomError("condition", "{msg}", {"msg": exc.message, "subpath": exc.path}) from None


def _after(value: object) -> cond.Condition:
    """``after: id``, ``after: [ids]`` (all of them fired), or a condition mapping."""
    if isinstance(value, str):
        return cond.Fired(value)
    if isinstance(value, list):
        if not value:
            raise PydanticCustomError("crisissim", "'after' names at least one event", {})
        if all(isinstance(v, str) for v in value):
            return cond.AllOf(tuple(cond.Fired(v) for v in value))
        raise PydanticCustomError("crisissim", "'after' takes an event id, a list of event ids, or a condition", {})
    return _condition(value)


def _recipients(value: object) -> object:
    if value == ALL:
        return [ALL]
    if isinstance(value, str):
        return [value]
    return value


#: The years a scenario may start in: wide enough for any exercise, narrow enough that a start
#: plus the longest duration, and every date a template derives from it, stays a real date.
START_YEARS = (1900, 2200)
#: The fastest an exercise can be played: more than a day of simulated time each wall second.
MAX_SPEED = 100_000.0
#: Seeds are stored in the journal as SQLite integers (signed 64 bits).
MAX_SEED = 2**63 - 1
#: The most posts per simulated minute a storm's curve may ask for (its start, peak or end); the
#: engine caps a storm's rate there too, whatever reactions and waves add (STORM_RATE_CAP).
MAX_POSTS_PER_MINUTE = 600.0
#: The most a reaction may multiply a storm's volume by.
MAX_REACT_RATE = 100.0
#: The most posts one storm writes; then it ends, whatever its curve says (northwind's phishing
#: storm, the largest of the built-in library, writes about 89 000 with a team that stays silent;
#: the TUI benchmark's, 60 a minute for 36 hours, about 130 000).
MAX_STORM_POSTS = 150_000
#: The most posts all storms of one exercise write together; then every storm ends.
MAX_EXERCISE_POSTS = 300_000
#: The most weight a persona may have in a storm's crowd (weights are relative: 1 to 10 is usual).
MAX_CROWD_WEIGHT = 1000.0


def _datetime(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.datetime) and not START_YEARS[0] <= value.year <= START_YEARS[1]:
        raise PydanticCustomError(
            "crisissim",
            "{msg}",
            {
                "msg": f"a start in the year {value.year} is out of range; it should be from {START_YEARS[0]} "
                f"to {START_YEARS[1]}"
            },
        )
    return value


def _text(value: object) -> object:
    """Numbers are fine as text (a title of ``2024``); lists and mappings are not."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Duration = Annotated[int, BeforeValidator(_duration)]
if TYPE_CHECKING:  # what the validators make; pydantic itself is told nothing of the classes
    Condition = cond.Condition
    After = cond.Condition | None
else:
    Condition = Annotated[Any, BeforeValidator(_condition)]
    After = Annotated[Any, BeforeValidator(_after)]
Text = Annotated[str, BeforeValidator(_text)]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, arbitrary_types_allowed=True, allow_inf_nan=False
    )


class Role(Model):
    name: Text
    description: Text = ""


class PersonaRef(Model):
    persona: Slug


def _sender(value: object) -> object:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"text": str(value)}
    return value


class Sender(Model):
    """Who an inject comes from: a text, or a persona that generates a person."""

    text: str | None = None
    persona: Slug | None = None


class Expectation(Model):
    id: Slug
    role: Slug
    action: ExpectedAction = "any"
    within: Duration
    objective: Slug | None = None
    judged: bool = False
    early: bool = False
    """An action taken before the event fired meets it too, the moment the event fires: a letter
    to patients sent before the forensic report that expects it is the letter it expects."""

    @model_validator(mode="after")
    def _early_answers_nothing(self) -> Expectation:
        if self.early and self.action in ("reply", "choose"):
            raise PydanticCustomError(
                "early_answer",
                "early: a {action} answers the event's own message, so it cannot come before the event fires",
                {"action": self.action},
            )
        return self


class Breach(Model):
    """What the scenario says of the breach itself, for the debrief to read a team's Art. 34(3)
    exception against: data that were not encrypted make ground (a) wrong, data that left the
    organisation make ground (b) doubtful. Absent: the scenario does not say, and only the
    reasoning is read."""

    encrypted: bool | None = None
    """Whether the data concerned were encrypted or otherwise unintelligible to others."""
    exfiltrated: bool | None = None
    """Whether the data left the organisation (copied out, published, sent outbound)."""


class Rate(Model):
    """Posts per simulated minute: a smooth curve from ``start`` through ``peak`` to ``end``."""

    start: float = Field(0.0, ge=0, le=MAX_POSTS_PER_MINUTE)
    peak: float = Field(ge=0, le=MAX_POSTS_PER_MINUTE)
    peak_at: Duration = 0
    end: float = Field(0.0, ge=0, le=MAX_POSTS_PER_MINUTE)


def expected_posts(rate: Rate, duration: float) -> float:
    """The integral of the curve, before any reaction: each cosine half-wave averages its ends."""
    peak_at = min(rate.peak_at, duration)
    return (peak_at * (rate.start + rate.peak) / 2 + (duration - peak_at) * (rate.peak + rate.end) / 2) / 60


def _rate(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"start": value, "peak": value, "peak_at": 0, "end": value}
    return value


class React(Model):
    when: Condition
    rate: float = Field(1.0, gt=0, le=MAX_REACT_RATE)
    sentiment: float = Field(0.0, ge=-2, le=2)


class Event(Model):
    id: Slug
    kind: EventKind = "inject"
    channel: Channel | None = None
    sender: Annotated[Sender | None, BeforeValidator(_sender)] = Field(None, alias="from")
    to: Annotated[list[Slug] | None, BeforeValidator(_recipients)] = None
    at: Duration | None = None
    after: After = None
    delay: Duration = 0
    when: Condition | None = None
    title: Text
    body: Text | None = None
    options: dict[Slug, Text] = Field(default_factory=dict)
    expects: list[Expectation] = Field(default_factory=list)
    notes: Text = ""
    # enquiry
    journalist: PersonaRef | None = None
    deadline: Duration | None = None
    # storm
    duration: Duration | None = None
    rate: Annotated[Rate | None, BeforeValidator(_rate)] = None
    crowd: dict[Slug, Annotated[float, Field(ge=0, le=MAX_CROWD_WEIGHT)]] | None = None
    hashtags: list[Text] = Field(default_factory=list)
    rumours: list[Text] = Field(default_factory=list)
    reacts: list[React] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _storm_label(cls, data: Any) -> Any:
        """A storm needs no title (the format's own example has none): its label is its hashtags,
        or else its id, so the MSEL and the report still name it."""
        if isinstance(data, dict) and data.get("kind") == "storm" and "title" not in data:
            tags = data.get("hashtags")
            words = [str(t) for t in tags[:3]] if isinstance(tags, list) else []
            return {**data, "title": " ".join(words) or str(data.get("id", "storm"))}
        return data

    @property
    def medium(self) -> Channel:
        """The channel, or the usual one for the kind."""
        return self.channel or DEFAULT_CHANNEL[self.kind]

    @property
    def contingency(self) -> bool:
        """Never due by itself: only the facilitator fires it."""
        return self.at is None and self.after is None

    def recipients(self, roles: list[str]) -> list[str]:
        if self.to is None or ALL in self.to or self.kind in ("article", "storm"):
            return list(roles)
        return [r for r in self.to if r in roles]


class Clock(Model):
    label: Text | None = None
    starts: Condition
    limit: Duration
    stops: Condition
    objective: Slug | None = None


#: The rubric by which the crowd reads what the team says (scored in :mod:`crisissim.content.rubric`;
#: documented in docs/authoring.md). Elements a good statement has:
RUBRIC_ELEMENTS: tuple[str, ...] = (
    "acknowledges",
    "apologises",
    "says-what",
    "says-who",
    "says-how-many",
    "advises",
    "gives-contact",
    "next-update",
)
#: What crisis-communication trainers teach against; the last two are found by comparing, not by words.
RUBRIC_FAULTS: tuple[str, ...] = (
    "jargon",
    "minimises",
    "cliche",
    "blames",
    "over-promises",
    "contradicts-earlier",
    "contradicts-facts",
)
RUBRIC_COMPARED: tuple[str, ...] = ("contradicts-earlier", "contradicts-facts")
#: The point a statement gets when it lacks an element that is expected of it.
RUBRIC_MISSING: dict[str, str] = {
    "acknowledges": "no-acknowledgement",
    "apologises": "no-apology",
    "says-what": "no-what",
    "says-who": "no-who",
    "says-how-many": "no-how-many",
    "advises": "no-advice",
    "gives-contact": "no-contact",
    "next-update": "no-next-update",
}
RUBRIC_CODES: tuple[str, ...] = (*RUBRIC_ELEMENTS, *RUBRIC_FAULTS, *RUBRIC_MISSING.values())
#: The codes whose words a scenario may extend with ``phrases``.
RUBRIC_PHRASE_CODES: tuple[str, ...] = tuple(c for c in (*RUBRIC_ELEMENTS, *RUBRIC_FAULTS) if c not in RUBRIC_COMPARED)
#: What each point says about a statement, in English (msgids for the catalogue: the debrief
#: renders "statement 2 gave no phone line or contact point"). ``{evidence}`` is the matched words.
POINT_TEXT: Final[dict[str, str]] = {
    "acknowledges": N_("acknowledged what happened ({evidence})"),
    "apologises": N_("apologised ({evidence})"),
    "says-what": N_("said what happened ({evidence})"),
    "says-who": N_("said who is affected ({evidence})"),
    "says-how-many": N_("said how many are affected ({evidence})"),
    "advises": N_("told people what to do ({evidence})"),
    "gives-contact": N_("gave a contact point ({evidence})"),
    "next-update": N_("said when the next update comes ({evidence})"),
    "jargon": N_("used jargon ({evidence})"),
    "minimises": N_("played the incident down ({evidence})"),
    "cliche": N_("used a cliché ({evidence})"),
    "blames": N_("blamed someone else ({evidence})"),
    "over-promises": N_("promised what nobody can promise ({evidence})"),
    "contradicts-earlier": N_("contradicted an earlier statement ({evidence})"),
    "contradicts-facts": N_("denied what is known ({evidence})"),
    "no-acknowledgement": N_("did not acknowledge the incident"),
    "no-apology": N_("did not apologise"),
    "no-what": N_("did not say what happened or which data"),
    "no-who": N_("did not say who is affected"),
    "no-how-many": N_("did not say how many are affected"),
    "no-advice": N_("did not tell people what to do"),
    "no-contact": N_("gave no phone line or contact point"),
    "no-next-update": N_("did not say when the next update comes"),
}

#: What a statement is expected to have unless the scenario says otherwise (``rubric.expect``).
RUBRIC_EXPECT: tuple[str, ...] = ("acknowledges", "says-what", "advises", "gives-contact", "next-update", "apologises")


def phrase_pattern(phrase: str) -> str:
    """The regular expression of a rubric phrase: ``/.../`` is a regular expression as written;
    any other text is matched as those words, whatever the case and the spacing between them."""
    if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
        return phrase[1:-1]
    words = [re.escape(w) for w in phrase.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _code(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        if value in RUBRIC_CODES:
            raise PydanticCustomError("crisissim", "{msg}", {"msg": f"'{value}' {what}"})
        raise PydanticCustomError(
            "crisissim", "{msg}", {"msg": f"unknown rubric point '{value}'{cond.did_you_mean(value, allowed)}"}
        )
    return value


def _any_code(value: str) -> str:
    return _code(value, RUBRIC_CODES, "")


def _phrase_code(value: str) -> str:
    return _code(
        value,
        RUBRIC_PHRASE_CODES,
        "is found by comparing statements and facts, not by words; it takes no phrases"
        if value in RUBRIC_COMPARED
        else "is the absence of an element; give phrases for the element itself",
    )


def _element(value: str) -> str:
    return _code(
        value, RUBRIC_ELEMENTS, f"is not an element a statement should have; expect takes {', '.join(RUBRIC_ELEMENTS)}"
    )


def _phrase(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("crisissim", "{msg}", {"msg": "a phrase should not be empty"})
    try:
        compiled = re.compile(phrase_pattern(value), re.IGNORECASE)
    except re.error as exc:
        at = f" at character {exc.pos + 2}" if exc.pos is not None else ""  # counted in the phrase, slash included
        raise PydanticCustomError(
            "crisissim", "{msg}", {"msg": f"'{value}' is not a valid regular expression: {exc.msg}{at}"}
        ) from None
    if compiled.search("") is not None:
        raise PydanticCustomError(
            "crisissim", "{msg}", {"msg": f"'{value}' matches empty text, so it would match everywhere"}
        )
    return value


RubricCode = Annotated[str, AfterValidator(_any_code)]
PhraseCode = Annotated[str, AfterValidator(_phrase_code)]
Element = Annotated[str, AfterValidator(_element)]
Phrase = Annotated[str, BeforeValidator(_text), AfterValidator(_phrase)]


class Rubric(Model):
    """How the crowd reads this scenario's statements: weights, extra phrases, facts, expectations.

    Absent, every field has its default: the rubric's own weights and words, no facts, and
    :data:`RUBRIC_EXPECT` expected.
    """

    weights: dict[RubricCode, Annotated[float, Field(ge=-1, le=1)]] = Field(default_factory=dict)
    phrases: dict[PhraseCode, list[Phrase]] = Field(default_factory=dict)
    facts: list[Text] = Field(default_factory=list)
    expect: list[Element] | None = None

    @property
    def expected(self) -> tuple[str, ...]:
        return RUBRIC_EXPECT if self.expect is None else tuple(self.expect)


class Press(Model):
    """The press desk's bounds: enquiries generated from what goes on (crisissim/engine/press.py)."""

    generate: bool = True
    """False: only the scenario's scripted enquiries."""
    max: int = Field(default=6, ge=0, le=50)
    """At most this many generated enquiries (follow-ups not counted)."""
    gap: Duration = 45 * 60
    """At least this long between two generated enquiries."""
    silence: Duration = 2 * 3600
    """A reporter asks why the organisation says nothing this long after the story broke."""
    viral: int = Field(default=400, ge=1)
    """A post with this many likes and reposts together is viral."""
    rumour: int = Field(default=30, ge=1)
    """A rumour is spreading once this many posts carry it."""
    deadline: Duration = 3600
    """The deadline of a generated enquiry."""
    articles: bool = True
    """An unanswered generated enquiry becomes an article at its deadline."""
    to: list[Slug] | None = None
    """Who takes the press's calls (default: whoever the scripted enquiries go to)."""


#: Questions one regulator asks in an exercise at most (``regulator: {gdpr: {max: ...}}``).
MAX_QUESTIONS = 20
#: ``intermediate: false``: the CSIRT asks for no intermediate report.
NO_REQUEST = -1


def _delay_or_off(value: object) -> object:
    """A duration, or ``false`` for "never"."""
    if value is False:
        return NO_REQUEST
    return None if value is None else _duration(value)


class Asking(Model):
    """How one regulator asks back (crisissim/engine/regulator.py). A field left out takes the
    regime's default (crisissim/engine/regulator.py, ``DEFAULTS``; docs/regulation.md)."""

    ask: bool = True
    """False: this regulator asks nothing back."""
    asks_within: Duration | None = None
    """How long after a filing the regulator writes back about what it lacks."""
    answer_within: Duration | None = None
    """The term it gives for the answer."""
    intermediate: Annotated[int | None, BeforeValidator(_delay_or_off)] = None
    """NIS2 Art. 23(4)(c): this long after the incident notification the CSIRT requests an
    intermediate report (``false``: it does not)."""
    max: int | None = Field(default=None, ge=0, le=MAX_QUESTIONS)
    """At most this many questions in the exercise."""
    sender: Text | None = Field(None, alias="from")
    """Who writes (default: the regime's authority in the scenario's language)."""
    to: list[Slug] | None = None
    """Who receives the questions (default: the role that made the filing it is about)."""


def _listed(value: object) -> object:
    """``regime: gdpr`` is ``regime: [gdpr]``."""
    return [value] if isinstance(value, str) else value


def _regime_clocks(data: Any) -> Any:
    """Add the clocks of the scenario's regimes (crisissim/scenario/regimes.py) to its own, as
    if its author had written them, labelled in its language. What the author writes under a
    deadline's id replaces what the preset says, key by key (``gdpr-33: {objective: meldplicht}``
    ties it to an objective). Nothing is added while ``regime`` or ``aware`` is unreadable:
    their own errors say why."""
    if not isinstance(data, dict) or "regime" not in data or "aware" not in data:
        return data
    named = _listed(data["regime"])
    if not isinstance(named, list) or not all(isinstance(r, str) and r in regimes.REGIMES for r in named):
        return data
    try:
        cond.parse_condition(data["aware"])
        if data.get("classified") is not None:
            cond.parse_condition(data["classified"])
    except cond.ConditionError:
        return data
    own = data.get("clocks") or {}
    if not isinstance(own, dict):
        return data
    language = data.get("language", "en")
    _ = translator(language if language in LANGUAGES else "en")
    labels = {d.id: _(d.label) for r in named for d in regimes.REGIMES[r].deadlines}
    preset = regimes.clocks_for(list(dict.fromkeys(named)), data["aware"], data.get("classified"))
    clocks: dict[str, object] = {cid: {"label": labels[cid], **clock} for cid, clock in preset.items()}
    for cid, clock in own.items():
        mine = clocks.get(cid)
        clocks[cid] = {**mine, **clock} if isinstance(mine, dict) and isinstance(clock, dict) else clock
    return {**data, "clocks": clocks}


class ScenarioHead(Model):
    """Everything of a scenario but its events, validated apart so that a broken event does
    not hide the problems of the rest."""

    regime: Annotated[list[regimes.RegimeId], BeforeValidator(_listed)] = Field(default_factory=list)
    """The notification regimes the organisation falls under; each adds its chain of clocks."""
    aware: Condition | None = None
    """When the organisation becomes aware of the incident: where the regimes' first clocks start."""
    classified: Condition | None = None
    """DORA: when the incident is classified as major (absent: at awareness, the strictest reading)."""
    breach: Breach = Field(default_factory=lambda: Breach())
    """What the scenario says of the breach (encrypted? exfiltrated?), for reading an Art. 34(3) exception."""

    crisissim: Literal[1]
    id: Slug
    title: Text
    language: Language = "en"
    summary: Text = ""
    organisation: dict[str, Any] = Field(default_factory=dict)
    start: Annotated[dt.datetime | None, BeforeValidator(_datetime)] = None
    duration: Duration
    speed: float = Field(1.0, gt=0, le=MAX_SPEED)
    seed: int = Field(1, ge=-MAX_SEED, le=MAX_SEED)
    roles: dict[Slug, Role] = Field(min_length=1)
    objectives: dict[Slug, Text] = Field(default_factory=dict)
    clocks: dict[Slug, Clock] = Field(default_factory=dict)
    hotwash: list[Text] = Field(default_factory=list)
    rubric: Rubric = Field(default_factory=Rubric)
    story: dict[Slug, Condition] = Field(default_factory=dict)
    press: Press = Field(default_factory=lambda: Press())
    regulator: dict[regimes.RegimeId, Asking] = Field(default_factory=dict)
    """How each regime's regulator asks back about what was filed (crisissim/engine/regulator.py)."""
    """Topics of the crowd's story that this scenario says when hold (``paid: {flag: ransom-paid}``)."""

    @model_validator(mode="before")
    @classmethod
    def _regime_preset(cls, data: Any) -> Any:
        return _regime_clocks(data)


class Scenario(ScenarioHead):
    events: list[Event] = Field(min_length=1)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    @property
    def expectations(self) -> list[tuple[Event, Expectation]]:
        return [(e, x) for e in self.events for x in e.expects]
