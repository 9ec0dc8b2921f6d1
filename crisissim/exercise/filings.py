"""The regulator form for a scenario under NIS2 or DORA: first which regime and which filing of
its chain, then that filing's questions.

A scenario names its regimes (``regime: [nis2, gdpr]``); ``g`` then asks which filing the team
makes, because each regulator asks something else at each step of its chain (the CSIRT's early
warning asks two things, the incident notification four; DORA's initial notification asks
other things than its final report). The questions are the elements of that stage, as
crisissim/scenario/regimes.py declares them, so a filing from the form is judged element by
element exactly as one from a playbook or a seat. GDPR keeps its own form, the AP's
meldformulier (crisissim/exercise/forms.py), which asks "new or follow-up" itself, as the AP's does.

Every question takes "unknown" (or "onbekend") for what is not known yet: NIS2 lets the
incident notification update the early warning, and DORA lets the intermediate report give
what the initial notification could not (Implementing Regulation (EU) 2025/302, Art. 1(3),
asks estimates where exact data are not yet available). A blank is not accepted: a team says
what it knows or that it does not know yet, and the debrief counts an "unknown" as owed.

No screen library here, as in :mod:`crisissim.exercise.forms`: the terminal's ``g``
(crisissim/tui/filings.py) and the seats' web page (crisissim/web/) both ask these forms, so a
NIS2 or DORA filing reads and files the same on either.

Once the team has filed, the choice also offers to amend (NIS2, DORA) or withdraw (every regime)
each filing that stands, as the AP's meldloket lets a notification be changed or withdrawn: an
amendment asks the stage's questions again, a withdrawal only why. The journal keeps the filing
and what changed it; the debrief reads the chain as it stands. A GDPR notification is corrected
by a follow-up (its form's first question), so it is offered for withdrawal only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from crisissim.exercise.forms import Form, Question
from crisissim.i18n import N_, Translator
from crisissim.journal.readmodel import SentItem
from crisissim.scenario.actions import Widget
from crisissim.scenario.regimes import REGIMES, Regime

#: The choice that opens the GDPR form (the AP's meldformulier asks new or follow-up itself).
GDPR_CHOICE: Final = "gdpr"
#: A choice ``amend:regime.stage`` or ``withdraw:regime.stage`` changes a filing that stands.
AMEND: Final = "amend"
WITHDRAW: Final = "withdraw"

#: (regime, element) -> (label, hint, widget): how the form asks each element. The elements and
#: their order are the stage's; these are only the words (message ids) and the widget.
QUESTIONS: Final[dict[tuple[str, str], tuple[str, str, Widget]]] = {
    ("nis2", "malicious"): (
        N_("Unlawful or malicious act suspected?"),
        N_("Art. 23(4)(a): whether the incident is suspected of being caused by unlawful or malicious acts."),
        "input",
    ),
    ("nis2", "cross_border"): (
        N_("Possible cross-border impact?"),
        N_("Whether the incident could have, or had, an impact in other member states, and which."),
        "input",
    ),
    ("nis2", "assessment"): (
        N_("Initial assessment: severity and impact"),
        N_("Art. 23(4)(b): how severe the incident is and what it affects."),
        "text",
    ),
    ("nis2", "indicators"): (
        N_("Indicators of compromise"),
        N_("Art. 23(4)(b), where available: IP addresses, hashes, accounts, times."),
        "text",
    ),
    ("nis2", "status"): (
        N_("Status update"),
        N_("Art. 23(4)(c): the relevant status updates since the last report."),
        "text",
    ),
    ("nis2", "description"): (
        N_("Detailed description: severity and impact"),
        N_("Art. 23(4)(d)(i): a detailed description of the incident, its severity and impact."),
        "text",
    ),
    ("nis2", "root_cause"): (
        N_("Type of threat or root cause"),
        N_("Art. 23(4)(d)(ii): the type of threat or root cause that is likely to have triggered the incident."),
        "text",
    ),
    ("nis2", "mitigation"): (
        N_("Mitigation measures, applied and ongoing"),
        N_("Art. 23(4)(d)(iii): what was done and what is still being done to limit the incident."),
        "text",
    ),
    ("dora", "description"): (
        N_("Description of the incident"),
        N_("What happened, and which services and systems are affected."),
        "text",
    ),
    ("dora", "detected"): (
        N_("Detected and classified as major"),
        N_("Date and time of detection, and of the classification as major."),
        "input",
    ),
    ("dora", "criteria"): (
        N_("Classification criteria met"),
        N_("Delegated Regulation (EU) 2024/1772: the critical services affected and the thresholds met."),
        "text",
    ),
    ("dora", "impact"): (
        N_("Services, clients and member states affected"),
        N_("How many clients, which services, which member states: estimates where exact numbers are not known."),
        "text",
    ),
    ("dora", "actions"): (
        N_("Containment and recovery actions"),
        N_("What was done to contain the incident and to recover the services."),
        "text",
    ),
    ("dora", "root_cause"): (N_("Root cause"), N_("What caused the incident, as far as it is known."), "text"),
    ("dora", "resolution"): (N_("Resolved: when and how"), N_("Date and time, and how it was resolved."), "input"),
    ("dora", "costs"): (
        N_("Direct and indirect costs and losses"),
        N_("Costs and losses of the incident, and what was recovered."),
        "text",
    ),
}

UNKNOWN_FILING_HINT = N_(
    "To {authority}, {article}. Write “unknown” for what is not known yet: the next report gives it."
)
CHOICE_TITLE = N_("Notification to the regulator: which filing?")
GDPR_CHOICE_WORDS = N_("Notification or follow-up to the data protection authority ({article})")
AMEND_WORDS = N_("Amend: {filing}")
WITHDRAW_WORDS = N_("Withdraw: {filing}")
AMENDED_TITLE = N_("{title} (amendment)")
WITHDRAW_TITLE = N_("Withdraw: {title}")
REASON_LABEL = N_("Why it is withdrawn")
REASON_HINT = N_("The regulator reads why. The journal keeps the filing and its withdrawal.")


def asks_which_filing(regimes: Sequence[str], filed: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether ``g`` first asks which filing: when the scenario names a regime besides GDPR, or
    a filing stands that may be amended or withdrawn (a scenario without a regime, or with GDPR
    alone, and nothing filed yet, has only the AP's form)."""
    return bool(filed) or any(r != GDPR_CHOICE for r in regimes)


def filed_stages(actions: Sequence[SentItem]) -> list[tuple[str, str]]:
    """The filings that stand, as (regime, stage), each once, in the order first filed: every
    ``notify_regulator`` of the team not withdrawn since."""
    standing: dict[tuple[str, str], None] = {}
    for action in actions:
        if action.kind != "notify_regulator":
            continue
        regime = str(action.fields.get("regime", GDPR_CHOICE))
        if regime not in REGIMES:
            continue
        key = (regime, str(action.fields.get("stage", REGIMES[regime].stages[0].name)))
        if action.fields.get("change") == WITHDRAW:
            standing.pop(key, None)
        else:
            standing[key] = None
    return list(standing)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def filing_choices(regimes: Sequence[str], _: Translator, filed: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """Each filing the scenario's regimes know, in the scenario's order of regimes and each
    chain's own order, keyed ``regime.stage`` (GDPR: one choice, its form asks which filing);
    then, for each filing that stands, its amendment (not GDPR's) and its withdrawal."""
    choices: dict[str, str] = {}
    for regime_id in dict.fromkeys([*regimes, *(r for r, _stage in filed)] or [GDPR_CHOICE]):
        regime = REGIMES[regime_id]
        if regime.id == GDPR_CHOICE:
            choices[GDPR_CHOICE] = _(GDPR_CHOICE_WORDS).format(article=_(regime.stages[0].article))
            continue
        for stage in regime.stages:
            choices[f"{regime.id}.{stage.name}"] = f"{_upper_first(_(stage.words))} ({_(stage.article)})"
    for regime_id, stage_name in filed:
        stage = REGIMES[regime_id].stage(stage_name)
        words = f"{_(stage.words)} ({_(stage.article)})"
        if regime_id != GDPR_CHOICE:
            choices[f"{AMEND}:{regime_id}.{stage_name}"] = _(AMEND_WORDS).format(filing=words)
        choices[f"{WITHDRAW}:{regime_id}.{stage_name}"] = _(WITHDRAW_WORDS).format(filing=words)
    return choices


def change_of(choice: str) -> tuple[str, str]:
    """What a choice does to a filing (``new``, ``amend``, ``withdraw``) and the filing (``regime.stage``)."""
    change, sep, filing = choice.partition(":")
    return (change, filing) if sep else ("new", choice)


def split_choice(choice: str) -> tuple[Regime, str]:
    """The regime and the stage name of a choice ``regime.stage``."""
    regime_id, _sep, stage = choice.partition(".")
    return REGIMES[regime_id], stage


def is_filing(choice: str, regimes: Sequence[str]) -> bool:
    """Whether ``choice`` names a NIS2 or DORA filing of the scenario's regimes (not GDPR's,
    whose form is the AP's), as a screen that takes the choice back from a client must check."""
    regime_id, _sep, stage = choice.partition(".")
    if regime_id == GDPR_CHOICE or regime_id not in REGIMES or regime_id not in regimes:
        return False
    return any(s.name == stage for s in REGIMES[regime_id].stages)


def filing_form(choice: str, _: Translator, *, change: str = "new") -> Form:
    """The questions of one filing: its stage's elements, each answered or marked unknown (an
    amendment asks them again: what it gives replaces what the filing said)."""
    regime, stage_name = split_choice(choice)
    stage = regime.stage(stage_name)
    questions = []
    for name in stage.elements:
        label, hint, widget = QUESTIONS[(regime.id, name)]
        questions.append(Question(name, _(label), _(hint), widget))
    title = filing_title(choice, _)
    if change == AMEND:
        title = _(AMENDED_TITLE).format(title=title)
    intro = _(UNKNOWN_FILING_HINT).format(authority=_(regime.authority), article=_(stage.article))
    return Form("notify_regulator", title, tuple(questions), intro)


def filing_title(choice: str, _: Translator) -> str:
    """A filing's name, as its form's title and a seat's list of what it sent say it."""
    regime, stage_name = split_choice(choice)
    return f"{_(regime.name)}: {_(regime.stage(stage_name).words)}"


def withdraw_form(choice: str, _: Translator) -> Form:
    """A withdrawal asks only why (the engine refuses one without a reason)."""
    title = _(WITHDRAW_TITLE).format(title=filing_title(choice, _))
    return Form("notify_regulator", title, (Question("reason", _(REASON_LABEL), _(REASON_HINT), "text"),), "")


def filing_fields(choice: str, values: dict[str, Any], *, change: str = "new") -> dict[str, Any]:
    """The form's answers as a ``notify_regulator`` action of that regime and stage; an
    amendment or a withdrawal says so (``change``), a withdrawal with its reason."""
    regime, stage = split_choice(choice)
    elements = {e.name for e in regime.elements}
    out: dict[str, Any] = {"regime": regime.id, "stage": stage}
    if change != "new":
        out["change"] = change
    if change == WITHDRAW:
        out["reason"] = str(values.get("reason", "")).strip()
        return out
    out.update({k: v for k, v in values.items() if k in elements and v not in ("", [])})
    return out
