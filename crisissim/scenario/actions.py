"""The action registry: every action a team can take and every command a facilitator can give,
each declared once.

One :class:`ActionSpec` per action kind says everything the rest of crisissim needs to know
about it: its fields, with exactly the names of the format's table
(shared/design/scenario-format.md, "Actions"), which condition words it feeds, whether an
expectation may ask for it, its form, its key in a role pane, its words and its mark in the
report's timeline. The engine and the playbook loader check fields against it; conditions,
scenario checks, forms, key bindings, the command palette, the help screen and the charts are
derived from it. :data:`COMMANDS` does the same for the facilitator's commands.

The words are catalogue message ids (English, marked with ``N_``): they are translated where
they are shown, from crisissim/locale (see :mod:`crisissim.i18n`).

To add an action kind: add an :class:`ActionSpec` to :data:`ACTIONS`; add what its form needs
beyond its fields to crisissim/tui/formspecs.py (most need nothing); translate its words in
crisissim/locale/nl (docs/architecture.md, "Adding an action kind").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from crisissim.i18n import N_, NP_
from crisissim.safetext import shown
from crisissim.scenario import art34, regimes
from crisissim.scenario.suggest import did_you_mean

#: Art. 33(3) GDPR: what a notification to the regulator must describe, with the words a
#: debrief uses for each element (message ids: a report translates them).
NOTIFICATION_FIELDS: dict[str, str] = {
    "nature": N_("nature of the breach"),
    "subjects": N_("categories and approximate number of data subjects"),
    "records": N_("categories and approximate number of personal data records"),
    "contact": N_("name and contact details of the DPO or contact point"),
    "consequences": N_("likely consequences"),
    "measures": N_("measures taken or proposed"),
}
DELAY_REASON = N_("reasons for the delay")
STATEMENT_CHANNELS = ("website", "social", "press")
#: A filing's own fields beside the elements of its regime (crisissim/scenario/regimes.py):
#: which regime and which filing of its chain, whether it is new, amends or withdraws the last
#: filing of that stage, and the reason of a withdrawal.
FILING_FIELDS = ("regime", "stage", "change", "reason")
#: How many people or records a notification names, as the AP's meldformulier asks: ranges.
COUNT_RANGES: dict[str, str] = {
    "1-10": N_("1 to 10"),
    "11-100": N_("11 to 100"),
    "101-1000": N_("101 to 1,000"),
    "1001-10000": N_("1,001 to 10,000"),
    "10001-100000": N_("10,001 to 100,000"),
    "over-100000": N_("more than 100,000"),
    regimes.UNKNOWN: N_("unknown / being investigated"),
}
#: The words of a filing form's other choices.
CHOICE_WORDS: dict[str, str] = {
    **COUNT_RANGES,
    "initial": N_("new notification"),
    "followup": N_("follow-up notification"),
    "yes": N_("yes"),
    "no": N_("no"),
    "partly": N_("partly"),
    # the grounds of Art. 34(3), as the exception's form offers them
    "unintelligible": N_("(a) unintelligible to others, e.g. encrypted"),
    "mitigated": N_("(b) later measures removed the high risk"),
    "disproportionate": N_("(c) disproportionate effort: a public communication instead"),
}
UNKNOWN_HINT = N_("Write “unknown” while it is being investigated (Art. 33(4)): a follow-up then completes it.")
#: What a statement's channels are called on screen (message ids, in the ``channel`` context).
STATEMENT_CHANNEL_NAMES: dict[str, str] = {
    "website": NP_("channel", "website"),
    "social": NP_("channel", "social media"),
    "press": NP_("channel", "press"),
}

Widget = Literal["input", "text", "number", "checks", "radio"]


@dataclass(frozen=True)
class FormField:
    """One question of an action's form; the screens make the widget.

    ``name`` is the form's own (a regulator form asks a count apart from its categories, and
    crisissim/tui/formspecs.py writes both into the format's ``subjects``); ``label`` and ``hint``
    are message ids.
    """

    name: str
    label: str
    hint: str = ""
    widget: Widget = "input"
    required: bool = True
    choices: tuple[str, ...] = ()
    default: str | tuple[str, ...] = ""

    @property
    def choice_words(self) -> list[tuple[str, str]]:
        """(value, message id) of each choice: its words where it has some, else the value itself."""
        return [(c, CHOICE_WORDS.get(c, c)) for c in self.choices]


@dataclass(frozen=True)
class ActionSpec:
    """One action kind. Every text is a message id, translated where it is shown."""

    kind: str
    #: the format's field names: required?
    fields: Mapping[str, bool]
    #: the condition words an action of this kind makes true: ``{action: KIND}`` always,
    #: ``{chose: EVENT.OPTION}`` for a choice
    conditions: frozenset[str]
    #: whether an expectation may ask for it (``expects: [{action: KIND}]``)
    expected: bool
    #: the key that opens its form in a role pane, and the key's description (in the ``key`` context)
    key: str
    key_label: str
    #: what the command palette calls it (in the ``palette`` context)
    label: str
    #: the form's title (a choice has no form: its options' title)
    title: str
    form: tuple[FormField, ...]
    #: its part of the help screen's role-pane lines; actions with the same ``help_line`` share one
    help: str
    help_line: int
    #: its letter on the report's timeline, the word beside it in the legend, and its place there
    mark: str
    legend: str
    legend_place: int
    #: what the report's sentences call it ("a public statement", in the ``prose`` context): the
    #: legend's one word is too short for prose ("data subjects" is no action)
    prose: str
    #: other kinds an expectation of which this kind answers too (an Art. 34(3) exception is the
    #: team's answer to an expected communication to the people affected: judged, not missing)
    answers: frozenset[str] = frozenset()

    def least_fields(self, event: str, text: str) -> dict[str, str]:
        """The fewest fields that make an action of this kind acceptable: its required ones (the
        event it answers, ``text`` for the rest), or its first field when none is required."""
        names = [name for name, required in self.fields.items() if required] or list(self.fields)[:1]
        # a choice (an Art. 34(3) ground) takes its form's default: ``text`` is none of its choices
        chosen = {f.name: f.default for f in self.form if f.choices and isinstance(f.default, str) and f.default}
        return {name: event if name == "event" else chosen.get(name, text) for name in names}


_TEXT = FormField("text", N_("Text"), N_("What you send, as you would write it."), "text")
_ACTION = frozenset({"action"})

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        kind="reply",
        fields={"event": True, "text": True},
        conditions=_ACTION,
        expected=True,
        key="r",
        key_label=NP_("key", "Reply"),
        label=NP_("palette", "reply"),
        title=N_("Reply"),
        form=(_TEXT,),
        help=N_("reply"),
        help_line=1,
        mark="R",
        legend=N_("reply"),
        legend_place=3,
        prose=NP_("prose", "reply"),
    ),
    ActionSpec(
        kind="choose",
        fields={"event": True, "option": True},
        conditions=frozenset({"action", "chose"}),
        expected=True,
        key="c",
        key_label=NP_("key", "Choose"),
        label=NP_("palette", "choose"),
        title=N_("Decision"),
        form=(),
        help=N_("choose"),
        help_line=1,
        mark="C",
        legend=N_("choice"),
        legend_place=4,
        prose=NP_("prose", "choice"),
    ),
    ActionSpec(
        kind="statement",
        fields={"text": True, "channels": False},
        conditions=_ACTION,
        expected=True,
        key="s",
        key_label=NP_("key", "Statement"),
        label=NP_("palette", "statement"),
        title=N_("Public statement"),
        form=(
            _TEXT,
            FormField(
                "channels",
                N_("Channels"),
                N_("Where it is published."),
                "checks",
                choices=STATEMENT_CHANNELS,
                default=STATEMENT_CHANNELS,
            ),
        ),
        help=N_("statement"),
        help_line=1,
        mark="S",
        legend=N_("statement"),
        legend_place=1,
        prose=NP_("prose", "public statement"),
    ),
    ActionSpec(
        kind="post",
        fields={"text": True, "reply_to": False},
        conditions=_ACTION,
        expected=True,
        key="p",
        key_label=NP_("key", "Post"),
        label=NP_("palette", "post"),
        title=N_("Social-media post"),
        form=(
            _TEXT,
            FormField(
                "reply_to", N_("In reply to"), N_("Optional: the post you answer, e.g. storm-leak#12."), required=False
            ),
        ),
        help=N_("social post"),
        help_line=1,
        mark="P",
        legend=N_("post"),
        legend_place=2,
        prose=NP_("prose", "social-media post"),
    ),
    ActionSpec(
        kind="notify_regulator",
        fields={
            **dict.fromkeys(NOTIFICATION_FIELDS, False),
            "delay_reason": False,
            **dict.fromkeys(FILING_FIELDS, False),
            **dict.fromkeys(regimes.ELEMENT_NAMES, False),
        },
        conditions=_ACTION,
        expected=True,
        key="g",
        # the neutral words; a scenario's regimes may name its one authority (regulator_labels)
        key_label=NP_("key", "Regulator notification"),
        label=NP_("palette", "notify regulator"),
        title=N_("Notification to the regulator (GDPR Art. 33)"),
        # the sections of the Dutch AP's meldformulier, in its order
        form=(
            FormField(
                "stage",
                N_("New or follow-up"),
                N_("Art. 33(4): a follow-up notification completes or corrects the first one."),
                "radio",
                choices=("initial", "followup"),
                default="initial",
            ),
            FormField(
                "contact",
                N_("Contact point"),
                N_("Art. 33(3)(b): name and contact details of the DPO or another contact point."),
            ),
            FormField("occurred", N_("When it happened"), N_("Date and time, or a period; or “unknown”.")),
            FormField("discovered", N_("When it was discovered"), N_("Date and time you became aware of it.")),
            FormField(
                "ongoing",
                N_("Still going on?"),
                "",
                "radio",
                choices=("yes", "no", regimes.UNKNOWN),
                default=regimes.UNKNOWN,
            ),
            FormField(
                "nature",
                N_("Nature of the breach"),
                N_("Art. 33(3)(a): what happened, how it was found, which systems."),
                "text",
            ),
            FormField(
                "subject_categories",
                N_("Categories of people"),
                N_("Art. 33(3)(a): whose data: patients, customers, staff, children…"),
            ),
            FormField(
                "subject_count",
                N_("Number of people"),
                N_("Art. 33(3)(a): approximately, as a range."),
                "radio",
                choices=tuple(COUNT_RANGES),
                default=regimes.UNKNOWN,
            ),
            FormField(
                "record_categories",
                N_("Categories of data"),
                N_("Art. 33(3)(a): which data: contact details, health, financial…"),
            ),
            FormField(
                "record_count",
                N_("Number of records"),
                N_("Art. 33(3)(a): approximately, as a range."),
                "radio",
                choices=tuple(COUNT_RANGES),
                default=regimes.UNKNOWN,
            ),
            FormField(
                "special",
                N_("Special categories and BSN"),
                N_("Health, ethnic origin, religion… (Art. 9), and the BSN; “none” or “unknown”."),
            ),
            FormField(
                "encrypted",
                N_("Encrypted?"),
                N_("Were the data encrypted or otherwise unintelligible to others?"),
                "radio",
                choices=("yes", "partly", "no", regimes.UNKNOWN),
                default=regimes.UNKNOWN,
            ),
            FormField(
                "consequences",
                N_("Likely consequences"),
                N_("Art. 33(3)(c): the likely consequences for the people affected."),
                "text",
            ),
            FormField(
                "informed",
                N_("The people affected told?"),
                N_("Whether and how they were told (Art. 34), or why not."),
                "text",
            ),
            FormField(
                "measures",
                N_("Measures"),
                N_("Art. 33(3)(d): measures taken or proposed, including to limit harm."),
                "text",
            ),
            FormField(
                "international",
                N_("Other EU countries"),
                N_("People affected in other EU countries, and which; “none” or “unknown”."),
            ),
            # owed only when filed past the clock's limit: the form makes it required then
            FormField(
                "delay_reason",
                N_("Reason for the delay"),
                N_("Art. 33(1): why the notification comes after 72 hours."),
                "text",
                required=False,
            ),
        ),
        help=N_("notify the regulator (Art. 33)"),
        help_line=2,
        mark="§",
        legend=N_("regulator"),
        legend_place=6,
        prose=NP_("prose", "notification to the regulator"),
    ),
    ActionSpec(
        kind="notify_subjects",
        # ``text`` first: the least a communication says is its letter (ActionSpec.least_fields)
        fields={
            "text": False,
            "audience": False,
            "channel": False,
            **dict.fromkeys(art34.ELEMENT_NAMES, False),
            "public": False,
        },
        conditions=_ACTION,
        expected=True,
        key="a",
        key_label=NP_("key", "Data subjects"),
        label=NP_("palette", "notify subjects"),
        title=N_("Communication to the people affected (GDPR Art. 34)"),
        # Art. 34(2) element by element, with Art. 33(3)(b)-(d) it refers to
        form=(
            FormField(
                "audience", N_("Audience"), N_("Who receives it: all customers, the patients of one department…")
            ),
            FormField("channel", N_("Channel"), N_("Letter, email, SMS, the patient portal…")),
            FormField(
                "public",
                N_("A public communication instead?"),
                N_("Art. 34(3)(c): yes when telling each person would take disproportionate effort."),
                "radio",
                choices=("no", "yes"),
                default="no",
            ),
            FormField(
                "nature",
                N_("What happened"),
                N_("Art. 34(2): the nature of the breach, in clear and plain language."),
                "text",
            ),
            FormField(
                "consequences",
                N_("Likely consequences"),
                N_("Art. 34(2) with 33(3)(c): what it may mean for them."),
                "text",
                required=False,  # Art. 34(2) asks it: the debrief says so when it is left out
            ),
            FormField(
                "measures",
                N_("Measures"),
                N_("Art. 34(2) with 33(3)(d): what you did and will do, and what they can do to limit harm."),
                "text",
                required=False,  # Art. 34(2) asks it: the debrief says so when it is left out
            ),
            FormField(
                "contact",
                N_("Contact point"),
                N_("Art. 34(2) with 33(3)(b): name and contact details of the DPO or another contact point."),
                required=False,
            ),
            FormField(
                "text",
                N_("The letter itself"),
                N_("Optional: the letter or message as they receive it."),
                "text",
                required=False,
            ),
        ),
        help=N_("the people affected (Art. 34)"),
        help_line=2,
        mark="A",
        legend=N_("data subjects"),
        legend_place=7,
        prose=NP_("prose", "communication to the people affected"),
    ),
    ActionSpec(
        kind="subjects_exception",
        fields={"ground": True, "reasoning": True},
        conditions=_ACTION,
        expected=True,
        key="w",
        key_label=NP_("key", "Art. 34(3)"),
        label=NP_("palette", "no communication: Art. 34(3) exception"),
        title=N_("No communication to the people affected (GDPR Art. 34(3))"),
        form=(
            FormField(
                "ground",
                N_("Ground"),
                N_("Which exception of Art. 34(3) applies."),
                "radio",
                choices=tuple(art34.GROUNDS),
                default="unintelligible",
            ),
            FormField(
                "reasoning",
                N_("Reasoning"),
                N_("Why the ground applies here: what was encrypted and how, or which measure removed the risk."),
                "text",
            ),
        ),
        help=N_("no communication (Art. 34(3))"),
        help_line=2,
        mark="E",
        legend=N_("Art. 34(3) exception"),
        legend_place=9,
        prose=NP_("prose", "reasoned exception to informing the people affected"),
        answers=frozenset({"notify_subjects"}),
    ),
    ActionSpec(
        kind="decision",
        fields={"text": True, "options": False, "rationale": False, "owner": False},
        conditions=_ACTION,
        expected=True,
        key="d",
        key_label=NP_("key", "Decision"),
        label=NP_("palette", "decision"),
        title=N_("Decision log"),
        form=(
            FormField("text", N_("Text"), N_("What was decided."), "text"),
            FormField(
                "options", N_("Options weighed"), N_("The options weighed, separated by commas."), required=False
            ),
            FormField("rationale", N_("Rationale"), N_("Why this option."), "text", required=False),
            FormField("owner", N_("Owner"), N_("Who owns the decision."), required=False),
        ),
        help=N_("decision log"),
        help_line=3,
        mark="D",
        legend=N_("decision"),
        legend_place=5,
        prose=NP_("prose", "logged decision"),
    ),
    ActionSpec(
        kind="note",
        fields={"text": True, "event": False},
        conditions=_ACTION,
        expected=False,
        key="o",
        key_label=NP_("key", "Note"),
        label=NP_("palette", "note"),
        title=N_("Note"),
        form=(_TEXT,),
        help=N_("note"),
        help_line=3,
        mark="N",
        legend=N_("note"),
        legend_place=8,
        prose=NP_("prose", "note"),
    ),
)
ACTION_KINDS = tuple(spec.kind for spec in ACTIONS)
BY_KIND: dict[str, ActionSpec] = {spec.kind: spec for spec in ACTIONS}
#: Action kind -> {field: required?}
ACTION_FIELDS: dict[str, dict[str, bool]] = {spec.kind: dict(spec.fields) for spec in ACTIONS}


def regulator_labels(regime_ids: Sequence[str]) -> tuple[str, str]:
    """The regulator form's short name and its command (message ids in the ``key`` and
    ``palette`` contexts) under a scenario's regimes: its authority's own where the scenario has
    one regime that names one authority (GDPR alone, or no regime: "AP-melding"), the neutral
    words where there are several (NIS2's CSIRT or competent authority, DORA's supervisor, or
    NIS2 and GDPR together: "Melding aan toezichthouder")."""
    ids = list(dict.fromkeys(regime_ids)) or ["gdpr"]
    spec = BY_KIND["notify_regulator"]
    regime = regimes.REGIMES.get(ids[0]) if len(ids) == 1 else None
    if regime is None or not regime.key_label:
        return spec.key_label, spec.label
    return regime.key_label, regime.palette_label


def key_label(kind: str, regime_ids: Sequence[str]) -> str:
    """An action's short name (``key`` context: a role pane's key, a seat's button, the report's
    legend): the regulator form's by the scenario's regimes (:func:`regulator_labels`)."""
    return regulator_labels(regime_ids)[0] if kind == "notify_regulator" else BY_KIND[kind].key_label


def palette_label(kind: str, regime_ids: Sequence[str]) -> str:
    """An action's command (``palette`` context): the regulator form's by the scenario's regimes."""
    return regulator_labels(regime_ids)[1] if kind == "notify_regulator" else BY_KIND[kind].label


@dataclass(frozen=True)
class RequestSpec:
    """What a seat may ask beside the team's actions: no condition, no expectation, no key in a
    role pane, no mark in the report. The console's desk takes it through the engine's own call for
    it (the hot wash: ``Engine.hotwash``), not through ``act``."""

    kind: str
    #: field -> required?
    fields: Mapping[str, bool]
    #: its name in a seat's list of what it sent (a message id)
    label: str


#: A seat's hot-wash answers at EndEx: ``answers``, one per question of the scenario's ``hotwash``,
#: in their order (journaled as the console's, a ``hotwash`` record of the role).
HOTWASH = "hotwash"
SEAT_REQUESTS: tuple[RequestSpec, ...] = (RequestSpec(HOTWASH, {"answers": True}, N_("Hot wash")),)
REQUEST_BY_KIND: dict[str, RequestSpec] = {spec.kind: spec for spec in SEAT_REQUESTS}
#: What a seat may request: kind -> {field: required?} (every action kind, and :data:`SEAT_REQUESTS`)
REQUEST_FIELDS: dict[str, dict[str, bool]] = {
    **ACTION_FIELDS,
    **{spec.kind: dict(spec.fields) for spec in SEAT_REQUESTS},
}


@dataclass(frozen=True)
class CommandSpec:
    """A facilitator's command, given from the console or a playbook."""

    name: str
    #: field -> required?
    fields: Mapping[str, bool] = field(default_factory=dict)
    #: what the console says once it is done (a message id; ``{event}`` is the event's title, other
    #: placeholders are the command's fields)
    done: str = ""


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("flag", {"flag": True}, N_("Flag set: {flag}")),
    CommandSpec("unflag", {"flag": True}, N_("Flag cleared: {flag}")),
    CommandSpec("fire", {"event": True}, N_("Fired now: {event}")),
    CommandSpec("skip", {"event": True, "reason": False}, N_("Skipped: {event}")),
    CommandSpec(
        "inject",
        {"title": True, "body": True, "to": False, "channel": False, "from": False},
        N_("Inject sent: {title}"),
    ),
    CommandSpec("rate", {"expectation": True, "rating": True}, N_("Rating saved: {rating}")),
    CommandSpec("note", {"text": True, "event": False}, N_("Note saved")),
    CommandSpec("end", done=N_("The exercise has ended (EndEx)")),
    # the console says what an undo took back itself (crisissim.journal.explain.command_words)
    CommandSpec("undo", {"seq": False}),
)
COMMAND_BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}
#: Facilitator commands a playbook (or the console) may give: command -> {field: required?}
FACILITATOR_FIELDS: dict[str, dict[str, bool]] = {spec.name: dict(spec.fields) for spec in COMMANDS}
#: The HSEEP scale (message ids: the rating form shows them).
RATINGS = {
    "P": N_("performed without challenges"),
    "S": N_("performed with some challenges"),
    "M": N_("performed with major challenges"),
    "U": N_("unable to be performed"),
}


def field_problems(kind: str, fields: dict[str, Any], table: dict[str, dict[str, bool]]) -> list[tuple[str, str]]:
    """(field, what is wrong) for an action's fields; empty when they are fine.

    Text fields must be text; ``channels`` and ``options`` may be a list of text; a required
    field must be present and not blank.
    """
    if kind not in table:
        return [
            (
                "facilitator" if table is FACILITATOR_FIELDS else "action",
                f"unknown kind '{shown(kind)}'{did_you_mean(kind, tuple(table))}",
            )
        ]
    allowed = table[kind]
    problems = []
    for name, value in fields.items():
        if name not in allowed:
            problems.append(
                (
                    name,
                    f"'{shown(kind)}' has no field '{shown(name)}'"
                    + (did_you_mean(name, tuple(allowed)) if allowed else ""),
                )
            )
        elif name in ("channels", "options", "to", "answers"):
            if isinstance(value, str):
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((name, f"'{shown(name)}' is a list of text"))
            elif name == "channels":
                for channel in value:
                    if channel not in STATEMENT_CHANNELS:
                        problems.append(
                            (name, f"unknown channel '{shown(channel)}'{did_you_mean(channel, STATEMENT_CHANNELS)}")
                        )
        elif kind == "notify_regulator" and name in regimes.ELEMENT_NAMES and isinstance(value, bool):
            continue  # "ongoing: no" in YAML: a yes or a no, as the team meant it
        elif kind == "notify_subjects" and name == "public" and isinstance(value, bool):
            continue  # "public: yes" in YAML
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append((name, f"'{shown(name)}' is text"))
    for name, required in allowed.items():
        if required and (name not in fields or _blank(fields[name])):
            problems.append((name, f"'{shown(kind)}' needs '{shown(name)}'"))
    if kind == "rate" and "rating" in fields and str(fields["rating"]).upper() not in RATINGS:
        problems.append(("rating", "a rating is P, S, M or U (the HSEEP scale)"))
    if kind == "notify_regulator":
        problems += _filing_problems(fields)
    if kind in ("notify_subjects", "subjects_exception"):
        problems += _communication_problems(kind, fields)
    return problems


def _blank(value: Any) -> bool:
    """A required field given as nothing: blank text, or a list of nothing but blanks."""
    if isinstance(value, list):
        return not any(str(v).strip() for v in value)
    return str(value).strip() == ""


def _communication_problems(kind: str, fields: dict[str, Any]) -> list[tuple[str, str]]:
    """An Art. 34 communication says what happened (in ``nature``, or in the letter's ``text``),
    names its contact point if it names one at all, and is public or not; an Art. 34(3) exception
    names one of its three grounds."""
    if kind == "subjects_exception":
        ground = str(fields.get("ground", ""))
        if ground and ground not in art34.GROUNDS:
            return [
                (
                    "ground",
                    f"unknown Art. 34(3) ground '{shown(ground)}'{did_you_mean(ground, tuple(art34.GROUNDS))}",
                )
            ]
        return []
    problems = []
    if not any(str(fields.get(name, "")).strip() for name in ("nature", "text")):
        problems.append(("nature", "a communication to the people affected says what happened, in 'nature' or 'text'"))
    if regimes.is_unknown(fields.get("contact")):
        problems.append(("contact", "'contact' cannot be left unknown: the people affected need it to reach you"))
    public = fields.get("public")
    if public is not None and not isinstance(public, bool) and str(public).strip().lower() not in ("yes", "no"):
        problems.append(("public", f"'public' is yes or no, not '{shown(str(public))}'"))
    return problems


def _filing_problems(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """A filing names a regime and a stage it has, changes as one of :data:`regimes.CHANGES`
    allows, and says something of its regime's elements (a withdrawal says why instead)."""
    regime_id = str(fields.get("regime", "gdpr"))
    if regime_id not in regimes.REGIMES:
        return [("regime", f"unknown regime '{shown(regime_id)}'{did_you_mean(regime_id, tuple(regimes.REGIMES))}")]
    regime = regimes.REGIMES[regime_id]
    stage = str(fields.get("stage", regime.stages[0].name))
    if stage not in regime.stage_names:
        return [
            (
                "stage",
                f"{regime_id} has no filing '{shown(stage)}'{did_you_mean(stage, regime.stage_names)}"
                f" (its filings: {', '.join(regime.stage_names)})",
            )
        ]
    change = str(fields.get("change", "new"))
    if change not in regimes.CHANGES:
        return [("change", f"a filing's change is one of {', '.join(regimes.CHANGES)}, not '{shown(change)}'")]
    own = {e.name for e in regime.elements}
    problems = [
        (name, f"a {regime_id} filing has no element '{shown(name)}'{did_you_mean(name, tuple(sorted(own)))}")
        for name in fields
        if name in regimes.ELEMENT_NAMES and name not in own
    ]
    for name in sorted(own & set(fields)):
        if regimes.is_unknown(fields[name]) and not regime.element(name).unknown_ok:
            problems.append((name, f"'{name}' cannot be left unknown: the regulator needs it to reach you"))
    if change == "withdraw":
        if not str(fields.get("reason", "")).strip():
            problems.append(("reason", "a withdrawal says why, in 'reason'"))
    elif not any(str(fields.get(name, "")).strip() for name in own):
        words = (
            "the nature of the breach" if regime_id == "gdpr" else f"one of {', '.join(regime.stage(stage).elements)}"
        )
        problems.append(("nature" if regime_id == "gdpr" else "stage", f"a filing describes at least {words}"))
    return problems


def normalise(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Text as text, lists as lists; a statement without channels goes out on all of them."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("channels", "options", "to"):
            out[name] = [value] if isinstance(value, str) else list(value)
        elif name == "answers":  # one per question, in their order: a blank stays, as its place
            out[name] = [value.strip()] if isinstance(value, str) else [str(v).strip() for v in value]
        elif name == "rating":
            out[name] = str(value).upper()
        elif isinstance(value, bool):
            out[name] = "yes" if value else "no"
        else:
            out[name] = str(value).strip() if not isinstance(value, str) else value.strip()
    if kind == "statement" and "channels" not in out:
        out["channels"] = list(STATEMENT_CHANNELS)
    if kind == "notify_regulator":  # "onbekend", "?": one word, whatever the team wrote
        out.update({k: regimes.UNKNOWN for k, v in out.items() if k in regimes.ELEMENT_NAMES and regimes.is_unknown(v)})
    return out
