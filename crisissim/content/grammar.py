"""Crowd posts composed from fragments: a grammar per persona and language.

A post is not one of a few whole templates: it is a *shape* (``opening? claim feeling?``) whose
slots are filled with fragments drawn for the story so far (a :class:`~crisissim.content.story.Moment`)
and for the post's sentiment, then written the way its author types (capitals, typos, emoji,
``!!``). The persona files hold the fragments (``grammar:`` in docs/personas.md); this module
checks them when they are loaded and compiles them once per persona and language into tables
that a post is drawn from with a handful of ``random()`` calls and one ``str.format_map``: no
template engine runs per post.

A fragment may hold choices, ``{echt|gewoon|}``, and placeholders, ``{org_short}``; a fragment is
only drawn when the topics it ``needs`` hold and the facts its placeholders name exist.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import math
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from crisissim.content.story import CLOCK, PLACEHOLDERS, TOPICS, Moment
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.durations import DurationError, parse_duration
from crisissim.scenario.model import Model

#: The slots a shape may name, in the order a post usually runs.
SLOTS: Final = ("opening", "claim", "feeling", "demand", "question", "aside", "ending")
#: A slot marked optional (``feeling?``) without a probability is filled this often.
OPTIONAL: Final = 0.5
#: How many variants the choices of one fragment may multiply to.
MAX_VARIANTS: Final = 512
#: Topics that hold before anything beyond the breach itself happened (see ``quiet_moment``).
QUIET: Final = frozenset({"breach", "no-statement", "no-letter"})
#: Placeholders that need one of two topics, and the topics.
EITHER: Final[Mapping[str, tuple[str, str]]] = {
    "quote": ("statement", "team-post"),
    "outlet": ("article", "tv"),
    "headline": ("article", "tv"),
}
_CONTRADICTIONS: Final = (("statement", "no-statement"), ("letter", "no-letter"))

#: Real typos and abbreviations per language, as people type them: the word and what it becomes.
TYPOS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "nl": {
        "inderdaad": ("idd",),
        "even": ("ff", "effe"),
        "gewoon": ("gwn",),
        "niet": ("nie",),
        "waarschijnlijk": ("wss", "waarschijnlijk"),
        "in plaats van": ("ipv",),
        "toch": ("tog",),
        "mijn": ("mn", "m'n"),
        "misschien": ("mss", "misschien"),
        "in ieder geval": ("iig",),
        "trouwens": ("btw",),
        "alsjeblieft": ("aub", "pls"),
        "wordt": ("word",),
        "gebeurt": ("gebeurd",),
        "eigenlijk": ("eigelijk",),
        "helemaal": ("hele maal",),
        "natuurlijk": ("tuurlijk", "natuurlijk"),
        "echt": ("egt",),
        "nou": ("nu",),
        "weet ik veel": ("wiv",),
        "ongelofelijk": ("ongelovelijk",),
        "waarom": ("waarom", "wrm"),
        "bijvoorbeeld": ("bv",),
        "iedereen": ("iedereen", "ieder een"),
    },
    "en": {
        "to be honest": ("tbh",),
        "for fuck's sake": ("ffs",),
        "you": ("u",),
        "can't": ("cant",),
        "don't": ("dont",),
        "won't": ("wont",),
        "didn't": ("didnt",),
        "really": ("rly", "realy"),
        "because": ("cos", "bc"),
        "people": ("ppl",),
        "please": ("pls", "plz"),
        "though": ("tho",),
        "I'm": ("im", "Im"),
        "you're": ("your", "youre"),
        "they're": ("their",),
        "definitely": ("definately",),
        "absolutely": ("absolutley",),
        "thanks": ("thx",),
        "going to": ("gonna",),
        "want to": ("wanna",),
        "it's": ("its",),
        "would have": ("would of",),
        "should have": ("should of",),
        "about": ("abt",),
        "separate": ("seperate",),
    },
}

#: Words for a relative per language, and the person each names: a post keeps to one (``mijn
#: moeder`` and then ``mijn vader`` reads as two people writing; ``ma`` is ``moeder``). Matched
#: as whole words, so ``schoonmoeder`` is not also ``moeder``.
KIN: Final[Mapping[str, Mapping[str, str]]] = {
    "nl": {
        "moeder": "moeder", "ma": "moeder", "mam": "moeder", "vader": "vader", "pa": "vader",
        "schoonmoeder": "schoonmoeder", "schoonvader": "schoonvader", "oma": "oma", "opa": "opa",
        "zoon": "zoon", "zoontje": "zoon", "dochter": "dochter", "dochtertje": "dochter",
        "kinderen": "kinderen", "broer": "broer", "zus": "zus", "tante": "tante", "oom": "oom",
        "man": "man", "vrouw": "vrouw",
    },
    "en": {
        "mother": "mother", "mum": "mother", "mom": "mother", "father": "father", "dad": "father",
        "mother-in-law": "mother-in-law", "father-in-law": "father-in-law",
        "grandmother": "grandmother", "grandma": "grandmother", "gran": "grandmother", "nan": "grandmother",
        "nana": "grandmother", "grandfather": "grandfather", "grandpa": "grandfather",
        "grandad": "grandfather", "granddad": "grandfather", "son": "son", "daughter": "daughter",
        "kids": "children", "children": "children", "brother": "brother", "sister": "sister",
        "aunt": "aunt", "uncle": "uncle", "husband": "husband", "wife": "wife",
    },
}  # fmt: skip
#: Relatives that are only one when a possessive says so: ``mijn man``, not ``de man aan de balie``;
#: ``my kids``, not ``are children's records in there too?``.
_KIN_OWNED: Final = frozenset({"man", "vrouw", "kinderen", "kids", "children"})
_OWNERS: Final = r"(?:mijn|m'n|mn|je|jouw|haar|zijn|onze|ons|my|your|her|his|our)"

Rate = Annotated[float, Field(ge=0, le=1)]


def _error(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("crisissim", message, context)  # braces stay: no context keys are named


# the fragment text: choices and placeholders ----------------------------------------------------


def split_text(text: str) -> list[str | tuple[str, ...]]:
    """Literal text, ``(name,)`` for a placeholder and a tuple of two or more for a choice.

    ``{{`` and ``}}`` are literal braces. Raises ValueError with what is wrong.
    """
    parts: list[str | tuple[str, ...]] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "{}" and text[i + 1 : i + 2] == char:
            literal.append(char)
            i += 2
            continue
        if char == "}":
            raise ValueError(f"a '}}' without its '{{' at character {i + 1}; write '}}}}' for a brace")
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = text.find("}", i + 1)
        inner = text[i + 1 : end] if end >= 0 else ""
        if end < 0 or "{" in inner:
            raise ValueError(f"a '{{' without its '}}' at character {i + 1}; write '{{{{' for a brace")
        if literal:
            parts.append("".join(literal))
            literal = []
        if "|" in inner:
            parts.append(tuple(inner.split("|")))
        else:
            parts.append((inner.strip(),))
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return parts


def _check_text(text: str) -> str:
    try:
        parts = _split(text)  # kept for the grammar compiled from it
    except ValueError as exc:
        raise _error(str(exc)) from None
    count = 1
    for part in parts:
        if isinstance(part, str):
            continue
        if len(part) == 1:
            name = part[0]
            if name not in PLACEHOLDERS:
                known = tuple(f"{{{p}}}" for p in PLACEHOLDERS)
                hint = did_you_mean(f"{{{name}}}", known)
                raise _error(f"unknown placeholder '{{{name}}}'{hint} (choices are written {{a|b}})")
        else:
            count *= len(part)
    if count > MAX_VARIANTS:
        raise _error(f"its choices make {count} variants (at most {MAX_VARIANTS}); split it into fragments")
    if not text.strip():
        raise _error("a fragment needs text")
    return text


@functools.lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str | tuple[str, ...], ...]:
    """``split_text`` of a checked fragment, once: a grammar's compilation asks each text's parts
    four times (its variants, placeholders, topics), which cost more than all else it does."""
    return tuple(split_text(text))


def placeholders(text: str) -> frozenset[str]:
    return frozenset(p[0] for p in _split(text) if isinstance(p, tuple) and len(p) == 1)


def expand(text: str) -> list[str]:
    """Every variant of a fragment, as a format string (placeholders kept, braces escaped)."""
    pieces: list[tuple[str, ...]] = []
    for part in _split(text):
        if isinstance(part, str):
            pieces.append((part.replace("{", "{{").replace("}", "}}"),))
        elif len(part) == 1:
            pieces.append(("{" + part[0] + "}",))
        else:
            pieces.append(tuple(p.replace("{", "{{").replace("}", "}}") for p in part))
    return ["".join(combo) for combo in itertools.product(*pieces)]


def _topic(value: str) -> str:
    if value not in TOPICS:
        raise _error(f"unknown topic '{value}'{did_you_mean(value, tuple(TOPICS))}")
    return value


Topic = Annotated[str, AfterValidator(_topic)]


def _elapsed(value: object) -> int:
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise _error(str(exc)) from None


def _period(value: str) -> str:
    if value not in CLOCK:
        raise _error(f"unknown part of the day '{value}'{did_you_mean(value, tuple(CLOCK))}; one of {', '.join(CLOCK)}")
    return value


Elapsed = Annotated[int, BeforeValidator(_elapsed)]
Period = Annotated[str, AfterValidator(_period)]


class Fragment(Model):
    """A piece of a post: text, the topics it needs, and the mood it carries (-1 .. +1).

    Words that assume time has passed ("een hele dag verder", "since yesterday", "all night")
    are false early in an exercise, so such a fragment says when it may be said, as data beside
    its topics: ``after`` and ``before`` (simulated time since T+0), ``clock`` (the parts of the
    story clock's day) and ``from_day`` and ``to_day`` (the exercise's days on the story clock, the
    first is 1: "gisteren" is not said on it)."""

    text: str
    needs: tuple[Topic, ...] = ()
    mood: float | None = Field(default=None, ge=-1, le=1)
    after: Elapsed | None = None
    before: Elapsed | None = None
    clock: tuple[Period, ...] = ()
    from_day: int | None = Field(default=None, ge=1, le=31)
    to_day: int | None = Field(default=None, ge=1, le=31)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _check_text(value)

    @model_validator(mode="after")
    def _needs(self) -> Fragment:
        used = placeholders(self.text)
        for name in sorted(used):
            either = EITHER.get(name)
            if either and not set(either) & set(self.needs):
                raise _error(
                    f"a fragment with {{{name}}} needs [{either[0]}] or [{either[1]}]: "
                    f"there is no {name} before one of those happened"
                )
        for a, b in _CONTRADICTIONS:
            if a in self.needs and b in self.needs:
                raise _error(f"needs both '{a}' and '{b}', which never hold together")
        if self.after is not None and self.before is not None and self.after >= self.before:
            raise _error("'after' is not before 'before': the fragment could never be said; widen the window")
        if self.from_day is not None and self.to_day is not None and self.from_day > self.to_day:
            raise _error("'from_day' is after 'to_day': the fragment could never be said")
        return self

    @property
    def when(self) -> When | None:
        """When it may be said (None: at any time)."""
        if (
            self.after is None
            and self.before is None
            and not self.clock
            and self.from_day is None
            and self.to_day is None
        ):
            return None
        hours = frozenset(h for period in self.clock for h in range(*CLOCK[period])) if self.clock else None
        days = None if self.from_day is None and self.to_day is None else (self.from_day or 1, self.to_day or 99)
        return When(float(self.after or 0), math.inf if self.before is None else float(self.before), hours, days)

    @property
    def topics(self) -> frozenset[str]:
        """What must hold, including what the placeholders imply (``{rumour}``: rumour)."""
        implied = {PLACEHOLDERS[p] for p in placeholders(self.text)}
        return frozenset(self.needs) | {t for t in implied if t}


@dataclass(frozen=True, slots=True)
class When:
    """A fragment's time condition, compiled: elapsed seconds since T+0 in ``[after, before)``,
    the story clock's hour in ``hours`` (None: any) and its day in ``days`` (from, to; None: any)."""

    after: float
    before: float
    hours: frozenset[int] | None
    days: tuple[int, int] | None

    def holds(self, at: float | None, clock_s: float | None) -> bool:
        """At ``at`` simulated seconds, the story clock ``clock_s`` seconds after midnight at T+0;
        an unknown time (None) holds no condition: what assumes time has passed is not said."""
        if at is None or not self.after <= at < self.before:
            return False
        if self.hours is None and self.days is None:
            return True
        if clock_s is None:
            return False
        now = clock_s + at
        if self.hours is not None and int(now % 86400 // 3600) not in self.hours:
            return False
        return self.days is None or self.days[0] <= int(now // 86400) + 1 <= self.days[1]


def _fragment(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


FragmentIn = Annotated[Fragment, BeforeValidator(_fragment)]


def _slot_ref(value: object) -> object:
    """``claim`` (always), ``feeling?`` (half the time) or ``feeling?0.3``, as (slot, probability)."""
    if not isinstance(value, str):
        return value
    name, mark, chance = value.strip().partition("?")
    if name not in SLOTS:
        raise _error(f"unknown slot '{name}'{did_you_mean(name, SLOTS)}")
    if not mark:
        return (name, 1.0)
    if not chance:
        return (name, OPTIONAL)
    try:
        probability = float(chance)
    except ValueError:
        raise _error(f"'{value}': after '?' comes how often the slot is filled, such as {name}?0.3") from None
    if not 0 < probability <= 1:
        raise _error(f"'{value}': the probability is more than 0 and at most 1")
    return (name, probability)


SlotRef = Annotated[tuple[str, float], BeforeValidator(_slot_ref)]


def _words(value: object) -> object:
    return value.split() if isinstance(value, str) else value


class Shape(Model):
    """One way a post runs: slots in order (``"opening? claim feeling?0.3"``), and how often this
    shape is drawn."""

    slots: Annotated[list[SlotRef], BeforeValidator(_words)] = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)


def _shape(value: object) -> object:
    if isinstance(value, str):
        return {"slots": value.split()}
    return {"slots": value} if isinstance(value, list) else value


ShapeIn = Annotated[Shape, BeforeValidator(_shape)]


class Style(Model):
    """How this voice types. Rates are per post; capitals and ``!!`` grow with anger."""

    lowercase: Rate = 0.0
    shout_word: Rate = 0.0
    shout_sentence: Rate = 0.0
    no_period: Rate = 0.0
    repeat: Rate = 0.0
    typos: Rate = 0.0
    more_typos: dict[str, list[str]] = Field(default_factory=dict)
    emoji: list[str] = Field(default_factory=list)
    emoji_rate: Rate = 0.0
    hashtag: Rate = 0.6

    @field_validator("more_typos", mode="before")
    @classmethod
    def _typos(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value


class Grammar(Model):
    """The grammar of one voice: shapes, the fragments of each slot, and a style."""

    shapes: list[ShapeIn] = Field(min_length=1)
    opening: list[FragmentIn] = Field(default_factory=list)
    claim: list[FragmentIn] = Field(default_factory=list)
    feeling: list[FragmentIn] = Field(default_factory=list)
    demand: list[FragmentIn] = Field(default_factory=list)
    question: list[FragmentIn] = Field(default_factory=list)
    aside: list[FragmentIn] = Field(default_factory=list)
    ending: list[FragmentIn] = Field(default_factory=list)
    style: Style = Field(default_factory=Style)

    def fragments(self, slot: str) -> list[Fragment]:
        value: list[Fragment] = getattr(self, slot)
        return value


def check(grammar: Grammar) -> list[tuple[tuple[str | int, ...], str]]:
    """What the models cannot see one field at a time: paths below the grammar, and what is wrong."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for i, shape in enumerate(grammar.shapes):
        for k, (slot, _) in enumerate(shape.slots):
            if not grammar.fragments(slot):
                problems.append((("shapes", i, "slots", k), f"slot '{slot}' has no fragments; write some or drop it"))
    if problems:
        return problems
    quiet_ok = any(
        all(
            probability < 1 or any(f.topics <= QUIET and f.when is None for f in grammar.fragments(slot))
            for slot, probability in shape.slots
        )
        for shape in grammar.shapes
    )
    if not quiet_ok:
        problems.append(
            (
                ("shapes",),
                "no shape can be written before anything happened beyond the breach: give every required "
                "slot of one shape fragments that need no more than breach, no-statement or no-letter, "
                "at any time (no after, before, clock, from_day or to_day)",
            )
        )
    return problems


# compiled: what a post is drawn from ------------------------------------------------------------

_BINS: Final = 11  # sentiment -1, -0.8, .. +1
_LAST_BIN: Final = _BINS - 1
_HALF_SPAN: Final = (_BINS - 1) / 2  # a sentiment's bin is (s + 1) times this, rounded
_SOFT_END = re.compile(r"[,:;–—-]$")  # runs on into the next fragment
_OPEN_END = re.compile(r"[,:;–—-]$|[^\W_]$")  # an opening also when it ends in a word: "Sorry but"
_TAGS = re.compile(r"(?:^|\s)#\w+")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(slots=True)
class _Variant:
    id: str  # the fragment's: claim#12
    text: str  # a format string when ``uses``, else the plain text
    low: str  # the same, its first letter lower-cased: after an opening that ends in a comma
    uses: frozenset[str]
    soft: bool
    typos: tuple[tuple[str, str], ...] | None  # (text, low) with one typo of the language made
    """None until a post that makes a typo first draws it (``Composer._typoed``): most of a
    grammar's thousands of variants never are, and working them all out when a storm starts
    cost more than all the typos it writes."""
    shouts: tuple[tuple[str, str], ...] | None  # (text, low) with one word in capitals; None as typos
    said: int = 0
    """What it puts in a post that another fragment may not say again or contradict, one bit each
    (``Composer._bits``): its fragment, a sentence another fragment of the grammar also has, the
    quoted words, a relative. A post's bits are their ``|``: one ``&`` per slot checks them all."""
    bars: int = 0
    """What keeps it out of a post that already said it: its fragment, the same sentences and
    quoted words, and every other relative of the grammar."""


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    variants: tuple[_Variant, ...]
    topics: frozenset[str]
    facts: frozenset[str]  # placeholders that need a fact of the moment: quote, outlet, headline, rumour
    mood: float | None
    when: int = -1  # its time condition's index in Composer._whens; -1: said at any time
    weights: tuple[float, ...] = ()
    """Each variant's weight per sentiment bin (a fragment weighs the same however many variants
    its choices make), worked out once: the story's every turn builds tables from them."""


_Table = tuple[list[float], float, list["_Variant"]]
"""A slot's variants for one sentiment bin: cumulative weights, their total, the variants."""


@dataclass(frozen=True, slots=True)
class _Pools:
    shape_cum: list[float]
    shapes: list[tuple[tuple[int, float], ...]]
    # per sentiment bin, per slot index: None (nothing can be said) or the slot's table
    bins: list[list[_Table | None]]
    plans: list[list[tuple[tuple[float, _Table | None], ...]]] = field(default_factory=list)
    """Per sentiment bin, per shape: its slots as (probability, table), in order; a slot that
    can say nothing is left out when it is certain (it draws nothing), kept when its
    probability draws a number (the stream must draw the same numbers)."""

    def __post_init__(self) -> None:
        if not self.plans:
            for tables in self.bins:
                self.plans.append(
                    [tuple((p, tables[s]) for s, p in refs if p < 1.0 or tables[s] is not None) for refs in self.shapes]
                )


def _without_echo(before: str, text: str) -> str:
    """``Oké, dus`` + ``dus De Nieuwe Kroniek ...``: the word an opening ends with is not said again."""
    last = before.rsplit(" ", 1)[-1].strip(",:;").lower()
    head, _, rest = text.partition(" ")
    return rest if rest and head.lower() == last else text


def _lower_first(text: str) -> str:
    """``Ik heb`` → ``ik heb``, but ``I have``, ``BSN`` and ``{org}`` stay as they are."""
    if not text or text[0] == "{" or not text[0].isupper():
        return text
    word = text.split(" ", 1)[0]
    if word in ("I",) or word.startswith(("I'", "I’")) or (len(word) > 1 and not word[1:].islower()):
        return text
    return text[0].lower() + text[1:]


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_NOT_WORD = re.compile(r"[^\w{}]+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as read for repetition: case, punctuation and emoji set aside
    (``Schandalig!`` and ``SCHANDALIG.`` are one sentence)."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        key = " ".join(_NOT_WORD.sub(" ", sentence.lower()).split())
        if key:
            out.append(key)
    return out


def _plain_variants(text: str) -> list[str]:
    """Every variant of a fragment: a format string when it has placeholders, else plain text."""
    if placeholders(text):
        return expand(text)
    return [t.replace("{{", "{").replace("}}", "}") for t in expand(text)]


@functools.cache
def _kin_pattern(language: str) -> re.Pattern[str] | None:
    words = sorted(KIN.get(language, {}), key=len, reverse=True)
    if not words:
        return None
    plain = "|".join(re.escape(w) for w in words if w not in _KIN_OWNED)
    owned = "|".join(re.escape(w) for w in words if w in _KIN_OWNED)
    either = f"(?<![\\w-])({plain})(?![\\w-])"
    if owned:
        either += f"|(?<![\\w-]){_OWNERS}\\s+({owned})(?![\\w-])"
    return re.compile(either, re.I)


def kin(text: str, language: str) -> frozenset[str]:
    """The relatives ``text`` names, as the person each word names (``mijn ma``: moeder)."""
    pattern = _kin_pattern(language)
    if pattern is None:
        return frozenset()
    persons = KIN[language]
    return frozenset(persons[(m.group(1) or m.group(2)).lower()] for m in pattern.finditer(text))


def _weight(mood: float | None, centre: float) -> float:
    if mood is None:
        return 0.5
    return max(0.06, math.exp(-(((mood - centre) / 0.45) ** 2)))


#: How many moments a composer remembers the pools of (a few storms' current ones).
_MOMENTS = 64
_CLAIM = SLOTS.index("claim")
#: The share of a wave post's claims that take up what set the wave off (the rest are the usual).
FOCUS_SHARE = 0.6
#: Words a post quotes (the team's, a headline): once in a post, never twice.
_QUOTED = frozenset({"quote", "headline"})
_NOTHING: frozenset[str] = frozenset()


class Composer:
    """One voice's grammar, compiled; draws posts for a moment and a sentiment."""

    def __init__(self, grammar: Grammar, language: str) -> None:
        self.grammar = grammar
        self.language = language
        self.style = style = grammar.style
        self._typo_rate = style.typos
        self._lowercase = style.lowercase
        self._shout_sentence = style.shout_sentence
        self._shout = style.shout_sentence + style.shout_word
        self._repeat = style.repeat
        self._no_period = style.no_period
        self._emoji = tuple(style.emoji)
        self._emoji_rate = style.emoji_rate
        self._hashtag = style.hashtag
        typos: dict[str, tuple[str, ...]] = dict(TYPOS.get(language, {}))
        typos.update({k.lower(): tuple(v) for k, v in self.style.more_typos.items() if v})
        self._typos = {k.lower(): v for k, v in typos.items()}
        words = sorted(self._typos, key=len, reverse=True)
        self._typo_re = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'])", re.I)
        # every variant's text, its sentences and relatives first: what two fragments both say
        # (or name differently) is only known once all of them are read
        texts = {(slot, i): _plain_variants(f.text) for slot in SLOTS for i, f in enumerate(grammar.fragments(slot))}
        said_in = {where: [sentences(plain) for plain in variants_of] for where, variants_of in texts.items()}
        saying: dict[str, set[tuple[str, int]]] = {}
        for where, each in said_in.items():
            for variant_sentences in each:
                for sentence in variant_sentences:
                    saying.setdefault(sentence, set()).add(where)
        shared = {sentence for sentence, where in saying.items() if len(where) > 1}
        relatives = {where: [kin(plain, language) for plain in variants_of] for where, variants_of in texts.items()}
        everyone = frozenset(k for found in relatives.values() for kins in found for k in kins)
        self._bits: dict[str, int] = {}
        self._entries: list[list[_Entry]] = []
        self._whens: list[When] = []
        """The distinct time conditions of its fragments: a moment's pools hold for one phase of them."""
        for slot in SLOTS:
            entries = []
            for i, fragment in enumerate(grammar.fragments(slot)):
                uses = placeholders(fragment.text)
                quoted = {f"f:{slot}#{i + 1}"} | {f"p:{u}" for u in uses & _QUOTED}
                variants = []
                for plain, kins, says in zip(texts[slot, i], relatives[slot, i], said_in[slot, i], strict=True):
                    soft = bool((_OPEN_END if slot == "opening" else _SOFT_END).search(plain.rstrip()))
                    again = quoted | {f"s:{x}" for x in says if x in shared}
                    said = again | {f"k:{k}" for k in kins}
                    bars = again | ({f"k:{k}" for k in everyone - kins} if kins else set())
                    variants.append(
                        _Variant(
                            f"{slot}#{i + 1}",
                            plain,
                            _lower_first(plain),
                            uses,
                            soft,
                            None,
                            None,
                            self._mask(said),
                            self._mask(bars),
                        )
                    )
                facts = uses & {"quote", "outlet", "headline", "rumour"}
                when = fragment.when
                if when is not None and when not in self._whens:
                    self._whens.append(when)
                timed = -1 if when is None else self._whens.index(when)
                share = [_weight(fragment.mood, -1.0 + 2.0 * b / (_BINS - 1)) / len(variants) for b in range(_BINS)]
                entry = _Entry(f"{slot}#{i + 1}", tuple(variants), fragment.topics, facts, fragment.mood, timed)
                entries.append(dataclasses.replace(entry, weights=tuple(share)))
            self._entries.append(entries)
        self._shapes = [(tuple((SLOTS.index(s), p) for s, p in shape.slots), shape.weight) for shape in grammar.shapes]
        self._pools: dict[tuple[object, ...], _Pools] = {}
        self._tables: dict[tuple[object, ...], list[_Table]] = {}
        """A slot's tables per set of usable fragments: a turn of the story or the clock changes
        the fragments of a slot or two, and the others' tables are reused."""
        self._moments: dict[int, tuple[Moment, _Pools, dict[str, str], float, float]] = {}
        """Per moment (by identity: a storm keeps its moment until the story changes), its pools,
        values and the simulated seconds they hold for: storms that share a voice take turns."""
        self._clocked = any(w.hours is not None or w.days is not None for w in self._whens)
        # the pools of the moment composed for last (a storm's moment changes only with the story),
        # and the simulated seconds [since, until) in which its time conditions stay as they are
        self._since = math.inf
        self._until = -math.inf
        self._last_moment: Moment | None = None
        self._last_pools = _Pools([], [], [])
        self._last_values: dict[str, str] = {}
        self.last_uses: frozenset[str] = frozenset()
        """The placeholders the last composed post filled in: did it quote the team, name a rumour?"""

    def _mask(self, keys: set[str]) -> int:
        """``keys`` as bits, each key its own bit in this grammar."""
        bits = self._bits
        mask = 0
        for key in keys:  # which bit a key gets changes no post: only whether two posts' bits meet
            mask |= 1 << bits.setdefault(key, len(bits))
        return mask

    # pools per moment

    def _key(self, moment: Moment) -> tuple[object, ...]:
        return (
            moment.topics,
            moment.quote is not None,
            moment.outlet is not None,
            moment.headline is not None,
            bool(moment.rumours),
            moment.focus,
        )

    def _phase(self, moment: Moment, at: float | None) -> tuple[tuple[bool, ...], float, float]:
        """Which time conditions hold at ``at``, and the simulated seconds ``[since, until)`` in
        which none of them changes (an elapsed bound, or the story clock's next full hour)."""
        whens = self._whens
        if not whens:
            return (), -math.inf, math.inf
        clock_s = moment.clock_s
        holding = tuple(w.holds(at, clock_s) for w in whens)
        if at is None:
            return holding, math.inf, -math.inf  # an unknown time: asked again at every post
        since, until = -math.inf, math.inf
        for w in whens:
            for edge in (w.after, w.before):
                if edge <= at:
                    since = max(since, edge)
                else:
                    until = min(until, edge)
        if self._clocked and clock_s is not None:
            hour = at - (clock_s + at) % 3600
            since, until = max(since, hour), min(until, hour + 3600)
        return holding, since, until

    def _build(self, moment: Moment, holding: tuple[bool, ...] = ()) -> _Pools:
        facts = {
            "quote": moment.quote is not None,
            "outlet": moment.outlet is not None,
            "headline": moment.headline is not None,
            "rumour": bool(moment.rumours),
        }
        topics = moment.topics | {"breach"}
        slots: list[list[tuple[list[float], float, list[_Variant]]] | None] = []
        focus = moment.focus if moment.focus and facts.get(moment.focus) else None
        for index, entries in enumerate(self._entries):
            usable = [
                e
                for e in entries
                if e.topics <= topics and all(facts[f] for f in e.facts) and (e.when < 0 or holding[e.when])
            ]
            boost = 1.0
            if focus and index == _CLAIM:
                # a wave's posts are mostly about what set it off, but not all with the same few claims
                on_focus = sum(1 for e in usable if focus in e.facts)
                if on_focus:
                    boost = max(1.0, FOCUS_SHARE / (1 - FOCUS_SHARE) * (len(usable) - on_focus) / on_focus)
            if not usable:
                slots.append(None)
                continue
            key = (index, tuple(e.id for e in usable), boost, focus)
            tables = self._tables.get(key)
            if tables is None:
                tables = self._tables[key] = []
                variants = list(itertools.chain.from_iterable(e.variants for e in usable))
                boosts = [boost if focus in e.facts else 1.0 for e in usable]
                for b in range(_BINS):
                    # a fragment's variants weigh the same: its weight repeated, summed in C
                    moods = itertools.chain.from_iterable(
                        itertools.repeat(e.weights[b] * k, len(e.variants)) for e, k in zip(usable, boosts, strict=True)
                    )
                    cum = list(itertools.accumulate(moods))
                    tables.append((cum, cum[-1], variants))
            slots.append(tables)
        shapes, weights = [], []
        for refs, weight in self._shapes:
            if all(p < 1 or slots[s] is not None for s, p in refs):
                shapes.append(refs)
                weights.append(weight)
        if not shapes:  # the grammar's check refuses this; a post must still come out
            fallback = next(i for i, s in enumerate(slots) if s is not None) if any(slots) else None
            if fallback is None:
                raise ValueError("this grammar can write nothing for the moment")
            shapes, weights = [((fallback, 1.0),)], [1.0]
        bins = [[None if t is None else t[b] for t in slots] for b in range(_BINS)]
        return _Pools(list(itertools.accumulate(weights)), shapes, bins)

    def _values(self, moment: Moment) -> dict[str, str]:
        org = moment.org
        name = str(org.get("name", ""))
        return {
            "org": name,
            "org_short": str(org.get("short") or name),
            "quote": moment.quote or "",
            "outlet": moment.outlet or "",
            "headline": moment.headline or "",
        }

    def pools(self, moment: Moment, at: float | None = None) -> tuple[_Pools, dict[str, str]]:
        """What a post of ``moment`` at ``at`` simulated seconds is drawn from (``at`` None: a
        time unknown, when no timed fragment is said)."""
        if moment is self._last_moment and at is not None and self._since <= at < self._until:
            return self._last_pools, self._last_values
        seen = self._moments.get(id(moment))
        if seen is not None and seen[0] is moment and at is not None and seen[3] <= at < seen[4]:
            _, pools, values, since, until = seen
        else:
            holding, since, until = self._phase(moment, at)
            key = (*self._key(moment), holding)
            found = self._pools.get(key)
            pools = found if found is not None else self._pools.setdefault(key, self._build(moment, holding))
            values = seen[2] if seen is not None and seen[0] is moment else self._values(moment)
            if len(self._moments) >= _MOMENTS:
                self._moments.clear()
            self._moments[id(moment)] = (moment, pools, values, since, until)
        self._last_moment, self._last_pools, self._last_values = moment, pools, values
        self._since, self._until = since, until
        return pools, values

    # one post

    def compose(
        self, rng: random.Random, moment: Moment, sentiment: float, at: float | None = None
    ) -> tuple[str, tuple[str, ...]]:
        """The text of one post at ``at`` simulated seconds since T+0, and the ids of the
        fragments it was made of."""
        if moment is self._last_moment and at is not None and self._since <= at < self._until:
            pools, base = self._last_pools, self._last_values
        else:
            pools, base = self.pools(moment, at)
        r = rng.random
        cum = pools.shape_cum
        shape = bisect.bisect_right(cum, r() * cum[-1])
        # (s + 1) * (_BINS - 1) / 2, the same number: halving is exact, so x * 10 / 2 == x * 5
        b = int((sentiment + 1.0) * _HALF_SPAN + 0.5)
        plan = pools.plans[0 if b < 0 else _LAST_BIN if b > _LAST_BIN else b][shape]
        typos = r() < self._typo_rate
        heat = 1.0 - 0.7 * sentiment  # 0.3 + 0.7 * (1 - sentiment): 1.7 at -1, 1.0 at 0, 0.3 at +1
        roll = r() - self._lowercase
        lower = roll < 0
        shout_sentence = not lower and roll < self._shout_sentence * heat
        shout_word = not lower and not shout_sentence and roll < self._shout * heat
        parts: list[str] = []
        ids: list[str] = []
        said = 0
        used: frozenset[str] = _NOTHING
        soft = False
        values: dict[str, str] | None = None
        tagged = False
        for probability, table in plan:
            if probability < 1.0 and r() >= probability:
                continue
            if table is None:
                continue
            weights, total, variants = table
            variant = variants[bisect.bisect_right(weights, r() * total)]
            if said & variant.bars:
                variant = variants[bisect.bisect_right(weights, r() * total)]
                if said & variant.bars:
                    variant = variants[bisect.bisect_right(weights, r() * total)]
                    if said & variant.bars:
                        # the same fragment or sentence twice, a second quote of the same words,
                        # or another relative than the one the post is about: three draws, then
                        # the slot stays empty (a relative's voice names one in most fragments)
                        continue
            said |= variant.said
            if not typos and not shout_word:  # most slots: the fragment as it is, nothing to draw
                text = variant.low if soft else variant.text
            else:
                typoed = (variant.typos if variant.typos is not None else self._typoed(variant)) if typos else None
                if typoed and r() < 0.7:
                    typo = typoed[int(r() * len(typoed))]
                    text = typo[1] if soft else typo[0]
                    typos = False
                else:
                    shouted = variant.shouts if not shout_word or variant.shouts is not None else self._shouted(variant)
                    if shout_word and shouted and r() < 0.6:
                        shout = shouted[int(r() * len(shouted))]
                        text = shout[1] if soft else shout[0]
                        shout_word = False
                    else:
                        text = variant.low if soft else variant.text
            uses = variant.uses
            if uses:
                used |= uses
                if values is None:
                    values = dict(base)
                if "tag" in uses:
                    values["tag"] = moment.hashtags[int(r() * len(moment.hashtags))] if moment.hashtags else ""
                    tagged = True
                if "rumour" in uses:
                    values["rumour"] = moment.rumours[int(r() * len(moment.rumours))]
                if "quote" in uses and moment.quotes:
                    values["quote"] = moment.quotes[int(r() * len(moment.quotes))]
                text = text.format_map(values)
            if soft and parts:
                text = _without_echo(parts[-1], text)
            parts.append(text)
            ids.append(variant.id)
            soft = variant.soft
        if shout_sentence and parts:
            i = int(r() * len(parts))
            parts[i] = parts[i].upper()
        self.last_uses = used
        text = " ".join(parts).rstrip(",:;–— ")
        if lower:
            text = text.lower()
        return self._type(text, r, heat, () if tagged else moment.hashtags), tuple(ids)

    def _type(self, text: str, r: Callable[[], float], heat: float, hashtags: Sequence[str]) -> str:
        """Finish ``text`` as this voice types: punctuation, emoji, a hashtag (case, capitals and
        typos are made in the fragments)."""
        end = text[-1:]
        if end == "!" or end == "?":
            if r() < self._repeat * heat:
                repeats = _REPEATS[end]
                text += repeats[int(r() * len(repeats))]
        elif end == "." and r() < self._no_period and not text.endswith(".."):
            text = text[:-1]
        emoji = self._emoji
        if emoji and r() < self._emoji_rate:
            one = emoji[int(r() * len(emoji))]
            roll = r()
            if roll < 0.2:
                one += one
            elif roll < 0.28:
                one += one + one
            elif roll < 0.4:
                one += emoji[int(r() * len(emoji))]
            text += one if roll > 0.85 else " " + one
        if hashtags and r() < self._hashtag:
            text += " " + hashtags[int(r() * len(hashtags))]
            if len(hashtags) > 1 and r() < 0.15:
                other = hashtags[int(r() * len(hashtags))]
                if other not in text:
                    text += " " + other
        return text

    def _typoed(self, variant: _Variant) -> tuple[tuple[str, str], ...]:
        """``variant``'s typo versions, worked out the first time a post may make one in it."""
        variant.typos = tuple((t, _lower_first(t)) for t in self._typo_versions(variant.text))
        return variant.typos

    def _shouted(self, variant: _Variant) -> tuple[tuple[str, str], ...]:
        """``variant``'s versions with one word in capitals, worked out as :meth:`_typoed`."""
        variant.shouts = tuple((t, _lower_first(t)) for t in _shout_versions(variant.text))
        return variant.shouts

    def _typo_versions(self, text: str) -> list[str]:
        """``text`` with each typo the language allows made once (never inside a placeholder)."""
        if not self.style.typos:
            return []
        held = [m.span() for m in _PLACEHOLDER.finditer(text)]
        out = []
        for match in self._typo_re.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in held):
                continue
            word = match.group(0)
            for new in self._typos[word.lower()]:
                if new == word.lower():
                    continue
                if word.isupper() and len(word) > 1:
                    new = new.upper()
                elif word[0].isupper():
                    new = new[0].upper() + new[1:]
                out.append(text[: match.start()] + new + text[match.end() :])
        return out


_PUNCTUATION: Final = ".,!?:;'\"()…"
_REPEATS: Final = {"!": ("!", "!!", "!!!!"), "?": ("?", "??", "!", "?!")}


_SHOUTABLE = re.compile(r"(?<![\w{'])[^\W\d_A-Z]{4,}(?![\w}'])")


def _shout_versions(text: str, most: int = 6) -> list[str]:
    """``text`` with one of its longer words in capitals, ``MIJN dossier``, for a few such words."""
    words = sorted(_SHOUTABLE.finditer(text), key=lambda m: (-len(m.group(0)), m.start()))[:most]
    return [text[: m.start()] + m.group(0).upper() + text[m.end() :] for m in words if m.group(0).islower()]


def without_hashtags(text: str) -> str:
    """The text as read for repetition: hashtags set aside."""
    return " ".join(_TAGS.sub(" ", text).split())


_COMPOSERS: dict[tuple[int, str], tuple[Grammar, Composer]] = {}


def composer(grammar: Grammar, language: str) -> Composer:
    """The compiled grammar, made once per grammar and language for the process."""
    key = (id(grammar), language)
    found = _COMPOSERS.get(key)
    if found is None or found[0] is not grammar:
        found = _COMPOSERS[key] = (grammar, Composer(grammar, language))
    return found[1]
