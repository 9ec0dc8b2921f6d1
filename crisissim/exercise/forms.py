"""What an action's form asks and how its answers become the action's fields, for every screen.

The questions are the action registry's (:data:`crisissim.scenario.actions.ACTIONS`), their words
from the message catalogue; what a form does beyond asking them is said here once, so that the
terminal's forms (crisissim/tui/formspecs.py) and the seats' web page (crisissim/web/) ask the same
and file the same: the regulator form asks the counts apart and writes them into the format's
``subjects`` and ``records``, owes the reason for a delay once the notification clock has run out,
a post answers one of the feed's newest posts, a decision's options are split at commas. The
hot wash at EndEx is a form too (:func:`hotwash_form`): the scenario's questions, one answer each.

No screen library here: a question is plain data that each screen turns into its widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crisissim.i18n import N_, Translator
from crisissim.journal.readmodel import ClockView
from crisissim.journal.records import ClockStatus, Post
from crisissim.scenario import conditions as cond
from crisissim.scenario.actions import (
    BY_KIND,
    COUNT_RANGES,
    HOTWASH,
    REQUEST_BY_KIND,
    STATEMENT_CHANNEL_NAMES,
    UNKNOWN_HINT,
    Widget,
)
from crisissim.scenario.actions import FormField as ActionField
from crisissim.scenario.model import Scenario
from crisissim.scenario.regimes import UNKNOWN, is_unknown

REPLY_CHOICES = 6
"""How many of the feed's newest posts a post may answer from the form."""
NUMBER_UNKNOWN = N_("number unknown")
DELAY_OWED = N_("owed now: the notification is past the clock's limit")
APPROX = N_("approx.")


@dataclass(frozen=True)
class Question:
    """One question of a form, in the reader's language: ``choices`` are (value, words)."""

    name: str
    label: str
    hint: str = ""
    widget: Widget = "input"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    value: str | tuple[str, ...] = ""


@dataclass(frozen=True)
class Form:
    """An action's form: its title, a line above the questions, the questions."""

    kind: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    answers_event: bool = field(default=False)
    """Whether it is sent about a message (a reply, a note), which the screen adds as ``event``."""


def late_notification(scenario: Scenario, clocks: Mapping[str, ClockView]) -> bool:
    """Whether a clock that a notification stops has run out: the regulator form then owes the
    reason for the delay (Art. 33(1))."""
    return any(
        cond.stops_on_notification(clock.stops)
        and clock_id in clocks
        and clocks[clock_id].status == ClockStatus.BREACHED
        for clock_id, clock in scenario.clocks.items()
    )


def question(spec: ActionField, _: Translator, *, late: bool = False) -> Question:
    """The registry's question in ``_``'s language; the reason for a delay is owed once ``late``."""
    hint, required = _(spec.hint), spec.required
    if spec.name == "delay_reason":  # owed once the notification is past the clock's limit
        hint, required = (f"{hint} {_(DELAY_OWED)}" if late else f"{hint} "), late
    choices = tuple(
        (c, _.pgettext("channel", STATEMENT_CHANNEL_NAMES[c]) if c in STATEMENT_CHANNEL_NAMES else _(words))
        for c, words in spec.choice_words
    )
    return Question(spec.name, _(spec.label), hint, spec.widget, required, choices, spec.default)


def action_form(
    kind: str,
    _: Translator,
    *,
    context: str = "",
    late: bool = False,
    posts: Sequence[tuple[float, Post]] = (),
) -> Form:
    """The form of an action kind; ``context`` (the message it answers) heads a reply or a note.

    A post answers one of the feed's newest ``posts``, picked from a list of them (the feed shows
    no post ids); with no posts in the feed there is nothing to answer and the question is left out.
    """
    spec = BY_KIND[kind]
    if not spec.form:
        raise ValueError(kind)
    intro = context if "event" in spec.fields else ""
    if kind == "notify_regulator":  # Art. 33(4): what is not known yet may follow
        intro = _(UNKNOWN_HINT)
    questions = []
    for asked in spec.form:
        q = question(asked, _, late=late)
        if kind == "post" and asked.name == "reply_to":
            if not posts:
                continue
            q = reply_choice(q, _, posts)
        questions.append(q)
    return Form(kind, _(spec.title), tuple(questions), intro, "event" in spec.fields)


def reply_choice(asked: Question, _: Translator, posts: Sequence[tuple[float, Post]]) -> Question:
    """The feed's newest posts as choices, newest first, as the feed shows them."""
    choices = [("", _("none: a post of our own"))]
    for _sim, post in list(posts)[::-1][:REPLY_CHOICES]:
        text = " ".join(post.text.split())
        choices.append((f"{post.storm}#{post.n}", f"@{post.handle}: {text[:60]}{'…' if len(text) > 60 else ''}"))
    return Question(asked.name, asked.label, _("One of the newest posts in the feed."), "radio", False, tuple(choices))


def action_fields(kind: str, values: dict[str, Any], _: Translator) -> dict[str, Any]:
    """The form's answers in the format's field names."""
    if kind == "notify_regulator":
        fields = BY_KIND[kind].fields
        out = {k: v for k, v in values.items() if k in fields and v not in ("", [])}
        out["subjects"] = counted(str(values.get("subject_categories", "")), str(values.get("subject_count", "")), _)
        out["records"] = counted(str(values.get("record_categories", "")), str(values.get("record_count", "")), _)
        return out
    if kind == "decision":
        out = {k: v for k, v in values.items() if v}
        if "options" in out:
            out["options"] = [o.strip() for o in str(out["options"]).split(",") if o.strip()]
        return out
    return {k: v for k, v in values.items() if v not in ("", [])}


def counted(categories: str, count: str, _: Translator) -> str:
    """Categories with their range, as the format's ``subjects`` and ``records`` hold them:
    "unknown" only when neither is known yet."""
    if count not in COUNT_RANGES:
        count = UNKNOWN
    if is_unknown(categories) and count == UNKNOWN:
        return UNKNOWN
    if count == UNKNOWN:
        return f"{categories} ({_(NUMBER_UNKNOWN)})"
    return f"{categories} ({_(APPROX)} {_(COUNT_RANGES[count])})"


HOTWASH_INTRO = N_(
    "Looking back on the exercise: answer what you can. You can change the answers until the facilitator closes."
)


def hotwash_form(questions: Sequence[str], _: Translator, answers: Sequence[str] = ()) -> Form:
    """A role's hot wash: the scenario's questions (in the exercise's language, as written), each
    answered in a text, filled in with the role's ``answers`` as they stand. None is required
    alone; :func:`hotwash_answers` asks for at least one, as the console's hot wash does."""
    given = list(answers) + [""] * len(questions)
    shown = tuple(
        Question(f"q{n}", f"{n + 1}. {question}", "", "text", False, (), given[n])
        for n, question in enumerate(questions)
    )
    return Form(HOTWASH, _(REQUEST_BY_KIND[HOTWASH].label), shown, _(HOTWASH_INTRO))


def hotwash_answers(form: Form, values: Mapping[str, Any]) -> list[str] | None:
    """The answers in the questions' order, or None when nothing was typed at all."""
    answers = [str(values.get(q.name, "")).strip() for q in form.questions]
    return answers if any(answers) else None
