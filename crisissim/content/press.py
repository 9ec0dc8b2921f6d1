"""What a generated reporter asks: enquiries that the press desk writes from what goes on.

Scripted enquiries come from the scenario; these come from the exercise itself: a post that goes
viral, a rumour that spreads, silence past a threshold, a statement that contradicts an earlier
one, an article by a competing outlet, and follow-ups when an answer dodges the question. Each
refers to the actual situation (the post, the rumour, the team's own words, the numbers in play),
so a team reads why the press is calling. The reporter and outlet come from the journalist
personas, as for scripted enquiries; the words of each trigger are here, per language.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from crisissim.content.enquiries import Enquiry, render_enquiry, spoken_duration
from crisissim.content.fakers import SeededFaker
from crisissim.content.personas import JournalistPersona

TRIGGERS: Final = ("viral-post", "rumour", "silence", "contradiction", "competitor", "follow-up")
"""Why the press desk writes an enquiry; the ``trigger`` of a generated enquiry."""

#: The persona a trigger's reporter is drawn from, in order of preference.
REPORTERS: Final[Mapping[str, tuple[str, ...]]] = {
    "viral-post": ("blogger", "regional-reporter", "national-reporter"),
    "rumour": ("national-reporter", "investigative-reporter", "regional-reporter"),
    "silence": ("regional-reporter", "national-reporter"),
    "contradiction": ("investigative-reporter", "national-reporter"),
    "competitor": ("national-reporter", "tv-producer", "regional-reporter"),
    "follow-up": (),
}


@dataclass(frozen=True, slots=True)
class PressFacts:
    """What a generated enquiry may refer to; each trigger uses its own."""

    handle: str = ""
    post: str = ""
    shares: int = 0
    rumour: str = ""
    quote: str = ""
    earlier: str = ""
    later: str = ""
    hours: int = 0
    outlet: str = ""
    headline: str = ""
    answer: str = ""
    question: str = ""


_TITLES: Final[Mapping[str, Mapping[str, str]]] = {
    "nl": {
        "viral-post": "Vraag over viraal bericht van @{handle}",
        "rumour": "Gerucht: {rumour}",
        "silence": "Waarom zegt {org_short} niets?",
        "contradiction": "Uw verklaringen spreken elkaar tegen",
        "competitor": "{outlet} meldt: {headline}",
        "follow-up": "Nogmaals: mijn vraag is niet beantwoord",
    },
    "en": {
        "viral-post": "Question about @{handle}'s post going viral",
        "rumour": "Is it true that {rumour}?",
        "silence": "Why is {org_short} saying nothing?",
        "contradiction": "Your statements contradict each other",
        "competitor": "{outlet} reports: {headline}",
        "follow-up": "Again: my question has not been answered",
    },
}

_OPENINGS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "nl": {
        "viral-post": (
            'Een bericht van @{handle} over {org_short} is inmiddels {shares} keer gedeeld: "{post}"',
            'Op sociale media gaat een bericht van @{handle} rond dat al {shares} keer is gedeeld: "{post}"',
        ),
        "rumour": (
            'Op sociale media gaat steeds vaker dit gerucht rond: "{rumour}".',
            'Lezers vragen ons of dit waar is: "{rumour}". Het gerucht gaat al uren rond.',
        ),
        "silence": (
            "Het is nu {hours} uur sinds de problemen bij {org_short} bekend werden, en wij hebben nog geen "
            "enkele verklaring van u gezien.",
            "Al {hours} uur bellen lezers onze redactie over {org_short}, maar van {org_short} zelf horen we niets.",
        ),
        "contradiction": (
            'Eerder zei u "{earlier}". Nu schrijft u "{later}".',
            'In uw eerste verklaring stond "{earlier}"; in de laatste staat "{later}".',
        ),
        "competitor": (
            '{outlet} meldt vandaag: "{headline}". Wij willen dat graag van u zelf horen.',
            'Onze collega\'s van {outlet} brengen het nieuws "{headline}". Wij maken vanavond een vervolg.',
        ),
        "follow-up": (
            'U antwoordde ons: "{answer}". Dat is geen antwoord op mijn vraag.',
            'Dank voor uw reactie ("{answer}"), maar daarmee weet ik nog steeds niet wat ik vroeg.',
        ),
    },
    "en": {
        "viral-post": (
            'A post by @{handle} about {org_short} has now been shared {shares} times: "{post}"',
            'A post by @{handle} is doing the rounds on social media, shared {shares} times so far: "{post}"',
        ),
        "rumour": (
            "It is being claimed more and more widely on social media that {rumour}.",
            "Readers are asking us whether it is true that {rumour}. The rumour has been going round for hours.",
        ),
        "silence": (
            "It is {hours} hours since the problems at {org_short} became known, and we have not seen a single "
            "statement from you.",
            "Our newsroom has been fielding calls about {org_short} for {hours} hours, but from {org_short} itself "
            "we have heard nothing.",
        ),
        "contradiction": (
            'Earlier you said "{earlier}". Now you write "{later}".',
            'Your first statement said "{earlier}"; your latest says "{later}".',
        ),
        "competitor": (
            '{outlet} reports today: "{headline}". We would like to hear it from you.',
            'Our colleagues at {outlet} are running "{headline}". We are doing a follow-up tonight.',
        ),
        "follow-up": (
            'You answered: "{answer}". That does not answer my question.',
            'Thank you for your reply ("{answer}"), but I still do not know what I asked.',
        ),
    },
}

_QUESTIONS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "nl": {
        "viral-post": (
            "Klopt wat @{handle} schrijft?",
            "Wat zegt u tegen de mensen die dit bericht nu delen?",
            "Hoeveel mensen zijn er werkelijk getroffen?",
            "Waarom moeten mensen dit op sociale media lezen in plaats van van u zelf?",
        ),
        "rumour": (
            "Kunt u dit bevestigen of ontkennen?",
            "Waarom heeft {org_short} dit gerucht nog niet tegengesproken?",
            "Welke gegevens zijn wel en niet in handen van de daders?",
        ),
        "silence": (
            "Waarom heeft {org_short} nog niets gezegd?",
            "Wanneer komt er een verklaring, en wie staat de pers te woord?",
            "Zijn de mensen om wie het gaat al op de hoogte gebracht?",
            "Heeft u de Autoriteit Persoonsgegevens al ingelicht?",
        ),
        "contradiction": (
            "Wat klopt er nu: {earlier} of {later}?",
            "Waarom is het beeld veranderd, en waarom zegt u dat niet?",
            "Hoe weten mensen dat uw volgende verklaring wel klopt?",
        ),
        "competitor": (
            "Klopt wat {outlet} schrijft?",
            "Waarom lezen wij dit bij {outlet} en niet in een verklaring van u?",
            "Wat betekent dit voor de mensen van wie de gegevens zijn buitgemaakt?",
        ),
        "follow-up": (
            "Mijn vraag was: {question} Kunt u die alsnog beantwoorden?",
            "Ik vraag het nog één keer: {question}",
        ),
    },
    "en": {
        "viral-post": (
            "Is what @{handle} writes true?",
            "What do you say to the people sharing this post right now?",
            "How many people are really affected?",
            "Why do people have to read this on social media rather than hear it from you?",
        ),
        "rumour": (
            "Can you confirm or deny that {rumour}?",
            "Why has {org_short} not yet addressed this rumour?",
            "Which data are and are not in the hands of the attackers?",
        ),
        "silence": (
            "Why has {org_short} said nothing so far?",
            "When will there be a statement, and who will speak to the press?",
            "Have the people affected been told yet?",
            "Have you notified the regulator yet?",
        ),
        "contradiction": (
            "Which is it: {earlier} or {later}?",
            "Why has the picture changed, and why do you not say so?",
            "How can people trust that your next statement is right?",
        ),
        "competitor": (
            "Is what {outlet} writes correct?",
            "Why do we read this in {outlet} and not in a statement from you?",
            "What does this mean for the people whose data was taken?",
        ),
        "follow-up": (
            "My question was: {question} Can you still answer it?",
            "I will ask once more: {question}",
        ),
    },
}


def _clip(text: str, limit: int = 140) -> str:
    """A quote short enough to read in an inbox, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def press_enquiry(
    trigger: str,
    persona: JournalistPersona,
    language: str,
    rng: random.Random,
    fake: SeededFaker,
    *,
    org: Mapping[str, Any],
    facts: PressFacts,
    deadline_s: int,
    reporter: Enquiry | None = None,
) -> tuple[str, Enquiry]:
    """The title and the enquiry for one trigger; a follow-up keeps the reporter it follows up."""
    lang = "nl" if language == "nl" else "en"
    base = reporter or render_enquiry(
        persona, lang, rng, fake, org=dict(org), topic=facts.rumour or facts.headline, deadline_s=deadline_s
    )
    values = {
        "org": org.get("name", ""),
        "org_short": org.get("short") or org.get("name", ""),
        "handle": facts.handle,
        "post": _clip(facts.post),
        "shares": facts.shares,
        "rumour": facts.rumour,
        "quote": _clip(facts.quote),
        "earlier": _clip(facts.earlier, 90),
        "later": _clip(facts.later, 90),
        "hours": facts.hours,
        "outlet": facts.outlet,
        "headline": _clip(facts.headline, 100),
        "answer": _clip(facts.answer, 120).rstrip(".!?"),
        "question": facts.question,
    }
    title = _TITLES[lang][trigger].format(**values)
    opening = rng.choice(_OPENINGS[lang][trigger]).format(**values)
    pool = _QUESTIONS[lang][trigger]
    questions = tuple(
        q.format(**values) for q in rng.sample(pool, k=min(len(pool), 2 if trigger == "follow-up" else 3))
    )
    if trigger == "follow-up":
        questions = questions[:1]
    deadline = spoken_duration(deadline_s, lang)
    closing = (
        f"Ik wil uw reactie graag binnen {deadline}." if lang == "nl" else f"I need your response within {deadline}."
    )
    greeting = (
        f"Mijn naam is {base.reporter}, {base.title.lower()} bij {base.outlet}."
        if lang == "nl"
        else f"My name is {base.reporter}, {base.title.lower()} at {base.outlet}."
    )
    enquiry = replace(base, opening=f"{greeting} {opening}", questions=questions, closing=closing)
    return title, enquiry
