"""Generated people: the accounts of a crowd and the reporters of the press.

A storm is not a new stranger per post: it is a crowd of accounts, a few loud and most
posting once. Accounts are made once, from a persona and a stream, and then drawn from. Their
names come from the curated lists of :mod:`crisissim.content.names`; a display name never
carries a persona's ``words`` (those are for handles), and a :class:`HandleBook` keeps each
handle to one account.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import struct
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from crisissim.content.fakers import SeededFaker
from crisissim.content.names import MAX_HANDLE, PERSON_DRAWS, HandleBook, person_from
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


#: How many numbers an account is made from: :data:`PERSON_DRAWS` for the person, then its
#: number, year, word, name, handle, followers and whether it is verified.
ACCOUNT_DRAWS: Final = PERSON_DRAWS + 7
_DIGEST_WORDS: Final = struct.Struct(f">{ACCOUNT_DRAWS}I")
_UNIT32: Final = 2.0**-32


def account_draws(seed: int, name: str) -> list[float]:
    """The :data:`ACCOUNT_DRAWS` numbers in [0, 1) of the account called ``name`` in the run of
    ``seed``: the first 32-bit words of the SHA-512 digest of both. A storm makes thousands of
    accounts, each from a dozen numbers; seeding a Mersenne Twister for each (624 words of
    state) cost more than the rest of making it, and one digest gives them all."""
    digest = hashlib.sha512(f"crisissim/{seed}/{name}".encode()).digest()
    return [w * _UNIT32 for w in _DIGEST_WORDS.unpack_from(digest)]


def make_account(
    persona: CrowdPersona,
    language: str,
    rng: random.Random | Sequence[float],
    fake: SeededFaker | None = None,
    *,
    handles: HandleBook | None = None,
    owner: str | None = None,
) -> Account:
    """One account of ``persona``, made from :data:`ACCOUNT_DRAWS` numbers in [0, 1): those given
    (:func:`account_draws`, as a storm makes its accounts), or the next ones of ``rng``. With
    ``handles``, its handle is made unique for ``owner`` (the account's id in the exercise; the
    name when none is given). ``fake`` is no longer used: the names come from curated lists."""
    u = [rng.random() for _ in range(ACCOUNT_DRAWS)] if isinstance(rng, random.Random) else rng
    recipe = _recipe(persona, language)
    voice = recipe.voice
    first, last = person_from(language, u)
    words = voice.words
    num = str(1 + int(u[5] * 999))
    context = {
        "first": first,
        "last": last,
        "num": num,
        "year": f"{(55 + int(u[6] * 52)) % 100:02d}",
        "word": words[int(u[7] * len(words))] if words else first.lower(),
    }
    names = recipe.names
    name = render(names[int(u[8] * len(names))], context).strip() or first
    templates = voice.handles
    handle = ascii_handle(render(templates[int(u[9] * len(templates))], context), f"user{num}")
    followers = round(math.exp(recipe.log_low + (recipe.log_high - recipe.log_low) * u[10]))
    if handles is not None:
        handle = handles.claim(handle, owner if owner is not None else name)
    return Account(persona.id, name, handle, followers, u[11] < persona.verified)
