"""What each form asks, in the exercise's language, and how its answers become an action.

An action's form is its fields in the action registry (:data:`crisissim.scenario.actions.ACTIONS`),
its words from the message catalogue. What a form does beyond asking its fields is said here:
the regulator form follows Art. 33(3) GDPR element by element, asks the counts as numbers and
writes them into the format's ``subjects`` and ``records`` fields, and owes the reason for a
delay once the notification clock has run out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crisissim.i18n import N_
from crisissim.journal.records import Post
from crisissim.scenario.actions import BY_KIND, COUNT_RANGES, RATINGS, STATEMENT_CHANNEL_NAMES, UNKNOWN_HINT
from crisissim.scenario.actions import FormField as ActionField
from crisissim.scenario.model import CHANNELS, Event, Expectation, Scenario
from crisissim.scenario.regimes import UNKNOWN, is_unknown
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import Field, FormSpec


def _field(spec: ActionField, labels: Labels, *, late: bool = False) -> Field:
    _ = labels.gettext
    hint, required = _(spec.hint), spec.required
    if spec.name == "delay_reason":  # owed once the notification is past the clock's limit
        hint, required = f"{hint} {labels.delay_hint if late else ''}", late
    default = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return Field(
        spec.name,
        _(spec.label),
        hint,
        spec.widget,
        required=required,
        choices=[
            (c, labels.statement_channel(c) if c in STATEMENT_CHANNEL_NAMES else _(words))
            for c, words in spec.choice_words
        ],
        value=default,
    )


def action_form(
    kind: str,
    labels: Labels,
    *,
    context: str = "",
    late: bool = False,
    posts: Sequence[tuple[float, Post]] = (),
) -> FormSpec:
    """The form of an action kind; ``context`` (the message it answers) heads a reply or a note.

    A post answers one of the feed's newest ``posts``, picked from a list of them (the feed shows
    no post ids); with no posts in the feed there is nothing to answer and the question is left out.
    """
    spec = BY_KIND[kind]
    if not spec.form:
        raise ValueError(kind)
    intro = context if "event" in spec.fields else ""
    if kind == "notify_regulator":  # Art. 33(4): what is not known yet may follow
        intro = labels.gettext(UNKNOWN_HINT)
    fields = []
    for question in spec.form:
        field = _field(question, labels, late=late)
        if kind == "post" and question.name == "reply_to":
            if not posts:
                continue
            field = reply_choice(field, labels, posts)
        fields.append(field)
    return FormSpec(labels.title(kind), fields, intro=intro)


REPLY_CHOICES = 6
"""How many of the feed's newest posts a post may answer from the form."""


def reply_choice(field: Field, labels: Labels, posts: Sequence[tuple[float, Post]]) -> Field:
    """The feed's newest posts as choices, newest first, as the feed shows them."""
    _ = labels.gettext
    choices = [("", _("none: a post of our own"))]
    for _sim, post in list(posts)[::-1][:REPLY_CHOICES]:
        text = " ".join(post.text.split())
        choices.append((f"{post.storm}#{post.n}", f"@{post.handle}: {text[:60]}{'…' if len(text) > 60 else ''}"))
    return Field(field.name, field.label, _("One of the newest posts in the feed."), "radio", False, choices, "")


def action_fields(kind: str, values: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """The form's answers in the format's field names."""
    if kind == "notify_regulator":
        fields = BY_KIND[kind].fields
        out = {k: v for k, v in values.items() if k in fields and v not in ("", [])}
        out["subjects"] = _counted(str(values["subject_categories"]), str(values["subject_count"]), labels)
        out["records"] = _counted(str(values["record_categories"]), str(values["record_count"]), labels)
        return out
    if kind == "decision":
        out = {k: v for k, v in values.items() if v}
        if "options" in out:
            out["options"] = [o.strip() for o in str(out["options"]).split(",") if o.strip()]
        return out
    return {k: v for k, v in values.items() if v not in ("", [])}


NUMBER_UNKNOWN = N_("number unknown")


def _counted(categories: str, count: str, labels: Labels) -> str:
    """Categories with their range, as the format's ``subjects`` and ``records`` hold them:
    "unknown" only when neither is known yet."""
    _ = labels.gettext
    if is_unknown(categories) and count == UNKNOWN:
        return UNKNOWN
    if count == UNKNOWN:
        return f"{categories} ({_(NUMBER_UNKNOWN)})"
    return f"{categories} ({labels.approx} {_(COUNT_RANGES[count])})"


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
