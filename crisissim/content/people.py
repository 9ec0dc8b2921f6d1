"""Generated people: the accounts of a crowd and the reporters of the press.

A storm is not a new stranger per post: it is a crowd of accounts, a few loud and most
posting once. Accounts are made once, from a persona and a stream, and then drawn from.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass

from crisissim.content.fakers import SeededFaker
from crisissim.content.personas import CrowdPersona
from crisissim.content.templates import render

_NOT_HANDLE = re.compile(r"[^A-Za-z0-9_]")
MAX_HANDLE = 20


@dataclass(frozen=True, slots=True)
class Account:
    """One member of a storm's crowd."""

    persona: str
    name: str
    handle: str
    followers: int
    verified: bool


def ascii_handle(text: str, fallback: str) -> str:
    """A handle as platforms allow it: ``Zoë van 't Hof`` becomes ``Zoevanthof``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
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


def make_account(persona: CrowdPersona, language: str, rng: random.Random, fake: SeededFaker) -> Account:
    voice = persona.voice(language)
    first, last = fake.person()
    context = name_context(first, last, rng, voice.words)
    name = render(rng.choice(voice.names), context).strip() or first
    handle = ascii_handle(render(rng.choice(voice.handles), context), f"user{context['num']}")
    low, high = sorted(max(1, f) for f in persona.followers)
    followers = round(math.exp(rng.uniform(math.log(low), math.log(high))))
    return Account(persona.id, name, handle, followers, rng.random() < persona.verified)
