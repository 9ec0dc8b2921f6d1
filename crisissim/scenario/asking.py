"""How each regulator asks back, as data: its terms, and what its questions are about.

The regulator desk (crisissim/engine/regulator.py) asks by these tables; the debrief
(crisissim/debrief/questions.py) judges the answers by the same ones, so the two cannot
disagree. A scenario's ``regulator:`` section (:class:`crisissim.scenario.model.Asking`) writes
over :data:`DEFAULTS`; docs/regulation.md says the same in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from crisissim.scenario.model import NO_REQUEST, Asking

H: Final = 3600
#: A regulator's question is the event ``regulator-N`` (the N-th of the exercise): a team, a seat
#: or a playbook replies to it by that id.
QUESTION_ID: Final = re.compile(r"^regulator-[1-9][0-9]*$")


def question_id(number: int) -> str:
    return f"regulator-{number}"


@dataclass(frozen=True, slots=True)
class Terms:
    """One regulator's terms, the scenario's over the regime's defaults."""

    ask: bool
    asks_within: int
    answer_within: int
    intermediate: int | None
    max: int
    sender: str | None = None
    to: tuple[str, ...] | None = None


#: What each regulator does when the scenario does not say: the AP reads a notification and
#: writes back within days (an exercise's days; in practice often weeks), a CSIRT or a
#: supervisor within hours.
DEFAULTS: Final[dict[str, Terms]] = {
    "gdpr": Terms(ask=True, asks_within=48 * H, answer_within=48 * H, intermediate=None, max=3),
    "nis2": Terms(ask=True, asks_within=4 * H, answer_within=24 * H, intermediate=24 * H, max=3),
    "dora": Terms(ask=True, asks_within=4 * H, answer_within=24 * H, intermediate=None, max=3),
}
#: The filings whose gaps a regulator asks about: a NIS2 early warning is a warning (its
#: elements "where applicable"), which the incident notification updates.
ASKED_STAGES: Final[dict[str, frozenset[str]]] = {
    "gdpr": frozenset({"initial", "followup"}),
    "nis2": frozenset({"notification", "intermediate", "progress", "final"}),
    "dora": frozenset({"initial", "intermediate", "final"}),
}
#: The elements that hold numbers a regulator compares between filings.
COUNTED: Final[dict[str, tuple[str, ...]]] = {"gdpr": ("subjects", "records"), "nis2": (), "dora": ("impact",)}
#: The elements whose lateness owes reasons, by regime: only GDPR Art. 33(1) asks for them.
LATE_REASON: Final[dict[str, str]] = {"gdpr": "delay_reason"}
#: The reports that answer a request for an intermediate report (NIS2 Art. 23(4)(c)).
ANSWERS_REQUEST: Final = ("intermediate", "progress", "final")

_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")


def terms(regime: str, asking: Asking | None) -> Terms:
    """The regime's defaults with what the scenario wrote over them."""
    base = DEFAULTS[regime]
    if asking is None:
        return base
    intermediate = base.intermediate if asking.intermediate is None else asking.intermediate
    return Terms(
        ask=asking.ask,
        asks_within=base.asks_within if asking.asks_within is None else asking.asks_within,
        answer_within=base.answer_within if asking.answer_within is None else asking.answer_within,
        intermediate=None if intermediate == NO_REQUEST else intermediate,
        max=base.max if asking.max is None else asking.max,
        sender=asking.sender,
        to=tuple(asking.to) if asking.to is not None else None,
    )


def numbers(text: str) -> tuple[int, ...]:
    """The numbers a text gives (``10.001 tot 100.000`` is (10001, 100000)), to compare filings."""
    return tuple(int(re.sub(r"[.,]", "", n)) for n in _NUMBER.findall(text))
