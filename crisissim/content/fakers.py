"""Faker per language, reseeded from a stream before every use.

Building a Faker costs milliseconds, so there is one per locale, kept for the process; what
makes it deterministic is that every call first reseeds its *own* generator
(``seed_instance``) from the caller's stream. Faker's shared random is never touched.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from faker import Faker

LOCALES = {"nl": "nl_NL", "en": "en_GB"}

#: Faker attributes a template must not reach: they reseed or expose the generator.
_BLOCKED = {
    "seed",
    "seed_instance",
    "seed_locale",
    "random",
    "add_provider",
    "get_providers",
    "providers",
    "factories",
    "weights",
    "locales",
    "unique",
    "optional",
    "set_arguments",
    "del_arguments",
    "get_arguments",
    "parse",
    "format",
    "get_formatter",
    "set_formatter",
    "provider",
}

#: Generators whose output passes real checksums and may identify a living person.
_REAL_IDS = {
    "ssn": "generated national numbers (BSN, NI) pass real checks and may belong to real people; "
    "write a number from a test range, such as 999990019 for a BSN",
}


@cache
def faker_for(language: str) -> Faker:
    return Faker(LOCALES[language])


class SeededFaker:
    """What templates see as ``fake``: Faker's providers, each call drawn from one stream."""

    __slots__ = ("_faker", "_rng")

    def __init__(self, language: str, rng: random.Random) -> None:
        self._faker = faker_for(language)
        self._rng = rng

    def __getattr__(self, name: str) -> Any:
        if name in _REAL_IDS:
            raise AttributeError(f"fake.{name} is not available: {_REAL_IDS[name]}")
        if name.startswith("_") or name in _BLOCKED:
            raise AttributeError(f"fake.{name} is not available in scenario templates")
        attribute = getattr(self._faker, name)
        self._faker.seed_instance(self._rng.getrandbits(64))
        return attribute

    def person(self) -> tuple[str, str]:
        """A first and last name that belong together (same stream draw)."""
        self._faker.seed_instance(self._rng.getrandbits(64))
        return self._faker.first_name(), self._faker.last_name()
