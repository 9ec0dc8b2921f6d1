"""The regulator form for a scenario under NIS2 or DORA, as the terminal asks it: first which
regime and which filing of its chain, then that filing's questions.

What each filing asks and how its answers become a ``notify_regulator`` action is said once, in
:mod:`crisissim.exercise.filings`, for the terminal and the seats' web page alike; this module
makes the terminal's forms of it. GDPR keeps its own form, the AP's meldformulier
(crisissim/tui/formspecs.py), which asks "new or follow-up" itself, as the AP's does.
"""

from __future__ import annotations

from collections.abc import Sequence

from crisissim.exercise import filings
from crisissim.exercise.filings import (
    CHOICE_TITLE,
    GDPR_CHOICE,
    QUESTIONS,
    WITHDRAW,
    asks_which_filing,
    change_of,
    filed_stages,
    filing_fields,
    split_choice,
)
from crisissim.tui.formspecs import form_spec
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import FormSpec

__all__ = [
    "CHOICE_TITLE",
    "GDPR_CHOICE",
    "QUESTIONS",
    "WITHDRAW",
    "asks_which_filing",
    "change_of",
    "filed_stages",
    "filing_choices",
    "filing_fields",
    "filing_form",
    "split_choice",
    "withdraw_form",
]


def filing_choices(regimes: Sequence[str], labels: Labels, filed: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """Each filing the scenario's regimes know, keyed ``regime.stage``, then the amendments and
    withdrawals of those that stand (:func:`crisissim.exercise.filings.filing_choices`)."""
    return filings.filing_choices(regimes, labels.gettext, filed)


def filing_form(choice: str, labels: Labels, *, change: str = "new") -> FormSpec:
    """The questions of one filing or its amendment (:func:`crisissim.exercise.filings.filing_form`)."""
    return form_spec(filings.filing_form(choice, labels.gettext, change=change))


def withdraw_form(choice: str, labels: Labels) -> FormSpec:
    """A withdrawal's one question, why (:func:`crisissim.exercise.filings.withdraw_form`)."""
    return form_spec(filings.withdraw_form(choice, labels.gettext))
