"""The content side of ``validate``: persona references and every template, rendered once.

A template that fails or reaches outside the sandbox must be found before the exercise, with
the line it is on, not in front of the room at T+2:40.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from crisissim.content.enquiries import render_enquiry
from crisissim.content.events import DEFAULT_START, scenario_context
from crisissim.content.fakers import SeededFaker
from crisissim.content.people import make_account, name_context
from crisissim.content.personas import CrowdPersona, JournalistPersona, PersonaLibrary
from crisissim.content.posts import render_post
from crisissim.content.story import TOPICS
from crisissim.content.streams import stream
from crisissim.content.templates import TemplateFault, render
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.loader import Loaded
from crisissim.scenario.model import Scenario
from crisissim.scenario.problems import Problem, format_path
from crisissim.scenario.yamlsource import Path, SourceMap


class _Reporter:
    def __init__(self, source: SourceMap, labels: dict[Path, str]) -> None:
        self.source = source
        self.labels = labels
        self.problems: list[Problem] = []

    def add(self, path: Path, what: str, *, template_line: int | None = None, key: bool = False) -> None:
        mark = self.source.key(path) if key else self.source.value(path)
        line = mark.line
        if template_line is not None:
            line += template_line if mark.block else template_line - 1
        self.problems.append(Problem(self.source.file, line, mark.col, format_path(path, self.labels), what))

    def template(self, path: Path, source: str, context: dict[str, Any]) -> None:
        try:
            render(source, context)
        except TemplateFault as fault:
            self.add(path, fault.message, template_line=fault.line)


def _labels(scenario: Scenario) -> dict[Path, str]:
    return {("events", i): e.id for i, e in enumerate(scenario.events)}


def check_content(loaded: Loaded, personas: PersonaLibrary) -> list[Problem]:
    """Problems with persona references and templates of a scenario that loaded."""
    scenario, source = loaded.scenario, loaded.source
    if scenario is None or source is None:
        return []
    report = _Reporter(source, _labels(scenario))
    start = scenario.start or DEFAULT_START
    rng = random.Random(0)
    fake = SeededFaker(scenario.language, rng)
    base = {"org": scenario.organisation, "scenario": scenario_context(scenario), "fake": fake, "now": start}
    report.template(("summary",), scenario.summary, base)
    crowd_ids, press_ids = personas.ids("crowd"), personas.ids("journalist")
    uses_personas = any(e.crowd or e.journalist or (e.sender and e.sender.persona) for e in scenario.events)
    missing = [k for k in ("name", "short") if k not in scenario.organisation]
    if uses_personas and missing:
        report.add(
            ("organisation",),
            f"'{missing[0]}' is required when generated people write about the "
            "organisation (personas use org.name and org.short)",
        )
    can_render = not missing
    for topic in scenario.story:
        if topic not in TOPICS:
            report.add(("story", topic), f"unknown story topic '{topic}'{did_you_mean(topic, tuple(TOPICS))}", key=True)
    for i, event in enumerate(scenario.events):
        p: Path = ("events", i)
        context = base | {
            "event": {"id": event.id, "title": event.title, "kind": event.kind, "channel": event.medium},
            "now": start + dt.timedelta(seconds=event.at or 0),
        }
        report.template((*p, "title"), event.title, context)
        if event.body:
            report.template((*p, "body"), event.body, context)
        if event.sender is not None and event.sender.text:
            report.template((*p, "from"), event.sender.text, context)
        for k, tag in enumerate(event.hashtags):
            report.template((*p, "hashtags", k), tag, context)
        for k, rumour in enumerate(event.rumours):
            report.template((*p, "rumours", k), rumour, context)
        if event.journalist is not None:
            persona = personas.journalist(event.journalist.persona)
            if persona is None:
                report.add(
                    (*p, "journalist", "persona"),
                    f"unknown journalist persona '{event.journalist.persona}'"
                    f"{did_you_mean(event.journalist.persona, press_ids)}",
                )
            elif can_render:
                _try_journalist(report, (*p, "journalist", "persona"), persona, scenario, event.title)
        sender_persona = event.sender.persona if event.sender is not None else None
        if sender_persona is not None and sender_persona not in personas.personas:
            report.add(
                (*p, "from", "persona"),
                f"unknown persona '{sender_persona}'{did_you_mean(sender_persona, personas.ids())}",
            )
        for persona_id in event.crowd or {}:
            crowd = personas.crowd(persona_id)
            if crowd is None:
                report.add(
                    (*p, "crowd", persona_id),
                    f"unknown crowd persona '{persona_id}'{did_you_mean(persona_id, crowd_ids)}",
                    key=True,
                )
            elif can_render:
                _try_crowd(report, (*p, "crowd", persona_id), crowd, scenario, event.hashtags, event.rumours, context)
    return report.problems


def _try_crowd(
    report: _Reporter,
    path: Path,
    persona: CrowdPersona,
    scenario: Scenario,
    hashtags: list[str],
    rumours: list[str],
    context: dict[str, Any],
) -> None:
    """Render every name, handle and post of the persona with this scenario's organisation."""
    voice = persona.voice(scenario.language)
    rng = stream(0, persona.id)
    try:
        tags = [render(t, context) for t in hashtags]
        said = [render(r, context) for r in rumours]
    except TemplateFault:
        return  # reported at the hashtag or rumour itself
    try:
        names = name_context("Anna", "de Vries", rng, voice.words)
        for template in (*voice.names, *voice.handles):
            render(template, names)
        account = make_account(persona, scenario.language, rng, SeededFaker(scenario.language, rng))
        for template in voice.posts:
            if "rumour" in template and not said:
                continue
            render(
                template,
                {
                    "org": scenario.organisation,
                    "tag": (tags or [""])[0],
                    "rumour": (said or [""])[0],
                    "author": account.name,
                },
            )
        render_post(persona, scenario.language, rng, account, org=scenario.organisation, hashtags=tags, rumours=said)
    except TemplateFault as fault:
        report.add(
            path,
            f"persona '{persona.id}' cannot write for this scenario: {fault.message} "
            "(its posts use org.name and org.short)",
            key=True,
        )


def _try_journalist(report: _Reporter, path: Path, persona: JournalistPersona, scenario: Scenario, topic: str) -> None:
    voice = persona.voice(scenario.language)
    rng = stream(0, persona.id)
    fake = SeededFaker(scenario.language, rng)
    try:
        context = {
            "org": scenario.organisation,
            "reporter": "A. Reporter",
            "title": voice.titles[0],
            "outlet": voice.outlets[0].name,
            "medium": voice.outlets[0].medium,
            "topic": topic,
            "deadline": "45 minutes",
        }
        for template in (*voice.openings, *voice.questions, *voice.closings):
            render(template, context)
        render_enquiry(persona, scenario.language, rng, fake, org=scenario.organisation, topic=topic, deadline_s=2700)
    except TemplateFault as fault:
        report.add(
            path,
            f"persona '{persona.id}' cannot write for this scenario: {fault.message} "
            "(its questions use org.name and org.short)",
        )
