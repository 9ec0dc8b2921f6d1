"""What each form asks, in the exercise's language, and how its answers become an action.

The regulator form follows Art. 33(3) GDPR element by element, with a hint for each; the
counts are asked as numbers and written into the format's ``subjects`` and ``records`` fields.
"""

from __future__ import annotations

from typing import Any

from crisissim.scenario.actions import RATINGS, STATEMENT_CHANNELS
from crisissim.scenario.model import CHANNELS, Scenario
from crisissim.tui.labels import Labels
from crisissim.tui.screens.forms import Field, FormSpec

HINTS = {
    "en": {
        "text": "What you send, as you would write it.",
        "nature": "Art. 33(3)(a): what happened, when, how it was found, which systems.",
        "subject_categories": "Art. 33(3)(a): whose data: patients, customers, staff, children…",
        "subject_count": "Approximate number of people affected (a whole number).",
        "record_categories": "Art. 33(3)(a): which data: contact details, BSN, health, financial…",
        "record_count": "Approximate number of records (a whole number).",
        "contact": "Art. 33(3)(b): name and contact details of the DPO or another contact point.",
        "consequences": "Art. 33(3)(c): the likely consequences for the people affected.",
        "measures": "Art. 33(3)(d): measures taken or proposed, including to limit harm.",
        "delay_reason": "Art. 33(1): why the notification comes after 72 hours.",
        "audience": "Who receives it: all customers, the patients of one department…",
        "channel": "Letter, email, SMS, the patient portal…",
        "subjects_text": "Plain language (Art. 34(2)): what happened, what it means, what you do, what they can do.",
        "decision_text": "What was decided.",
        "options": "The options weighed, separated by commas.",
        "rationale": "Why this option.",
        "owner": "Who owns the decision.",
        "channels": "Where it is published.",
        "reply_to": "Optional: the post you answer, e.g. storm-leak#12.",
        "inject_body": "What the roles receive.",
        "flag": "A flag that conditions in the scenario test, e.g. ransom-paid.",
    },
    "nl": {
        "text": "Wat u verstuurt, zoals u het zou schrijven.",
        "nature": "Art. 33 lid 3 onder a: wat er gebeurde, wanneer, hoe het ontdekt is, welke systemen.",
        "subject_categories": "Art. 33 lid 3 onder a: van wie: patiënten, klanten, medewerkers, kinderen…",
        "subject_count": "Geschat aantal betrokkenen (een heel getal).",
        "record_categories": "Art. 33 lid 3 onder a: welke gegevens: NAW, BSN, gezondheid, financieel…",
        "record_count": "Geschat aantal records (een heel getal).",
        "contact": "Art. 33 lid 3 onder b: naam en contactgegevens van de FG of een ander contactpunt.",
        "consequences": "Art. 33 lid 3 onder c: de waarschijnlijke gevolgen voor betrokkenen.",
        "measures": "Art. 33 lid 3 onder d: genomen of voorgestelde maatregelen, ook om schade te beperken.",
        "delay_reason": "Art. 33 lid 1: waarom de melding later komt dan 72 uur.",
        "audience": "Wie het ontvangt: alle klanten, de patiënten van één polikliniek…",
        "channel": "Brief, e-mail, sms, het patiëntenportaal…",
        "subjects_text": "In duidelijke taal (art. 34 lid 2): wat er gebeurde, wat het betekent, "
        "wat u doet en wat zij kunnen doen.",
        "decision_text": "Wat is besloten.",
        "options": "De afgewogen opties, gescheiden door komma's.",
        "rationale": "Waarom deze optie.",
        "owner": "Wie eigenaar is van het besluit.",
        "channels": "Waar het verschijnt.",
        "reply_to": "Optioneel: de post waarop u reageert, bijv. storm-leak#12.",
        "inject_body": "Wat de rollen ontvangen.",
        "flag": "Een vlag die voorwaarden in het scenario testen, bijv. ransom-paid.",
    },
}

NAMES = {
    "en": {
        "text": "Text",
        "nature": "Nature of the breach",
        "subject_categories": "Categories of people",
        "subject_count": "Number of people",
        "record_categories": "Categories of data",
        "record_count": "Number of records",
        "contact": "Contact point",
        "consequences": "Likely consequences",
        "measures": "Measures",
        "delay_reason": "Reason for the delay",
        "audience": "Audience",
        "channel": "Channel",
        "options": "Options weighed",
        "rationale": "Rationale",
        "owner": "Owner",
        "channels": "Channels",
        "reply_to": "In reply to",
        "title": "Title",
        "to": "To",
        "sender": "From",
        "flag": "Flag",
        "set": "Set",
        "clear": "Clear",
        "expectation": "Expectation",
        "rating": "Rating",
        "about": "About",
    },
    "nl": {
        "text": "Tekst",
        "nature": "Aard van het datalek",
        "subject_categories": "Categorieën betrokkenen",
        "subject_count": "Aantal betrokkenen",
        "record_categories": "Categorieën gegevens",
        "record_count": "Aantal records",
        "contact": "Contactpunt",
        "consequences": "Waarschijnlijke gevolgen",
        "measures": "Maatregelen",
        "delay_reason": "Reden van de vertraging",
        "audience": "Doelgroep",
        "channel": "Kanaal",
        "options": "Afgewogen opties",
        "rationale": "Onderbouwing",
        "owner": "Eigenaar",
        "channels": "Kanalen",
        "reply_to": "Reactie op",
        "title": "Titel",
        "to": "Aan",
        "sender": "Van",
        "flag": "Vlag",
        "set": "Zetten",
        "clear": "Wissen",
        "expectation": "Verwachting",
        "rating": "Oordeel",
        "about": "Over",
    },
}
APPROX = {"en": "approx.", "nl": "ca."}


def _t(labels: Labels) -> tuple[dict[str, str], dict[str, str]]:
    return NAMES[labels.language], HINTS[labels.language]


def action_form(kind: str, labels: Labels, *, context: str = "", late: bool = False) -> FormSpec:
    n, h = _t(labels)
    if kind == "reply":
        return FormSpec(labels.reply_title, [Field("text", n["text"], h["text"], "text")], intro=context)
    if kind == "statement":
        channels = [(c, c) for c in STATEMENT_CHANNELS]
        return FormSpec(
            labels.statement_title,
            [
                Field("text", n["text"], h["text"], "text"),
                Field(
                    "channels", n["channels"], h["channels"], "checks", choices=channels, value=list(STATEMENT_CHANNELS)
                ),
            ],
        )
    if kind == "post":
        return FormSpec(
            labels.post_title,
            [
                Field("text", n["text"], h["text"], "text"),
                Field("reply_to", n["reply_to"], h["reply_to"], required=False),
            ],
        )
    if kind == "notify_regulator":
        fields = [
            Field(
                name,
                n[name],
                h[name],
                "text"
                if name in ("nature", "consequences", "measures")
                else "number"
                if name.endswith("count")
                else "input",
            )
            for name in (
                "nature",
                "subject_categories",
                "subject_count",
                "record_categories",
                "record_count",
                "contact",
                "consequences",
                "measures",
            )
        ]
        fields.append(
            Field(
                "delay_reason",
                n["delay_reason"],
                f"{h['delay_reason']} {labels.delay_hint if late else ''}",
                "text",
                required=late,
            )
        )
        return FormSpec(labels.regulator_title, fields)
    if kind == "notify_subjects":
        return FormSpec(
            labels.subjects_title,
            [
                Field("audience", n["audience"], h["audience"]),
                Field("channel", n["channel"], h["channel"]),
                Field("text", n["text"], h["subjects_text"], "text"),
            ],
        )
    if kind == "decision":
        return FormSpec(
            labels.decision_title,
            [
                Field("text", n["text"], h["decision_text"], "text"),
                Field("options", n["options"], h["options"], required=False),
                Field("rationale", n["rationale"], h["rationale"], "text", required=False),
                Field("owner", n["owner"], h["owner"], required=False),
            ],
        )
    if kind == "note":
        return FormSpec(labels.note_title, [Field("text", n["text"], h["text"], "text")], intro=context)
    raise ValueError(kind)


def action_fields(kind: str, values: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """The form's answers in the format's field names."""
    approx = APPROX[labels.language]
    if kind == "notify_regulator":
        out = {k: values[k] for k in ("nature", "contact", "consequences", "measures")}
        out["subjects"] = f"{values['subject_categories']} ({approx} {values['subject_count']})"
        out["records"] = f"{values['record_categories']} ({approx} {values['record_count']})"
        if values.get("delay_reason"):
            out["delay_reason"] = values["delay_reason"]
        return out
    if kind == "decision":
        out = {k: v for k, v in values.items() if v}
        if "options" in out:
            out["options"] = [o.strip() for o in str(out["options"]).split(",") if o.strip()]
        return out
    return {k: v for k, v in values.items() if v not in ("", [])}


def inject_form(labels: Labels, scenario: Scenario) -> FormSpec:
    n, h = _t(labels)
    roles = [(r, role.name) for r, role in scenario.roles.items()]
    return FormSpec(
        labels.inject_title,
        [
            Field("title", n["title"]),
            Field("body", n["text"], h["inject_body"], "text"),
            Field("to", n["to"], "", "checks", choices=roles, value=[r for r, _ in roles]),
            Field("channel", n["channel"], "", "radio", choices=[(c, c) for c in CHANNELS], value="internal"),
            Field("from", n["sender"], required=False),
        ],
    )


def rate_form(labels: Labels, scenario: Scenario) -> FormSpec:
    n, _ = _t(labels)
    judged = [(x.id, f"{x.id} ({x.role}, {x.action})") for _, x in scenario.expectations if x.judged]
    everything = judged or [(x.id, f"{x.id} ({x.role}, {x.action})") for _, x in scenario.expectations]
    return FormSpec(
        labels.rate_title,
        [
            Field(
                "expectation",
                n["expectation"],
                "",
                "radio",
                choices=everything,
                value=everything[0][0] if everything else "",
            ),
            Field(
                "rating", n["rating"], "", "radio", choices=[(k, f"{k}: {v}") for k, v in RATINGS.items()], value="P"
            ),
        ],
    )


def flag_form(labels: Labels) -> FormSpec:
    n, h = _t(labels)
    return FormSpec(
        labels.flag_title,
        [
            Field("flag", n["flag"], h["flag"]),
            Field("mode", n["flag"], "", "radio", choices=[("flag", n["set"]), ("unflag", n["clear"])], value="flag"),
        ],
    )
