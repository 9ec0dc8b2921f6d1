"""Why an event was skipped, and why an action was refused, in words: codes rendered in the
reader's language.

The engine journals *codes* with their parameters (:mod:`crisissim.journal.records`), never a
sentence, so a Dutch report says it in Dutch without touching the ids inside it (an event called
``metro-call`` stays ``metro-call``). The English rendering is the sentence the engine used to
journal, word for word, so the debrief JSON reads as before.

A refusal (:data:`crisissim.journal.records.Refusal`) is said to the people at the screen, so it
names things as they know them: the event's title, the role's name, the option's label
(:class:`Names`), and the ids only for what the scenario does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from crisissim.i18n import N_, Translator, translator
from crisissim.journal import records as r
from crisissim.scenario import conditions as cond
from crisissim.scenario.actions import BY_KIND
from crisissim.scenario.model import Scenario
from crisissim.scenario.regimes import REGIMES

Phrase = Callable[[str], str]


def reason_text(reason: r.Reason | str | None, gettext: Phrase | None = None, names: Names | None = None) -> str | None:
    """The reason as a sentence; a journal older than reason codes holds its sentence already.

    Without ``names`` the ids stay as the scenario spells them (the debrief JSON, the MSEL
    tables); with them, the report's prose names each thing as its reader knows it."""
    if reason is None or isinstance(reason, str):
        return reason
    _ = gettext or _identity
    match reason:
        case r.GuardFalse(when=when):
            return _("only when {condition}, which did not hold").format(condition=condition_text(when, _, names))
        case r.Unreachable(after=after, causes=causes):
            return _("waited for {condition}, but {causes}").format(
                condition=condition_text(after, _, names), causes="; ".join(cause_text(c, _, names) for c in causes)
            )
        case r.ByFacilitator(text=text):
            return text or _("skipped by the facilitator")
    raise TypeError(reason)


def cause_text(cause: r.Cause, gettext: Phrase | None = None, names: Names | None = None) -> str:
    _ = gettext or _identity
    n = _Ids() if names is None else _Spoken(names, _)
    match cause:
        case r.EventWasSkipped(event=event):
            return _("{event} was skipped").format(event=n.event(event))
        case r.EventHasFired(event=event):
            return _("{event} fired").format(event=n.event(event))
        case r.ExpectationWasMissed(expectation=exp):
            return _("{expectation} was missed").format(expectation=n.expectation(exp))
        case r.ExpectationWasMet(expectation=exp):
            return _("{expectation} was met").format(expectation=n.expectation(exp))
        case r.BranchNotTaken(event=event, chosen=chosen):
            return _("{event} was decided: {option}").format(event=n.event(event), option=n.option(event, chosen))
        case r.AlreadyHolds(condition=condition):
            return _("{condition} already holds").format(condition=condition_text(condition, _, names))
    raise TypeError(cause)


def condition_text(mapping: r.ConditionMap, gettext: Phrase | None = None, names: Names | None = None) -> str:
    """A condition (in the format's mapping form) read aloud, as the MSEL tables describe it."""
    return describe(cond.parse_condition(mapping), gettext, names)


def describe(condition: cond.Condition, gettext: Phrase | None = None, names: Names | None = None) -> str:
    """:func:`crisissim.scenario.conditions.describe` in the reader's language; with ``names``,
    every id in it as the reader knows the thing (see :func:`reason_text`)."""
    _ = gettext or _identity
    n = _Ids() if names is None else _Spoken(names, _)
    match condition:
        case cond.Fired(event):
            return _("{event} fired").format(event=n.event(event))
        case cond.Skipped(event):
            return _("{event} skipped").format(event=n.event(event))
        case cond.Met(exp):
            return _("{expectation} met").format(expectation=n.expectation(exp))
        case cond.Missed(exp):
            return _("{expectation} missed").format(expectation=n.expectation(exp))
        case cond.Late(exp):
            return _("{expectation} late").format(expectation=n.expectation(exp))
        case cond.Chose(event, option):
            return _("{event} chose {option}").format(event=n.event(event), option=n.option(event, option))
        case cond.ActionTaken(kind, None):
            return _("any role did {action}").format(action=n.action(kind))
        case cond.ActionTaken(kind, str(role)):
            return _("{role} did {action}").format(role=n.role(role), action=n.action(kind))
        case cond.Filed(regime, stage):
            known = REGIMES[regime]
            return _("{filing} ({regime}) filed").format(filing=_(known.stage(stage).words), regime=_(known.name))
        case cond.Flag(name):
            return _("flag {flag}").format(flag=name)
        case cond.AllOf(items):
            return _(" and ").join(_grouped(i, _, names) for i in items)
        case cond.AnyOf(items):
            return _(" or ").join(_grouped(i, _, names) for i in items)
        case cond.Not(item):
            return _("not {condition}").format(condition=_grouped(item, _, names))
    raise TypeError(condition)


@dataclass(frozen=True)
class Names:
    """What the people at a screen call the scenario's things; an id the scenario does not know is
    shown as it is. ``titles`` are the events' titles as they were delivered (a title may be a
    template); an event not delivered yet is named by its title in the scenario."""

    scenario: Scenario | None = None
    titles: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The delivered decisions' options (a seat's scenario has no events to read them from)."""
    actions: Mapping[str, str] = field(default_factory=dict)
    """Each action kind's words in the reader's language (the report's: "publieke verklaring")."""

    def event(self, event: str) -> str:
        if event in self.titles:
            return self.titles[event]
        found = self.scenario.event(event) if self.scenario else None
        return found.title if found is not None and "{" not in found.title else event

    def role(self, role: str) -> str:
        found = self.scenario.roles.get(role) if self.scenario else None
        return found.name if found is not None else role

    def option(self, event: str, option: str) -> str:
        if option in self.options.get(event, {}):
            return self.options[event][option]
        found = self.scenario.event(event) if self.scenario else None
        return found.options.get(option, option) if found is not None and found.options else option

    def post(self, post: str) -> str:
        storm, _, number = post.partition("#")
        return f"{self.event(storm)} #{number}" if number else self.event(storm)

    def action(self, kind: str) -> str:
        return self.actions.get(kind, kind)

    def expectation(self, expectation: str, gettext: Phrase) -> str:
        """An expectation as a reader knows it, by what it asks: the scenario gives it no words of its own."""
        pairs = self.scenario.expectations if self.scenario else []
        found = next((pair for pair in pairs if pair[1].id == expectation), None)
        if found is None:
            return expectation
        event, x = found
        return gettext("the expected {action} of {role} after “{event}”").format(
            action=self.action(x.action), role=self.role(x.role), event=self.event(event.id)
        )


class _Ids:
    """Names a condition by the ids the scenario spells (the debrief JSON's English, the MSEL)."""

    def event(self, event: str) -> str:
        return event

    def option(self, event: str, option: str) -> str:
        return option

    def role(self, role: str) -> str:
        return role

    def action(self, kind: str) -> str:
        return kind

    def expectation(self, expectation: str) -> str:
        return expectation


class _Spoken(_Ids):
    """Names a condition as its reader knows it: titles and labels in quotes, roles by their names."""

    def __init__(self, names: Names, gettext: Phrase) -> None:
        self.names, self.gettext = names, gettext

    def event(self, event: str) -> str:
        return f"“{self.names.event(event)}”"

    def option(self, event: str, option: str) -> str:
        return f"“{self.names.option(event, option)}”"

    def role(self, role: str) -> str:
        return self.names.role(role)

    def action(self, kind: str) -> str:
        return self.names.action(kind)

    def expectation(self, expectation: str) -> str:
        return self.names.expectation(expectation, self.gettext)


#: Why an event can no longer be fired or skipped, by its status.
_STATUS_WORDS = {r.EventStatus.FIRED: N_("has already fired"), r.EventStatus.SKIPPED: N_("was already skipped")}


def refusal_text(refusal: r.Refusal | str, gettext: Translator | None = None, names: Names | None = None) -> str:
    """Why an action or a command was refused, as a sentence in ``gettext``'s language (English by
    default); a journal older than refusal codes holds its sentence already."""
    if isinstance(refusal, str):
        return refusal
    _ = gettext or translator(None)
    n = names or Names()
    match refusal:
        case r.NotStarted():
            return _("the exercise has not started")
        case r.HasEnded():
            return _("the exercise has ended")
        case r.NotEnded():
            return _("the hot wash comes at EndEx")
        case r.NotJoined():
            return _("join with your role's code first")
        case r.UnknownRole(role=role):
            return _("the scenario has no role '{role}'").format(role=role)
        case r.UnknownEvent(event=event):
            return _("the scenario has no event '{event}'").format(event=event)
        case r.NotYetSent(event=event):
            return _("“{event}” has not reached anyone yet").format(event=n.event(event))
        case r.NotSentTo(event=event, role=role):
            return _("“{event}” was not sent to {role}").format(event=n.event(event), role=n.role(role))
        case r.NoDecision(event=event):
            return _("“{event}” asks for no decision").format(event=n.event(event))
        case r.NoSuchOption(event=event, option=option):
            return _("“{event}” offers no option “{option}”").format(event=n.event(event), option=option)
        case r.AlreadyDecided(event=event, role=role, option=option):
            return _("“{event}” was already decided by {role}: {option}").format(
                event=n.event(event), role=n.role(role), option=n.option(event, option)
            )
        case r.NoSuchPost(post=post):
            return _("there is no post {post} to reply to").format(post=n.post(post))
        case r.AlreadySettled(event=event, status=status):
            return _("“{event}” {status}").format(event=n.event(event), status=_(_STATUS_WORDS[status]))
        case r.UnknownExpectation(expectation=expectation):
            return _("the scenario has no expectation '{expectation}'").format(expectation=expectation)
        case r.BadRating():
            return _("a rating is P, S, M or U (the HSEEP scale)")
        case r.BadFields(kind=kind, fields=fields):
            spec = BY_KIND.get(kind)
            action = _.pgettext("palette", spec.label) if spec else kind
            return _("{action}: not filled in or not right: {fields}").format(action=action, fields=", ".join(fields))
        case r.Withdrawn(event=event):
            return _("“{event}” was withdrawn by the facilitator").format(event=n.event(event))
        case r.NothingToUndo():
            return _("There is no facilitator command to undo (an undo cannot be undone).")
        case r.NotLastCommand(seq=seq):
            return _("record {seq} is not the last facilitator command").format(seq=seq)
        case r.PaceHolds(pace=pace):
            if pace == r.Pace.PAUSE:
                return _("the clock is already paused")
            if pace == r.Pace.RESUME:
                return _("the clock is already running")
            return _("no inject is due to advance to")
        case r.UndoFollowed(command=command, target=target) | r.UndoLasting(command=command, target=target):
            sentence = _("{command} cannot be undone: {why}.").format(
                command=command_words(command, target, _, n), why=_undo_why(refusal, _, n)
            )
            return sentence[:1].upper() + sentence[1:]
    raise TypeError(refusal)


def command_words(command: str, target: str, gettext: Translator | None = None, names: Names | None = None) -> str:
    """A facilitator command as the console names it when it is undone or cannot be."""
    _ = gettext or translator(None)
    n = names or Names()
    match command:
        case "fire":
            return _("firing “{title}”").format(title=n.event(target))
        case "skip":
            return _("skipping “{title}”").format(title=n.event(target))
        case "inject":
            return _("the ad-hoc inject “{title}”").format(title=target)
        case "flag":
            return _("setting the flag {flag}").format(flag=target)
        case "unflag":
            return _("clearing the flag {flag}").format(flag=target)
        case "rate":
            return _("the rating of {expectation}").format(expectation=target)
    return command


def _undo_why(refusal: r.UndoFollowed | r.UndoLasting, _: Translator, n: Names) -> str:
    kind = refusal.kind
    if isinstance(refusal, r.UndoFollowed):
        if kind == r.Kind.ACTION:
            return _("{role} has acted since").format(role=n.role(refusal.role))
        if kind == r.Kind.FIRED:
            return _("“{title}” has reached the roles since").format(title=n.event(refusal.event))
        if kind in (r.Kind.STORM, r.Kind.REACTION, r.Kind.RECEPTION):
            return _("the crowd has reacted since")
        return _("the exercise has moved on since")
    if kind == r.Kind.FIRED:
        return _("the crowd and the press have already taken it up")
    if kind == r.Kind.STORM:
        return _("it started a social-media storm")
    if kind == r.Kind.CLOCK:
        return _("it stopped or ran out a clock")
    return _("it set off what cannot be taken back")


def _grouped(condition: cond.Condition, gettext: Phrase, names: Names | None = None) -> str:
    text = describe(condition, gettext, names)
    return f"({text})" if isinstance(condition, cond.AllOf | cond.AnyOf) else text


def _identity(text: str) -> str:
    return text
