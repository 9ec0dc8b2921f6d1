"""A media enquiry: a generated reporter from a journalist persona, with questions and a deadline."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from crisissim.content.fakers import SeededFaker
from crisissim.content.names import person
from crisissim.content.people import ascii_handle
from crisissim.content.personas import JournalistPersona
from crisissim.content.templates import render


@dataclass(frozen=True, slots=True)
class Enquiry:
    reporter: str
    title: str
    outlet: str
    medium: str
    email: str
    phone: str
    opening: str
    questions: tuple[str, ...]
    closing: str

    @property
    def sender(self) -> str:
        return f"{self.reporter}, {self.outlet}"

    @property
    def text(self) -> str:
        """The enquiry as the role reads it."""
        questions = "\n".join(f"- {q}" for q in self.questions)
        return f"{self.opening}\n\n{questions}\n\n{self.closing}"


def spoken_duration(seconds: int, language: str) -> str:
    """``45 minutes``, ``1 hour 30 minutes``; ``45 minuten``, ``1 uur en 30 minuten``."""
    hours, minutes = divmod(max(0, int(seconds)) // 60, 60)
    if language == "nl":
        parts = [f"{hours} uur"] if hours else []
        if minutes or not hours:
            parts.append(f"{minutes} {'minuut' if minutes == 1 else 'minuten'}")
        return " en ".join(parts)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def render_enquiry(
    persona: JournalistPersona,
    language: str,
    rng: random.Random,
    fake: SeededFaker,
    *,
    org: dict[str, Any],
    topic: str,
    deadline_s: int | None,
) -> Enquiry:
    """A reporter, an outlet, an opening, two or three questions and a closing, all seeded."""
    voice = persona.voice(language)
    first, last = person(language, rng)
    reporter = f"{first} {last}"
    outlet = rng.choice(voice.outlets)
    title = rng.choice(voice.titles)
    no_deadline = "vandaag" if language == "nl" else "today"
    context = {
        "org": org,
        "reporter": reporter,
        "title": title,
        "outlet": outlet.name,
        "medium": outlet.medium,
        "topic": topic,
        "deadline": spoken_duration(deadline_s, language) if deadline_s else no_deadline,
    }
    questions = rng.sample(voice.questions, k=min(len(voice.questions), rng.choice((2, 3, 3))))
    email = f"{ascii_handle(first, 'desk').lower()}.{ascii_handle(last, 'news').lower()}@{outlet.domain}"
    return Enquiry(
        reporter=reporter,
        title=title,
        outlet=outlet.name,
        medium=outlet.medium,
        email=email,
        phone=fake.phone_number(),
        opening=render(rng.choice(voice.openings), context).strip(),
        questions=tuple(render(q, context).strip() for q in questions),
        closing=render(rng.choice(voice.closings), context).strip(),
    )
