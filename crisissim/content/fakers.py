"""Faker per language, reseeded from a stream before every use.

Building a Faker costs milliseconds, so there is one per locale, kept for the process; what
makes it deterministic is that every call first reseeds its *own* generator
(``seed_instance``) from the caller's stream. Faker's shared random is never touched.
"""

from __future__ import annotations

import datetime as dt
import inspect
import random
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from faker import Faker
from faker.providers import BaseProvider
from faker.providers.date_time import Provider as DateTimeProvider

from crisissim.scenario.suggest import did_you_mean

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


#: Providers that read the computer's clock (their dates are relative to today) or that hand
#: out dates that do: the same seed would give other values on another day, and a resumed run
#: would differ from the run it continues. Every method of Faker's date and time provider
#: does, except the three that only pick from a list, and ``date_of_birth``, which
#: :class:`SeededFaker` counts back from the exercise's date instead.
CLOCK_PROVIDERS = frozenset(
    name
    for name in dir(DateTimeProvider)
    if not name.startswith("_") and callable(getattr(DateTimeProvider, name)) and not hasattr(BaseProvider, name)
) - {"timezone", "pytimezone", "century", "date_of_birth"} | {
    "credit_card_expire",
    "credit_card_full",
    "passport_dob",
    "passport_dates",
    "passport_full",
    "profile",
    "simple_profile",
}

#: Providers a template cannot use: whole files and data sets (``binary``, ``zip``, ``csv``...),
#: containers of random types (which may hold sets, ordered differently in every process, or
#: dates from the clock), and ``pystr_format``, which runs any provider named in its text.
BULK_PROVIDERS = frozenset(
    {
        "binary",
        "zip",
        "tar",
        "image",
        "json",
        "json_bytes",
        "csv",
        "dsv",
        "psv",
        "tsv",
        "xml",
        "fixed_width",
        "pystr_format",
        "pyiterable",
        "pylist",
        "pytuple",
        "pyset",
        "pydict",
        "pystruct",
        "pyobject",
        "enum",
        "time_series",
    }
)

#: A Faker argument that sets a size (characters, words, items, digits, levels) may be at
#: most this: ``fake.pystr(max_chars=10**9)`` would otherwise fill the memory.
MAX_FAKER_SIZE = 1_000

#: The arguments of Faker's providers that set a size.
SIZE_ARGUMENTS = frozenset(
    {
        "count",
        "deep",
        "depth",
        "digits",
        "left_digits",
        "right_digits",
        "length",
        "levels",
        "max_chars",
        "min_chars",
        "max_nb_chars",
        "nb",
        "nb_elements",
        "nb_sentences",
        "nb_texts",
        "nb_words",
        "num_files",
        "num_rows",
        "min_file_size",
        "uncompressed_size",
        "size",
    }
)


@cache
def faker_for(language: str) -> Faker:
    return Faker(LOCALES[language])


class SeededFaker:
    """What templates see as ``fake``: Faker's providers, each call drawn from one stream."""

    __slots__ = ("_faker", "_rng", "today")

    def __init__(self, language: str, rng: random.Random, today: dt.date | None = None) -> None:
        self._faker = faker_for(language)
        self._rng = rng
        #: The exercise's date, from which ``date_of_birth`` counts back (None: Faker's default
        #: reference, 1 January 2026, so that nothing reads the clock).
        self.today = today

    def __getattr__(self, name: str) -> Any:
        if name in _REAL_IDS:
            raise AttributeError(f"fake.{name} is not available: {_REAL_IDS[name]}")
        if name.startswith("_") or name in _BLOCKED:
            raise AttributeError(f"fake.{name} is not available in scenario templates")
        attribute = getattr(self._faker, name)
        self._faker.seed_instance(self._rng.getrandbits(64))
        return attribute

    def template_attribute(self, name: str) -> Any:
        """``fake.NAME`` as a template reaches it: only the seeded, deterministic providers.

        Python code (the crowd, the press) asks ``__getattr__`` for what it needs; a template
        gets less (:meth:`refusal`). Raises :class:`FakerRefused` with what to write instead."""
        refused = self.refusal(name)
        if refused is not None:
            raise FakerRefused(refused)
        if name == "date_of_birth":
            return self.date_of_birth
        return self.__getattr__(name)

    def refusal(self, name: str) -> str | None:
        """Why a template may not use ``fake.NAME``, or None if it may. Refused: providers that
        read the clock or write whole data sets, real identifiers, and Faker's machinery
        (``items()``, ``seed*``, ``unique``...), which is not a provider at all. Asking draws
        nothing from the stream."""
        if name in _REAL_IDS:
            return f"fake.{name}() is not available: {_REAL_IDS[name]}"
        if name == "date_of_birth":
            return None
        if name in CLOCK_PROVIDERS:
            return (
                f"fake.{name}() reads the computer's clock, so two runs with the same seed would differ; "
                "write a fixed date, or one from now (the exercise's simulated time)"
            )
        if name in BULK_PROVIDERS:
            return f"fake.{name}() is not available in scenario templates (it makes data sets, not text)"
        names = _provider_names(self._faker)
        if name not in names and (name in _BLOCKED or name.startswith("_") or hasattr(self._faker, name)):
            return (
                f"fake.{name} is part of Faker's machinery, not a provider: templates may only call "
                "its seeded providers (fake.name(), fake.city(), fake.random_int(1, 10)...)"
            )
        providers = template_providers(self._faker)
        if name not in providers:
            return f"fake has no provider '{name}'{did_you_mean(name, sorted(providers))}"
        return None

    def date_of_birth(self, minimum_age: int = 0, maximum_age: int = 115) -> dt.date:
        """Faker's ``date_of_birth``, counted back from the exercise's date, not the computer's:
        the same seed gives the same birthday on any day the exercise is run."""
        today = self.today or _REFERENCE_DAY
        start = _years_before(today, maximum_age + 1) + dt.timedelta(days=1)
        end = _years_before(today, minimum_age)
        self._faker.seed_instance(self._rng.getrandbits(64))
        return self._faker.date_between_dates(start, end)

    def person(self) -> tuple[str, str]:
        """A first and last name that belong together (same stream draw)."""
        self._faker.seed_instance(self._rng.getrandbits(64))
        return self._faker.first_name(), self._faker.last_name()


_REFERENCE_DAY = dt.date(2026, 1, 1)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


class FakerRefused(Exception):
    """What a template may not ask of ``fake``, with what to write instead."""


@cache
def _provider_names(faker: Faker) -> frozenset[str]:
    names: set[str] = set()
    for provider in faker.get_providers():
        names.update(n for n in dir(provider) if not n.startswith("_") and callable(getattr(provider, n, None)))
    return frozenset(names)


@cache
def template_providers(faker: Faker) -> frozenset[str]:
    """The provider methods a template may call: every public method of the locale's providers,
    less what reseeds, reads the clock, makes data sets or generates real identifiers."""
    return _provider_names(faker) - _BLOCKED - CLOCK_PROVIDERS - BULK_PROVIDERS - set(_REAL_IDS)


@cache
def _signature(function: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):
        return None


def check_provider_call(method: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a provider call whose size-like argument is over :data:`MAX_FAKER_SIZE`, before it
    runs (``fake.pystr(max_chars=10**9)`` would take gigabytes first and fail after)."""
    if not args and not kwargs:
        return
    signature = _signature(getattr(method, "__func__", method))
    if signature is None:
        return
    try:
        bound = signature.bind_partial(None, *args, **kwargs)  # None stands for the provider
    except TypeError:
        return  # the call itself says what is wrong
    for name, value in bound.arguments.items():
        if name in SIZE_ARGUMENTS and isinstance(value, int | float) and abs(value) > MAX_FAKER_SIZE:
            raise FakerRefused(
                f"fake.{method.__name__}({name}={value}) is too large: a size given to fake may be at most "
                f"{MAX_FAKER_SIZE} (MAX_FAKER_SIZE)"
            )


def is_provider_method(function: Any) -> bool:
    """Whether ``function`` is what ``fake.NAME`` gives a template: a provider's bound method."""
    return isinstance(getattr(function, "__self__", None), BaseProvider | SeededFaker)
