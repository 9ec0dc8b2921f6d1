"""The content side of ``validate``: persona references, and every template rendered in every
context it can be rendered in.

A template that fails, reaches outside the sandbox or hits one of its bounds must be found
before the exercise, with the line it is on, not in front of the room at T+2:40. Rendering
once at T+0 is not enough: ``{% if now > scenario.start %}`` hides what follows until later,
and ``{% if fake.boolean() %}`` until another seed. So a template that reads ``now`` is
rendered at every moment its event can fire at (:func:`moments`), and one that reads ``fake``
with several seeds; the others, whose text cannot change, once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Any

from crisissim.content.enquiries import render_enquiry
from crisissim.content.events import DEFAULT_START, scenario_context
from crisissim.content.fakers import SeededFaker
from crisissim.content.people import make_account, name_context
from crisissim.content.personas import CrowdPersona, JournalistPersona, PersonaLibrary
from crisissim.content.posts import render_post
from crisissim.content.story import TOPICS
from crisissim.content.streams import stream
from crisissim.content.templates import MAX_LINE, MAX_OUTPUT, TemplateFault, render, uses
from crisissim.scenario.conditions import did_you_mean
from crisissim.scenario.graph import earliest_due, planned_due
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

    def template(self, path: Path, source: str, context: dict[str, Any], *, limit: int = MAX_OUTPUT) -> None:
        try:
            render(source, context, limit)
        except TemplateFault as fault:
            self.add(path, fault.message, template_line=fault.line)

    def everywhere(self, path: Path, source: str, contexts: _Contexts, *, limit: int = MAX_OUTPUT) -> None:
        """Render ``source`` in each context it can meet; report the first fault, and when."""
        for k, (moment, seed, context) in enumerate(contexts.of(source)):
            try:
                render(source, context, limit)
            except TemplateFault as fault:
                when = "" if k == 0 else f" (when rendered at {_offset(moment)} with seed {seed})"
                self.add(path, fault.message + when, template_line=fault.line)
                return


#: Seeds a template that reads ``fake`` is rendered with: the scenario's own and the first
#: others of 0, 1, 2...
SEEDS = 8
#: Moments a template that reads ``now`` is rendered at, at most, per event.
MAX_MOMENTS = 96


def moments(scenario: Scenario, start: dt.datetime) -> list[int]:
    """The simulated seconds at which a template may be rendered: the start and the end, every
    scripted moment (each event's ``at`` and the earliest time each ``after`` can be due), and
    then a whole hour for each hour of the day and each day that these do not meet yet, so that
    a template that branches on ``now.hour`` or ``now.day`` meets each of its values. The
    facilitator can fire any pending event at any moment, so every event is rendered at all
    of them."""
    end = int(scenario.duration)
    found = {0, end}
    for due in (earliest_due(scenario), planned_due(scenario)):
        found.update(t for t in due.values() if t is not None)
    found.update(e.at for e in scenario.events if e.at is not None)
    found = {t for t in found if 0 <= t <= end}
    seen = {start + dt.timedelta(seconds=t) for t in found}
    hours, days = {m.hour for m in seen}, {m.date() for m in seen}
    first_hour = ((60 - start.minute) % 60) * 60 - start.second
    for t in range(max(first_hour, 0), end + 1, 3600):
        moment = start + dt.timedelta(seconds=t)
        if moment.hour not in hours or moment.date() not in days:
            found.add(t)
            hours.add(moment.hour)
            days.add(moment.date())
    return sorted(found)[:MAX_MOMENTS]


def _offset(seconds: int) -> str:
    return f"T+{seconds // 3600:02d}:{seconds // 60 % 60:02d}"


class _Contexts:
    """The contexts one event's templates can be rendered in: its first moment with the
    scenario's seed, then every other moment and seed (each paired with the next)."""

    def __init__(self, base: dict[str, Any], scenario: Scenario, stream_name: str, first: int, times: list[int]):
        self.base = base
        self.scenario = scenario
        self.stream_name = stream_name
        self.times = [first, *(t for t in times if t != first)]
        self.seeds = [scenario.seed, *[s for s in range(SEEDS) if s != scenario.seed][: SEEDS - 1]]
        self.start = scenario.start or DEFAULT_START

    def _context(self, moment: int, seed: int) -> tuple[int, int, dict[str, Any]]:
        fake = SeededFaker(self.scenario.language, stream(seed, self.stream_name))
        now = self.start + dt.timedelta(seconds=moment)
        fake.today = now.date()
        return moment, seed, self.base | {"fake": fake, "now": now}

    def first(self) -> dict[str, Any]:
        return self._context(self.times[0], self.seeds[0])[2]

    def of(self, source: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
        if uses(source, "now"):
            pairs: Sequence[tuple[int, int]] = [(t, self.seeds[k % len(self.seeds)]) for k, t in enumerate(self.times)]
            if len(self.times) < len(self.seeds) and uses(source, "fake"):
                pairs = [*pairs, *((self.times[0], s) for s in self.seeds[len(self.times) :])]
        elif uses(source, "fake"):
            pairs = [(self.times[0], s) for s in self.seeds]
        else:
            pairs = [(self.times[0], self.seeds[0])]
        for moment, seed in pairs:
            yield self._context(moment, seed)


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
    report.everywhere(("summary",), scenario.summary, _Contexts(base, scenario, "summary", 0, []))
    times = moments(scenario, start)
    due = earliest_due(scenario)
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
        first = event.at if event.at is not None else due.get(event.id) or 0
        event_base = base | {
            "event": {"id": event.id, "title": event.title, "kind": event.kind, "channel": event.medium}
        }
        contexts = _Contexts(event_base, scenario, f"event:{event.id}", first, times)
        context = contexts.first()
        report.everywhere((*p, "title"), event.title, contexts, limit=MAX_LINE)
        if event.body:
            report.everywhere((*p, "body"), event.body, contexts)
        if event.sender is not None and event.sender.text:
            report.everywhere((*p, "from"), event.sender.text, contexts, limit=MAX_LINE)
        texts = _Contexts(event_base, scenario, f"storm:{event.id}:text", first, times)
        for k, tag in enumerate(event.hashtags):
            report.everywhere((*p, "hashtags", k), tag, texts, limit=MAX_LINE)
        for k, rumour in enumerate(event.rumours):
            report.everywhere((*p, "rumours", k), rumour, texts, limit=MAX_LINE)
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
        tags = [render(t, context, MAX_LINE) for t in hashtags]
        said = [render(r, context, MAX_LINE) for r in rumours]
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
