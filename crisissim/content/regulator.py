"""What a regulator writes back: the AP's, the CSIRT's and the financial supervisor's questions.

The regulator desk (crisissim/engine/regulator.py) decides *what* to ask from the filings in the
journal; this module says it, in the scenario's language and in the regulator's own register: the
Dutch AP writes "Wij verzoeken u ...", names the filing by its date and the case's reference,
cites the article that makes the question a duty, and says how to answer. Each letter is a
Jinja2 template rendered in the sandbox (crisissim/content/templates.py), so the words are data
like any scenario text; a seeded stream picks among the variants, so the same exercise gets the
same letters.

The elements a letter names are the regimes' words (crisissim/scenario/regimes.py), read from
the message catalogue in the scenario's language: the same words the debrief uses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from crisissim.content.enquiries import spoken_duration
from crisissim.content.templates import MAX_LINE, MAX_OUTPUT, render
from crisissim.i18n import translator
from crisissim.scenario import regimes

#: Who writes, when the scenario does not say (``regulator: {nis2: {from: Z-CERT}}``).
SENDERS: Final[Mapping[str, Mapping[str, str]]] = {
    "nl": {"gdpr": "Autoriteit Persoonsgegevens", "nis2": "CSIRT", "dora": "De Nederlandsche Bank"},
    "en": {"gdpr": "Data Protection Authority", "nis2": "CSIRT", "dora": "Financial supervisor"},
}
#: How a regulator's case reference starts.
_REFERENCE: Final[Mapping[str, str]] = {"gdpr": "z", "nis2": "CSIRT-", "dora": "ICT-"}

_MONTHS: Final[Mapping[str, tuple[str, ...]]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def said_when(moment: dt.datetime, language: str) -> str:
    """``2 maart 2026 om 13:40``; ``2 March 2026 at 13:40``: a date as a letter writes it."""
    lang = "nl" if language == "nl" else "en"
    day = f"{moment.day} {_MONTHS[lang][moment.month - 1]} {moment.year}"
    return f"{day} {'om' if lang == 'nl' else 'at'} {moment:%H:%M}"


@dataclass(frozen=True, slots=True)
class AskFacts:
    """One thing a letter asks for, with what it needs to say it."""

    what: str
    element: str = ""
    earlier: str = ""
    later: str = ""
    earlier_filing: str = ""
    """``changed``: the earlier filing, as the letter names it (its stage and date)."""


@dataclass(frozen=True, slots=True)
class Letter:
    title: str
    body: str


# -- the templates -------------------------------------------------------------------------------------
#
# Context: ``org`` (the organisation's name), ``sender``, ``filing`` (the filing's stage and date, as
# "uw melding van 2 maart 2026 om 13:40"), ``reference``, ``gaps`` (the words of the elements that are
# missing or unknown), ``changed`` (each {words, earlier, later, since}), ``late`` (true: reasons owed),
# ``intermediate`` (true: a report requested), ``term`` (the answer's term, spoken), ``numbered``.

_TITLES: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "nl": {
        "gdpr": (
            "Vragen over uw melding datalek (kenmerk {{ reference }})",
            "Verzoek om aanvullende informatie over uw melding datalek ({{ reference }})",
        ),
        "nis2": (
            "Verzoek van het CSIRT over uw incidentmelding ({{ reference }})",
            "Vragen over uw melding van een significant incident ({{ reference }})",
        ),
        "dora": (
            "Vragen over uw melding van een ernstig ICT-gerelateerd incident ({{ reference }})",
            "Verzoek om aanvullende informatie over uw incidentmelding ({{ reference }})",
        ),
    },
    "en": {
        "gdpr": (
            "Questions about your personal data breach notification (reference {{ reference }})",
            "Request for further information on your breach notification ({{ reference }})",
        ),
        "nis2": (
            "Request from the CSIRT about your incident notification ({{ reference }})",
            "Questions about your notification of a significant incident ({{ reference }})",
        ),
        "dora": (
            "Questions about your major ICT-related incident report ({{ reference }})",
            "Request for further information on your incident report ({{ reference }})",
        ),
    },
}

_OPENINGS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "nl": {
        "gdpr": (
            "Geachte heer, mevrouw,\n\nOp {{ filed_on }} heeft {{ org }} een {{ stage }} gedaan bij de Autoriteit "
            "Persoonsgegevens (AP). Wij hebben deze beoordeeld en hebben naar aanleiding daarvan de volgende vragen.",
            "Geachte heer, mevrouw,\n\nDe Autoriteit Persoonsgegevens heeft {{ filing }} ontvangen. Bij de "
            "beoordeling daarvan is ons het volgende opgevallen.",
        ),
        "nis2": (
            "Geachte heer, mevrouw,\n\nHet CSIRT heeft {{ filing }} ontvangen. Om het incident te kunnen "
            "beoordelen en zo nodig andere organisaties te waarschuwen, hebben wij het volgende van u nodig.",
            "Geachte heer, mevrouw,\n\nDank voor {{ filing }}. Naar aanleiding daarvan vragen wij u het volgende.",
        ),
        "dora": (
            "Geachte heer, mevrouw,\n\nOp {{ filed_on }} heeft {{ org }} ons een ernstig ICT-gerelateerd incident "
            "gemeld. Bij de beoordeling van uw melding is ons het volgende opgevallen.",
            "Geachte heer, mevrouw,\n\nWij hebben {{ filing }} ontvangen en beoordeeld. Naar aanleiding daarvan "
            "hebben wij de volgende vragen.",
        ),
    },
    "en": {
        "gdpr": (
            "Dear Sir or Madam,\n\nOn {{ filed_on }} {{ org }} made a {{ stage }} of a personal data breach to "
            "the {{ sender }}. We have assessed it and have the following questions.",
            "Dear Sir or Madam,\n\nThe {{ sender }} has received {{ filing }}. In assessing it, we noted the "
            "following.",
        ),
        "nis2": (
            "Dear Sir or Madam,\n\nThe CSIRT has received {{ filing }}. To assess the incident and, where "
            "needed, to warn other entities, we need the following from you.",
            "Dear Sir or Madam,\n\nThank you for {{ filing }}. Following it, we ask you for the following.",
        ),
        "dora": (
            "Dear Sir or Madam,\n\nOn {{ filed_on }} {{ org }} reported a major ICT-related incident to us. In "
            "assessing your report we noted the following.",
            "Dear Sir or Madam,\n\nWe have received and assessed {{ filing }}. We have the following questions.",
        ),
    },
}

_GAPS: Final[Mapping[str, tuple[str, ...]]] = {
    "nl": (
        "Uw melding bevat geen of nog geen informatie over het volgende:\n"
        "{% for g in gaps %}- {{ g }}\n{% endfor %}"
        "Wij verzoeken u deze informatie alsnog te verstrekken{{ how }}.",
        "Over de volgende onderdelen heeft u niets vermeld, of heeft u aangegeven dat zij nog worden onderzocht:\n"
        "{% for g in gaps %}- {{ g }}\n{% endfor %}"
        "Wij verzoeken u ons hierover zo spoedig mogelijk te informeren{{ how }}.",
    ),
    "en": (
        "Your notification gives no information, or none yet, on the following:\n"
        "{% for g in gaps %}- {{ g }}\n{% endfor %}"
        "We ask you to provide this information{{ how }}.",
        "On the following you said nothing, or said that it is still being investigated:\n"
        "{% for g in gaps %}- {{ g }}\n{% endfor %}"
        "Please inform us of it as soon as possible{{ how }}.",
    ),
}

#: How the regulator wants a gap filled: the regime's own channel for a follow-up.
_HOW: Final[Mapping[str, Mapping[str, str]]] = {
    "nl": {
        "gdpr": " door een vervolgmelding te doen via het meldloket (artikel 33, vierde lid, AVG)",
        "nis2": " in een aanvullende melding",
        "dora": " in een geactualiseerde melding",
    },
    "en": {
        "gdpr": " in a follow-up notification (Article 33(4) GDPR)",
        "nis2": " in a further notification",
        "dora": " in an updated report",
    },
}

_CHANGED: Final[Mapping[str, tuple[str, ...]]] = {
    "nl": (
        "{% for c in changed %}In {{ c.since }} vermeldde u bij “{{ c.words }}”: “{{ c.earlier }}”. In {{ filing }} "
        "staat: “{{ c.later }}”. {% endfor %}Wij verzoeken u toe te lichten waardoor deze aantallen zijn gewijzigd "
        "en hoe u tot de huidige aantallen bent gekomen.",
        "De aantallen in uw meldingen lopen uiteen. {% for c in changed %}Bij “{{ c.words }}” noemde u in "
        "{{ c.since }} “{{ c.earlier }}”, in {{ filing }} “{{ c.later }}”. {% endfor %}Kunt u aangeven welk aantal "
        "juist is, en waarop die schatting berust?",
    ),
    "en": (
        "{% for c in changed %}In {{ c.since }} you gave for “{{ c.words }}”: “{{ c.earlier }}”. {{ Filing }} "
        "says: “{{ c.later }}”. {% endfor %}We ask you to explain why these numbers changed and "
        "how you arrived at the current ones.",
        "The numbers in your notifications differ. {% for c in changed %}For “{{ c.words }}” you gave "
        "“{{ c.earlier }}” in {{ c.since }}, and “{{ c.later }}” in {{ filing }}. {% endfor %}Please tell us which "
        "number is right, and what the estimate rests on.",
    ),
}

_LATE: Final[Mapping[str, tuple[str, ...]]] = {
    "nl": (
        "Uw melding is gedaan meer dan 72 uur nadat u van het datalek op de hoogte raakte, zonder opgave van "
        "redenen. Artikel 33, eerste lid, AVG bepaalt dat een melding die niet binnen 72 uur plaatsvindt, "
        "vergezeld gaat van de redenen voor de vertraging. Wij verzoeken u deze redenen alsnog te geven.",
        "Wij stellen vast dat u het datalek meer dan 72 uur nadat u ervan op de hoogte raakte heeft gemeld, "
        "en dat u daarvoor geen redenen heeft vermeld (artikel 33, eerste lid, AVG). Wij verzoeken u toe te "
        "lichten waarom de melding niet eerder is gedaan.",
    ),
    "en": (
        "Your notification was made more than 72 hours after you became aware of the breach, without reasons. "
        "Article 33(1) GDPR requires a notification not made within 72 hours to be accompanied by reasons for the "
        "delay. We ask you to give those reasons.",
        "We note that you notified the breach more than 72 hours after becoming aware of it, and gave no reasons "
        "for the delay (Article 33(1) GDPR). Please explain why the notification was not made earlier.",
    ),
}

_INTERMEDIATE: Final[Mapping[str, tuple[str, ...]]] = {
    "nl": (
        "Op grond van artikel 23, vierde lid, onder c, van Richtlijn (EU) 2022/2555 (NIS2) verzoeken wij u een "
        "tussentijds verslag in te dienen met de relevante statusupdates: hoe het incident zich ontwikkelt, welke "
        "maatregelen u heeft genomen en wat de gevolgen nu zijn.",
        "Wij verzoeken u ons met een tussentijds verslag op de hoogte te brengen van de stand van zaken "
        "(artikel 23, vierde lid, onder c, NIS2): is het incident onder controle, en wat zijn de gevolgen tot nu "
        "toe?",
    ),
    "en": (
        "Under Article 23(4)(c) of Directive (EU) 2022/2555 (NIS2) we request an intermediate report with the "
        "relevant status updates: how the incident is developing, the measures you have taken, and its impact "
        "now.",
        "Please send us an intermediate report on the state of affairs (Article 23(4)(c) NIS2): is the incident "
        "under control, and what has its impact been so far?",
    ),
}

_CLOSINGS: Final[Mapping[str, Mapping[str, str]]] = {
    "nl": {
        "gdpr": "Wij verzoeken u binnen {{ term }} te reageren, onder vermelding van ons kenmerk {{ reference }}.\n\n"
        "Met vriendelijke groet,\n\n{{ sender }}",
        "nis2": "Wij zien uw reactie graag binnen {{ term }} tegemoet, onder vermelding van {{ reference }}.\n\n"
        "Met vriendelijke groet,\n\n{{ sender }}",
        "dora": "Wij verzoeken u binnen {{ term }} te reageren, onder vermelding van ons kenmerk {{ reference }}.\n\n"
        "Hoogachtend,\n\n{{ sender }}",
    },
    "en": {
        "gdpr": "We ask you to reply within {{ term }}, quoting our reference {{ reference }}.\n\n"
        "Yours faithfully,\n\n{{ sender }}",
        "nis2": "We look forward to your reply within {{ term }}, quoting {{ reference }}.\n\n"
        "Kind regards,\n\n{{ sender }}",
        "dora": "We ask you to reply within {{ term }}, quoting our reference {{ reference }}.\n\n"
        "Yours faithfully,\n\n{{ sender }}",
    },
}


def reference(regime: str, year: int, rng: random.Random) -> str:
    """A case reference as the regulator's letters carry it: ``z2026-04817``."""
    return f"{_REFERENCE.get(regime, '')}{year}-{rng.randrange(10_000, 100_000)}"


def filing_words(regime: str, stage: str, moment: dt.datetime, language: str) -> str:
    """``uw melding van 2 maart 2026 om 13:40``: a filing as the regulator names it."""
    _ = translator(language)
    words = _(regimes.REGIMES[regime].stage(stage).words)
    when = said_when(moment, language)
    return f"uw {words} van {when}" if language == "nl" else f"your {words} of {when}"


def letter(
    regime: str,
    language: str,
    rng: random.Random,
    *,
    org: Mapping[str, object],
    sender: str,
    ref: str,
    stage: str,
    filed_at: dt.datetime,
    asks: Sequence[AskFacts],
    answer_within_s: int,
) -> Letter:
    """The title and the body of one question, each part drawn from its variants by ``rng``."""
    lang = "nl" if language == "nl" else "en"
    _ = translator(lang)
    element_words = {e.name: _(e.words) for e in regimes.REGIMES[regime].elements}
    gaps = [element_words.get(a.element, a.element) for a in asks if a.what in ("missing", "unknown")]
    changed = [
        {
            "words": element_words.get(a.element, a.element),
            "earlier": a.earlier,
            "later": a.later,
            "since": a.earlier_filing,
        }
        for a in asks
        if a.what == "changed"
    ]
    context: dict[str, object] = {
        "org": str(org.get("name") or org.get("short") or ("uw organisatie" if lang == "nl" else "your organisation")),
        "sender": sender,
        "filing": filing_words(regime, stage, filed_at, lang),
        "Filing": _first_upper(filing_words(regime, stage, filed_at, lang)),
        "filed_on": said_when(filed_at, lang),
        "stage": _(regimes.REGIMES[regime].stage(stage).words),
        "reference": ref,
        "gaps": gaps,
        "changed": changed,
        "how": _HOW[lang].get(regime, ""),
        "term": spoken_duration(answer_within_s, lang) if answer_within_s < 48 * 3600 else _days(answer_within_s, lang),
    }
    parts = [rng.choice(_OPENINGS[lang][regime])]
    if gaps:
        parts.append(rng.choice(_GAPS[lang]))
    if changed:
        parts.append(rng.choice(_CHANGED[lang]))
    if any(a.what == "delay" for a in asks):
        parts.append(rng.choice(_LATE[lang]))
    if any(a.what == "intermediate" for a in asks):
        parts.append(rng.choice(_INTERMEDIATE[lang]))
    questions = parts[1:]
    if len(questions) > 1:  # a letter numbers its questions, as the AP's do
        questions = [f"{n}. {q}" for n, q in enumerate(questions, 1)]
    source = "\n\n".join([parts[0], *questions, _CLOSINGS[lang][regime]])
    title = render(rng.choice(_TITLES[lang][regime]), context, MAX_LINE).strip()
    return Letter(title, render(source, context, MAX_OUTPUT))


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days(seconds: int, language: str) -> str:
    """A term of two days or more, as a letter says it: ``twee dagen`` is ``48 uur`` to a regulator,
    but ``5 dagen`` reads better than ``120 uur``; whole days only, else hours."""
    days, rest = divmod(seconds, 86400)
    if rest:
        return spoken_duration(seconds, language)
    if language == "nl":
        return f"{days} dagen" if days != 1 else "1 dag"
    return f"{days} days" if days != 1 else "1 day"
