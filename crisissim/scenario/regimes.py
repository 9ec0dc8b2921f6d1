"""The notification regimes a scenario names (``regime: gdpr``, ``[gdpr, nis2]``, ``dora``), declared once.

A regime is what a regulator asks after an incident: a chain of filings (GDPR: the notification
and its follow-ups; NIS2: early warning, incident notification, intermediate, final report;
DORA: initial notification, intermediate and final report), each filing's elements, and the
deadlines between them, each counted from the right moment (awareness, classification as
major, the previous filing) and each with the article it comes from. The scenario loader
turns every deadline into an ordinary clock (:func:`clocks_for`), so the engine, the screens
and the debrief need nothing new to run it; the debrief reads this table again to rate each
regime (crisissim/debrief/regimes.py). docs/regulation.md says the same in words and says
what could not be checked against the regulations' own text.

This module declares data only: it imports nothing of crisissim but the catalogue's markers,
so the action registry and the conditions can both read it. The words are message ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from crisissim.i18n import N_, NP_

HOUR: Final = 3600
#: "One month": taken as 30 days, because a clock's limit is a fixed length (Regulation 1182/71,
#: Art. 3(2)(c), would end it on the same date of the next month: at most a day apart).
MONTH: Final = 30 * 24 * HOUR

#: What a team writes for an element it cannot give yet ("unknown / being investigated"):
#: Art. 33(4) GDPR lets the information be given in phases; a follow-up then owes it.
UNKNOWN: Final = "unknown"
UNKNOWN_WORDS: Final = frozenset({"unknown", "?", "onbekend", "wordt onderzocht", "being investigated"})
#: What a filing does: a new filing of its stage, a change to the last one, or its withdrawal.
CHANGES: Final = ("new", "amend", "withdraw")

RegimeId = Literal["gdpr", "nis2", "dora"]
#: Where a deadline is counted from: the scenario's ``aware``, its ``classified`` (DORA), or a filing.
Anchor = Literal["aware", "classified"] | tuple[Literal["filed"], str]


@dataclass(frozen=True)
class Element:
    """One thing a filing must say; ``unknown_ok``: the regulation lets it follow later."""

    name: str
    words: str
    article: str
    unknown_ok: bool = True


@dataclass(frozen=True)
class Stage:
    """One filing of a regime's chain. ``follows``: it completes an earlier stage's elements
    (a GDPR follow-up completes the notification), so completeness is judged on both."""

    name: str
    words: str
    article: str
    elements: tuple[str, ...]
    follows: str | None = None


@dataclass(frozen=True)
class Deadline:
    """One clock of a chain: ``stage`` is owed within ``limit_s`` of ``anchor``; ``latest``:
    counted from the latest filing of the anchor's stage, not the first."""

    id: str
    stage: str
    anchor: Anchor
    limit_s: int
    article: str
    label: str
    latest: bool = False
    #: other stages whose filing also meets it (NIS2: a progress report when still ongoing)
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Regime:
    id: RegimeId
    name: str
    law: str
    authority: str
    elements: tuple[Element, ...]
    stages: tuple[Stage, ...]
    deadlines: tuple[Deadline, ...]
    #: the regulator form's short name (``key`` context) and its command (``palette`` context) when
    #: this regime is the scenario's only one and names one authority (GDPR: the data protection
    #: authority, in Dutch the AP); empty where its authority is one of several (a CSIRT or a
    #: competent authority, a financial supervisor): crisissim.scenario.actions.regulator_labels
    key_label: str = ""
    palette_label: str = ""

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def element(self, name: str) -> Element:
        return next(e for e in self.elements if e.name == name)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)


_AP = "AP meldformulier"

GDPR = Regime(
    id="gdpr",
    name=N_("GDPR"),
    law=N_("Regulation (EU) 2016/679, Art. 33"),
    authority=N_("the data protection authority"),
    key_label=NP_("key", "DPA notification"),
    palette_label=NP_("palette", "notify the DPA"),
    elements=(
        # the Art. 33(3) elements, with the names the format has always had
        Element("nature", N_("nature of the breach"), "GDPR Art. 33(3)(a)"),
        Element("subjects", N_("categories and approximate number of data subjects"), "GDPR Art. 33(3)(a)"),
        Element("records", N_("categories and approximate number of personal data records"), "GDPR Art. 33(3)(a)"),
        Element(
            "contact",
            N_("name and contact details of the DPO or contact point"),
            "GDPR Art. 33(3)(b)",
            unknown_ok=False,
        ),
        Element("consequences", N_("likely consequences"), "GDPR Art. 33(3)(c)"),
        Element("measures", N_("measures taken or proposed"), "GDPR Art. 33(3)(d)"),
        # what the Dutch AP's meldformulier asks beside them
        Element("occurred", N_("when the breach happened"), _AP),
        Element("discovered", N_("when the breach was discovered"), _AP),
        Element("ongoing", N_("whether the breach is still going on"), _AP),
        Element("special", N_("special categories of data and BSN"), f"{_AP}; GDPR Art. 9"),
        Element(
            "encrypted", N_("whether the data were encrypted or otherwise unintelligible"), f"{_AP}; GDPR Art. 34(3)(a)"
        ),
        Element("informed", N_("whether and how the people affected were told, or why not"), f"{_AP}; GDPR Art. 34"),
        Element("international", N_("people affected in other EU countries"), f"{_AP}; GDPR Art. 56"),
    ),
    stages=(
        Stage(
            "initial",
            N_("notification"),
            N_("GDPR Art. 33(1)"),
            (
                "contact",
                "occurred",
                "discovered",
                "ongoing",
                "nature",
                "subjects",
                "records",
                "special",
                "encrypted",
                "consequences",
                "informed",
                "measures",
                "international",
            ),
        ),
        Stage(
            "followup",
            N_("follow-up notification"),
            N_("GDPR Art. 33(4)"),
            (
                "contact",
                "occurred",
                "discovered",
                "ongoing",
                "nature",
                "subjects",
                "records",
                "special",
                "encrypted",
                "consequences",
                "informed",
                "measures",
                "international",
            ),
            follows="initial",
        ),
    ),
    deadlines=(
        Deadline(
            "gdpr-33",
            "initial",
            "aware",
            72 * HOUR,
            N_("GDPR Art. 33(1)"),
            N_("GDPR 33: notification"),
        ),
    ),
)

NIS2 = Regime(
    id="nis2",
    name=N_("NIS2"),
    law=N_("Directive (EU) 2022/2555, Art. 23"),
    authority=N_("the CSIRT or competent authority"),
    elements=(
        Element("malicious", N_("whether it is suspected of unlawful or malicious acts"), "NIS2 Art. 23(4)(a)"),
        Element("cross_border", N_("whether it could have a cross-border impact"), "NIS2 Art. 23(4)(a)"),
        Element("assessment", N_("initial assessment: severity and impact"), "NIS2 Art. 23(4)(b)"),
        Element("indicators", N_("indicators of compromise"), "NIS2 Art. 23(4)(b)"),
        Element("status", N_("relevant status updates"), "NIS2 Art. 23(4)(c)"),
        Element("description", N_("detailed description: severity and impact"), "NIS2 Art. 23(4)(d)(i)"),
        Element("root_cause", N_("type of threat or root cause"), "NIS2 Art. 23(4)(d)(ii)"),
        Element("mitigation", N_("mitigation measures applied and ongoing"), "NIS2 Art. 23(4)(d)(iii)"),
    ),
    stages=(
        Stage("early_warning", N_("early warning"), N_("NIS2 Art. 23(4)(a)"), ("malicious", "cross_border")),
        Stage(
            "notification",
            N_("incident notification"),
            N_("NIS2 Art. 23(4)(b)"),
            ("malicious", "cross_border", "assessment", "indicators"),
        ),
        Stage("intermediate", N_("intermediate report"), N_("NIS2 Art. 23(4)(c)"), ("status",)),
        Stage("progress", N_("progress report"), N_("NIS2 Art. 23(4)(e)"), ("status", "mitigation")),
        Stage(
            "final",
            N_("final report"),
            N_("NIS2 Art. 23(4)(d)"),
            ("description", "root_cause", "mitigation", "cross_border"),
        ),
    ),
    deadlines=(
        Deadline(
            "nis2-early-warning",
            "early_warning",
            "aware",
            24 * HOUR,
            N_("NIS2 Art. 23(4)(a)"),
            N_("NIS2: early warning"),
        ),
        Deadline(
            "nis2-notification",
            "notification",
            "aware",
            72 * HOUR,
            N_("NIS2 Art. 23(4)(b)"),
            N_("NIS2: incident notification"),
        ),
        Deadline(
            "nis2-final",
            "final",
            ("filed", "notification"),
            MONTH,
            N_("NIS2 Art. 23(4)(d)"),
            N_("NIS2: final report"),
            also=("progress",),
        ),
    ),
)

_ITS = "Implementing Regulation (EU) 2025/302, Annex II"
DORA = Regime(
    id="dora",
    name=N_("DORA"),
    law=N_("Regulation (EU) 2022/2554, Art. 19; Delegated Regulation (EU) 2025/301"),
    authority=N_("the competent financial supervisor"),
    elements=(
        Element("description", N_("description of the incident"), _ITS),
        Element("detected", N_("when it was detected and classified as major"), _ITS),
        Element("criteria", N_("classification criteria that made it major"), "Delegated Regulation (EU) 2024/1772"),
        Element("impact", N_("services, clients and member states affected"), _ITS),
        Element("actions", N_("containment and recovery actions"), _ITS),
        Element("root_cause", N_("root cause"), _ITS),
        Element("resolution", N_("when and how it was resolved"), _ITS),
        Element("costs", N_("direct and indirect costs and losses"), _ITS),
    ),
    stages=(
        Stage(
            "initial",
            N_("initial notification"),
            N_("DORA Art. 19(4)(a)"),
            ("description", "detected", "criteria", "impact"),
        ),
        Stage("intermediate", N_("intermediate report"), N_("DORA Art. 19(4)(b)"), ("impact", "actions")),
        Stage("final", N_("final report"), N_("DORA Art. 19(4)(c)"), ("root_cause", "resolution", "costs", "actions")),
    ),
    deadlines=(
        Deadline(
            "dora-initial-4h",
            "initial",
            "classified",
            4 * HOUR,
            N_("DORA Art. 19(4)(a); Delegated Regulation (EU) 2025/301, Art. 5"),
            N_("DORA: initial (4 h)"),
        ),
        Deadline(
            "dora-initial-24h",
            "initial",
            "aware",
            24 * HOUR,
            N_("DORA Art. 19(4)(a); Delegated Regulation (EU) 2025/301, Art. 5"),
            N_("DORA: initial (24 h)"),
        ),
        Deadline(
            "dora-intermediate",
            "intermediate",
            ("filed", "initial"),
            72 * HOUR,
            N_("DORA Art. 19(4)(b); Delegated Regulation (EU) 2025/301, Art. 5"),
            N_("DORA: intermediate"),
        ),
        Deadline(
            "dora-final",
            "final",
            ("filed", "intermediate"),
            MONTH,
            N_("DORA Art. 19(4)(c); Delegated Regulation (EU) 2025/301, Art. 5"),
            N_("DORA: final report"),
            latest=True,
        ),
    ),
)

REGIMES: Final[dict[str, Regime]] = {r.id: r for r in (GDPR, NIS2, DORA)}
#: Every element name of every regime: the filing action's fields besides its own.
ELEMENT_NAMES: Final[tuple[str, ...]] = tuple(dict.fromkeys(e.name for r in REGIMES.values() for e in r.elements))


def is_unknown(value: object) -> bool:
    """Whether a filed value says "unknown / being investigated" rather than an answer."""
    return isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS


def filing_of(fields: dict[str, object]) -> tuple[str, str, str]:
    """(regime, stage, change) of a ``notify_regulator`` action: a filing that names none is the
    GDPR notification, as the format's action always was."""
    regime = str(fields.get("regime", "gdpr"))
    stage = str(fields.get("stage", REGIMES[regime].stages[0].name if regime in REGIMES else ""))
    return regime, stage, str(fields.get("change", "new"))


def filed_condition(regime: str, stages: tuple[str, ...]) -> dict[str, object]:
    """The condition, in the format's mapping form, that a filing of any of ``stages`` was made."""
    leaves: list[dict[str, object]] = [{"filed": f"{regime}.{stage}"} for stage in stages]
    return leaves[0] if len(leaves) == 1 else {"any": leaves}


def clocks_for(
    regimes: list[str], aware: object, classified: object | None, objective: str | None = None
) -> dict[str, dict[str, object]]:
    """Every deadline of ``regimes`` as a clock in the format's own mapping form (label left to
    the caller, who knows the language): what the scenario would say had its author written them."""
    out: dict[str, dict[str, object]] = {}
    for regime_id in regimes:
        regime = REGIMES[regime_id]
        for d in regime.deadlines:
            if d.anchor == "aware":
                starts = aware
            elif d.anchor == "classified":
                starts = aware if classified is None else classified
            else:
                starts = filed_condition(regime.id, (d.anchor[1],))
            clock: dict[str, object] = {
                "starts": starts,
                "limit": f"{d.limit_s}s",
                "stops": filed_condition(regime.id, (d.stage, *d.also)),
            }
            if objective is not None:
                clock["objective"] = objective
            out[d.id] = clock
    return out
