"""Generated people: the accounts of a crowd and the reporters of the press.

A storm is not a new stranger per post: it is a crowd of accounts, a few loud and most
posting once. Accounts are made once, from a persona and a stream, and then drawn from. Their
names come from the curated lists of :mod:`crisissim.content.names`; a display name never
carries a persona's ``words`` (those are for handles), and a :class:`HandleBook` keeps each
handle to one account.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass

from crisissim.content.fakers import SeededFaker
from crisissim.content.names import MAX_HANDLE, HandleBook, person
from crisissim.content.personas import CrowdPersona, CrowdVoice
from crisissim.content.templates import render

_NOT_HANDLE = re.compile(r"[^A-Za-z0-9_]")
#: Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class Account:
    """One member of a storm's crowd."""

    persona: str
    name: str
    handle: str
    followers: int
    verified: bool


def ascii_handle(text: str, fallback: str) -> str:
    """A handle as platforms allow it: ``Zoë van 't Hof`` becomes ``ZoevantHof``, ``Yılmaz`` ``Yilmaz``."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    handle = _NOT_HANDLE.sub("", folded)[:MAX_HANDLE]
    return handle or fallback


def name_context(first: str, last: str, rng: random.Random, words: list[str]) -> dict[str, str]:
    return {
        "first": first,
        "last": last,
        "num": str(rng.randint(1, 999)),
        "year": f"{rng.randint(55, 106) % 100:02d}",
        "word": rng.choice(words) if words else first.lower(),
    }


def display_names(persona: CrowdPersona, language: str) -> tuple[str, ...]:
    """The persona's name templates that show a person, not a label: ``{{ word }}`` (``mamavan3``)
    belongs in a handle, never in the name people read."""
    names = tuple(t for t in persona.voice(language).names if "word" not in t)
    return names or ("{{ first }} {{ last }}",)


@dataclass(frozen=True, slots=True)
class _Recipe:
    """What :func:`make_account` reads of a persona in one language, worked out once: a storm makes
    thousands of accounts of the same few personas, and these never change between them."""

    voice: CrowdVoice
    names: tuple[str, ...]
    """:func:`display_names`."""
    log_low: float
    log_high: float
    """The logarithms of the persona's least and most followers."""


_RECIPES: dict[tuple[int, str], tuple[CrowdPersona, _Recipe]] = {}


def _recipe(persona: CrowdPersona, language: str) -> _Recipe:
    key = (id(persona), language)
    found = _RECIPES.get(key)
    if found is None or found[0] is not persona:
        low, high = sorted(max(1, f) for f in persona.followers)
        recipe = _Recipe(persona.voice(language), display_names(persona, language), math.log(low), math.log(high))
        found = _RECIPES[key] = (persona, recipe)
    return found[1]


def make_account(
    persona: CrowdPersona,
    language: str,
    rng: random.Random,
    fake: SeededFaker | None = None,
    *,
    handles: HandleBook | None = None,
    owner: str | None = None,
) -> Account:
    """One account of ``persona``, drawn from ``rng``; with ``handles``, its handle is made unique
    for ``owner`` (the account's id in the exercise; the name when none is given). ``fake`` is
    no longer used: the names come from curated lists."""
    recipe = _recipe(persona, language)
    voice = recipe.voice
    first, last = person(language, rng)
    context = name_context(first, last, rng, voice.words)
    name = render(rng.choice(recipe.names), context).strip() or first
    handle = ascii_handle(render(rng.choice(voice.handles), context), f"user{context['num']}")
    followers = round(math.exp(rng.uniform(recipe.log_low, recipe.log_high)))
    if handles is not None:
        handle = handles.claim(handle, owner if owner is not None else name)
    return Account(persona.id, name, handle, followers, rng.random() < persona.verified)
