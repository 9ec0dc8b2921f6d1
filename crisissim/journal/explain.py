"""Why an event was skipped, in words: reason codes rendered in the reader's language.

The engine journals *codes* with their parameters (:mod:`crisissim.journal.records`), never a
sentence, so a Dutch report says it in Dutch without touching the ids inside it (an event called
``metro-call`` stays ``metro-call``). The English rendering is the sentence the engine used to
journal, word for word, so the debrief JSON reads as before.
"""

from __future__ import annotations

from collections.abc import Callable

from crisissim.journal import records as r
from crisissim.scenario import conditions as cond
from crisissim.scenario.regimes import REGIMES

Phrase = Callable[[str], str]


def reason_text(reason: r.Reason | str | None, gettext: Phrase | None = None) -> str | None:
    """The reason as a sentence; a journal older than reason codes holds its sentence already."""
    if reason is None or isinstance(reason, str):
        return reason
    _ = gettext or _identity
    match reason:
        case r.GuardFalse(when=when):
            return _("only when {condition}, which did not hold").format(condition=condition_text(when, _))
        case r.Unreachable(after=after, causes=causes):
            return _("waited for {condition}, but {causes}").format(
                condition=condition_text(after, _), causes="; ".join(cause_text(c, _) for c in causes)
            )
        case r.ByFacilitator(text=text):
            return text or _("skipped by the facilitator")
    raise TypeError(reason)


def cause_text(cause: r.Cause, gettext: Phrase | None = None) -> str:
    _ = gettext or _identity
    match cause:
        case r.EventWasSkipped(event=event):
            return _("{event} was skipped").format(event=event)
        case r.EventHasFired(event=event):
            return _("{event} fired").format(event=event)
        case r.ExpectationWasMissed(expectation=exp):
            return _("{expectation} was missed").format(expectation=exp)
        case r.ExpectationWasMet(expectation=exp):
            return _("{expectation} was met").format(expectation=exp)
        case r.BranchNotTaken(event=event, chosen=chosen):
            return _("{event} was decided: {option}").format(event=event, option=chosen)
        case r.AlreadyHolds(condition=condition):
            return _("{condition} already holds").format(condition=condition_text(condition, _))
    raise TypeError(cause)


def condition_text(mapping: r.ConditionMap, gettext: Phrase | None = None) -> str:
    """A condition (in the format's mapping form) read aloud, as the MSEL tables describe it."""
    return describe(cond.parse_condition(mapping), gettext)


def describe(condition: cond.Condition, gettext: Phrase | None = None) -> str:
    """:func:`crisissim.scenario.conditions.describe` in the reader's language."""
    _ = gettext or _identity
    match condition:
        case cond.Fired(event):
            return _("{event} fired").format(event=event)
        case cond.Skipped(event):
            return _("{event} skipped").format(event=event)
        case cond.Met(exp):
            return _("{expectation} met").format(expectation=exp)
        case cond.Missed(exp):
            return _("{expectation} missed").format(expectation=exp)
        case cond.Late(exp):
            return _("{expectation} late").format(expectation=exp)
        case cond.Chose(event, option):
            return _("{event} chose {option}").format(event=event, option=option)
        case cond.ActionTaken(kind, None):
            return _("any role did {action}").format(action=kind)
        case cond.ActionTaken(kind, role):
            return _("{role} did {action}").format(role=role, action=kind)
        case cond.Filed(regime, stage):
            known = REGIMES[regime]
            return _("{filing} ({regime}) filed").format(filing=_(known.stage(stage).words), regime=_(known.name))
        case cond.Flag(name):
            return _("flag {flag}").format(flag=name)
        case cond.AllOf(items):
            return _(" and ").join(_grouped(i, _) for i in items)
        case cond.AnyOf(items):
            return _(" or ").join(_grouped(i, _) for i in items)
        case cond.Not(item):
            return _("not {condition}").format(condition=_grouped(item, _))
    raise TypeError(condition)


def _grouped(condition: cond.Condition, gettext: Phrase) -> str:
    text = describe(condition, gettext)
    return f"({text})" if isinstance(condition, cond.AllOf | cond.AnyOf) else text


def _identity(text: str) -> str:
    return text
