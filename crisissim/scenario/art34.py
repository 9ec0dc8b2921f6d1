"""Art. 34 GDPR as data: what a communication to the people affected must say, and the three
exceptions that excuse it.

Art. 34(2) asks the communication to describe the nature of the breach in clear and plain
language and to give at least the elements of Art. 33(3)(b), (c) and (d): the contact point,
the likely consequences and the measures taken or proposed. They are :class:`Element` rows, as a
regime's filing elements are (crisissim/scenario/regimes.py), so the form asks them one by one
and the debrief judges a communication element by element. Art. 34(3) lets the controller not
communicate on one of three grounds (:data:`GROUNDS`); the team records that decision, with its
reasoning, as a ``subjects_exception`` action, and the debrief reads the ground against what
the scenario says of the breach (``breach:``, :class:`crisissim.scenario.model.Breach`).

Data only, as regimes.py is: it imports nothing of crisissim but the catalogue's markers. The
words are message ids; the Dutch AVG calls this a *mededeling* aan de betrokkene.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from crisissim.i18n import N_
from crisissim.scenario.regimes import Element

ARTICLE: Final = "GDPR Art. 34(2)"

#: Art. 34(2), with Art. 33(3)(b)-(d) it refers to. ``nature`` may be given in the letter's own
#: ``text``: the letter in plain language is the description the article asks for.
ELEMENTS: Final[tuple[Element, ...]] = (
    Element("nature", N_("the nature of the breach, in clear and plain language"), "GDPR Art. 34(2)"),
    Element(
        "contact",
        N_("name and contact details of the DPO or other contact point"),
        "GDPR Art. 34(2); Art. 33(3)(b)",
        unknown_ok=False,
    ),
    Element("consequences", N_("the likely consequences of the breach"), "GDPR Art. 34(2); Art. 33(3)(c)"),
    Element(
        "measures",
        N_("the measures taken or proposed, including those to mitigate its possible adverse effects"),
        "GDPR Art. 34(2); Art. 33(3)(d)",
    ),
)
ELEMENT_NAMES: Final[tuple[str, ...]] = tuple(e.name for e in ELEMENTS)


@dataclass(frozen=True)
class Ground:
    """One exception of Art. 34(3): its point, its words, and what the scenario must not say
    against it (a :class:`crisissim.scenario.model.Breach` fact and the value that contradicts it)."""

    name: str
    point: str
    words: str
    article: str
    #: the breach fact that contradicts the ground when the scenario says ``contradicted_by[1]``
    contradicted_by: tuple[str, bool] | None = None
    #: the ground holds only with a public communication instead (Art. 34(3)(c))
    needs_public: bool = False


GROUNDS: Final[dict[str, Ground]] = {
    g.name: g
    for g in (
        Ground(
            "unintelligible",
            "a",
            N_("the data were made unintelligible to anyone not authorised to access them, such as by encryption"),
            N_("GDPR Art. 34(3)(a)"),
            contradicted_by=("encrypted", False),
        ),
        Ground(
            "mitigated",
            "b",
            N_("later measures ensure that the high risk is no longer likely to materialise"),
            N_("GDPR Art. 34(3)(b)"),
            contradicted_by=("exfiltrated", True),
        ),
        Ground(
            "disproportionate",
            "c",
            N_("it would involve disproportionate effort; a public communication informs them instead"),
            N_("GDPR Art. 34(3)(c)"),
            needs_public=True,
        ),
    )
}
#: Fewer words than this do not say why a ground applies: the debrief asks for more.
THIN_REASONING_WORDS: Final = 8
