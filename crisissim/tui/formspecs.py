"""What each form asks, in the exercise's language, and how its answers become an action.

An action's form is its fields in the action registry (:data:`crisissim.scenario.actions.ACTIONS`),
its words from the message catalogue. What a form does beyond asking its fields (the regulator
form's counts, the reason for a delay, a post's answer to the feed) is said once, in
:mod:`crisissim.exercise.forms`, for the terminal and the seats' web page alike; this module makes
the terminal's form of it, and the facilitator's own forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crisissim.exercise import forms
from crisissim.exercise.forms import Question
from crisissim.journal.records import Post
from crisissim.scenario.actions import RATINGS
from crisissim.scenario.model import CHANNELS, Event, Expectation, Scenario
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import Field, FormSpec


def _field(asked: Question) -> Field:
    """A question of :mod:`crisissim.exercise.forms` as the terminal's form asks it."""
    value = list(asked.value) if isinstance(asked.value, tuple) else asked.value
    return Field(asked.name, asked.label, asked.hint, asked.widget, asked.required, list(asked.choices), value)


def action_form(
    kind: str,
    labels: Labels,
    *,
    context: str = "",
    late: bool = False,
    posts: Sequence[tuple[float, Post]] = (),
) -> FormSpec:
    """The form of an action kind (:func:`crisissim.exercise.forms.action_form`, the one every
    screen asks); ``context`` (the message it answers) heads a reply or a note."""
    return form_spec(forms.action_form(kind, labels.gettext, context=context, late=late, posts=posts))


def form_spec(form: forms.Form) -> FormSpec:
    """A form of :mod:`crisissim.exercise.forms` (or :mod:`crisissim.exercise.filings`) as the
    terminal asks it."""
    return FormSpec(form.title, [_field(q) for q in form.questions], intro=form.intro)


def action_fields(kind: str, values: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """The form's answers in the format's field names."""
    return forms.action_fields(kind, values, labels.gettext)


def inject_form(labels: Labels, scenario: Scenario) -> FormSpec:
    _ = labels.gettext
    roles = [(r, role.name) for r, role in scenario.roles.items()]
    return FormSpec(
        labels.inject_title,
        [
            Field("title", _("Title")),
            Field("body", _("Text"), _("What the roles receive."), "text"),
            Field("to", _("To"), "", "checks", choices=roles, value=[r for r, _name in roles]),
            Field(
                "channel",
                _("Channel"),
                "",
                "radio",
                choices=[(c, labels.channel(c)) for c in CHANNELS],
                value="internal",
            ),
            Field("from", _("From"), required=False),
        ],
    )


def rate_form(labels: Labels, scenario: Scenario) -> FormSpec:
    _ = labels.gettext

    def named(event: Event, x: Expectation) -> tuple[str, str]:
        """An expectation as the room knows it: its event's title, the role's name, the action's."""
        action = labels.action(x.action) if x.action != "any" else _("any action")
        return x.id, f"{event.title} ({scenario.roles[x.role].name}, {action})"

    judged = [named(event, x) for event, x in scenario.expectations if x.judged]
    everything = judged or [named(event, x) for event, x in scenario.expectations]
    return FormSpec(
        labels.rate_title,
        [
            Field(
                "expectation",
                _("Expectation"),
                "",
                "radio",
                choices=everything,
                value=everything[0][0] if everything else "",
            ),
            Field(
                "rating",
                _("Rating"),
                "",
                "radio",
                choices=[(k, f"{k}: {_(v)}") for k, v in RATINGS.items()],
                value="P",
            ),
        ],
    )


def flag_form(labels: Labels) -> FormSpec:
    _ = labels.gettext
    return FormSpec(
        labels.flag_title,
        [
            Field("flag", _("Flag"), _("A flag that conditions in the scenario test, e.g. ransom-paid.")),
            Field(
                "mode",
                _("Set or clear"),
                "",
                "radio",
                choices=[("flag", _("Set")), ("unflag", _("Clear"))],
                value="flag",
            ),
        ],
    )
