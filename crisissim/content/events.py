"""What an event says when it fires: its title, body and sender, rendered for one run.

The MSEL table, ``validate`` and the engine all render through here, so the names a
facilitator previews are the names the team will see (same seed, same event stream).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from crisissim.content.enquiries import Enquiry, render_enquiry
from crisissim.content.fakers import SeededFaker
from crisissim.content.names import person
from crisissim.content.personas import PersonaLibrary, builtin_personas
from crisissim.content.streams import stream
from crisissim.content.templates import MAX_LINE, render
from crisissim.scenario.model import Event, Scenario

#: When a scenario gives no ``start``, templates still need a date to show.
DEFAULT_START = dt.datetime(2026, 1, 1, 9, 0)


@dataclass(frozen=True)
class RenderedEvent:
    title: str
    body: str
    sender: str
    enquiry: Enquiry | None = None


def scenario_context(scenario: Scenario) -> dict[str, Any]:
    return {"id": scenario.id, "title": scenario.title, "language": scenario.language, "start": scenario.start}


def template_context(scenario: Scenario, event: Event | None, fake: SeededFaker, now: dt.datetime) -> dict[str, Any]:
    """The variables a scenario template may use: org, scenario, event, fake, now.

    ``fake`` learns the exercise's date here, so that ``fake.date_of_birth()`` counts back from
    the simulated day and not from the day the exercise is run."""
    fake.today = now.date()
    context: dict[str, Any] = {
        "org": scenario.organisation,
        "scenario": scenario_context(scenario),
        "fake": fake,
        "now": now,
    }
    if event is not None:
        context["event"] = {"id": event.id, "title": event.title, "kind": event.kind, "channel": event.medium}
    return context


def render_summary(scenario: Scenario, seed: int) -> str:
    fake = SeededFaker(scenario.language, stream(seed, "summary"))
    return render(scenario.summary, template_context(scenario, None, fake, scenario.start or DEFAULT_START)).strip()


def render_event(
    scenario: Scenario,
    event: Event,
    seed: int,
    now: dt.datetime,
    personas: PersonaLibrary | None = None,
) -> RenderedEvent:
    """Render an event for the run with ``seed``; raises TemplateFault on a broken template."""
    personas = personas or builtin_personas()
    rng = stream(seed, f"event:{event.id}")
    fake = SeededFaker(scenario.language, rng)
    context = template_context(scenario, event, fake, now)
    title = render(event.title, context, MAX_LINE).strip()
    enquiry = None
    sender = ""
    if event.kind == "enquiry" and event.journalist is not None:
        persona = personas.journalist(event.journalist.persona)
        if persona is not None:
            enquiry = render_enquiry(
                persona, scenario.language, rng, fake, org=scenario.organisation, topic=title, deadline_s=event.deadline
            )
            sender = enquiry.sender
    if event.sender is not None:
        if event.sender.text is not None:
            sender = render(event.sender.text, context, MAX_LINE).strip()
        elif event.sender.persona is not None:
            sender = _persona_sender(scenario, event.sender.persona, personas, rng, fake)
    body = render(event.body, context).strip() if event.body else (enquiry.text if enquiry else "")
    return RenderedEvent(title, body, sender, enquiry)


def _persona_sender(
    scenario: Scenario, persona_id: str, personas: PersonaLibrary, rng: random.Random, fake: SeededFaker
) -> str:
    if personas.crowd(persona_id) is not None:
        first, last = person(scenario.language, rng)  # a caller or writer, not a social-media display name
        return f"{first} {last}"
    journalist = personas.journalist(persona_id)
    if journalist is not None:
        first, last = person(scenario.language, rng)
        return f"{first} {last}, {rng.choice(journalist.voice(scenario.language).outlets).name}"
    return persona_id
