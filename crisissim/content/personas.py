"""Personas: the crowd and press archetypes that generated content is drawn from.

The files live in ``personas/`` (see docs/personas.md). They are read once per process and
checked with the same models, messages and line numbers as scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from crisissim.content import grammar as g
from crisissim.scenario.library import data_dir
from crisissim.scenario.model import LANGUAGES, Model, Slug
from crisissim.scenario.problems import Problem, format_path
from crisissim.scenario.pydantic_errors import translate
from crisissim.scenario.yamlsource import YamlError, load_yaml

Medium = Literal["newspaper", "broadcaster", "radio", "website", "magazine", "blog", "tv"]
MEDIA: tuple[Medium, ...] = get_args(Medium)
CROWD_ARCHETYPES = (
    "angry-customer",
    "angry-patient",
    "worried-relative",
    "privacy-activist",
    "security-researcher",
    "troll",
    "supporter",
    "politician",
    "satirist",
    "employee",
    "worried-resident",
    "bank-customer",
)
JOURNALIST_ARCHETYPES = (
    "regional-reporter",
    "national-reporter",
    "investigative-reporter",
    "trade-press",
    "tv-producer",
    "blogger",
)


class Labels(Model):
    en: str
    nl: str


MIN_POSTS = 12


class CrowdVoice(Model):
    """How one archetype writes in one language: a ``grammar`` of fragments (the built-ins), or
    whole-post ``posts`` templates (the earlier format, still read)."""

    names: list[str] = Field(min_length=1)
    handles: list[str] = Field(min_length=1)
    words: list[str] = Field(default_factory=list)
    posts: list[str] = Field(default_factory=list)
    grammar: g.Grammar | None = None

    @model_validator(mode="after")
    def _writes_something(self) -> CrowdVoice:
        if self.grammar is None and len(self.posts) < MIN_POSTS:
            raise PydanticCustomError(
                "crisissim",
                "a crowd voice needs a 'grammar' (see docs/personas.md) or at least {n} 'posts'",
                {"n": MIN_POSTS},
            )
        return self

    @cached_property
    def plain_posts(self) -> tuple[str, ...]:
        """Posts that work without a rumour."""
        return tuple(p for p in self.posts if "rumour" not in p)

    @cached_property
    def rumour_posts(self) -> tuple[str, ...]:
        return tuple(p for p in self.posts if "rumour" in p)


class CrowdPersona(Model):
    id: Slug
    kind: Literal["crowd"]
    label: Labels
    mood: float = Field(ge=-1, le=1)
    spread: float = Field(ge=0, le=1)
    loudness: float = Field(ge=1)
    followers: tuple[int, int]
    verified: float = Field(ge=0, le=1)
    en: CrowdVoice
    nl: CrowdVoice

    def voice(self, language: str) -> CrowdVoice:
        return self.nl if language == "nl" else self.en


class Outlet(Model):
    name: str
    medium: Medium
    domain: str


class PressVoice(Model):
    beat: str
    titles: list[str] = Field(min_length=1)
    outlets: list[Outlet] = Field(min_length=1)
    openings: list[str] = Field(min_length=1)
    questions: list[str] = Field(min_length=8)
    closings: list[str] = Field(min_length=1)


class JournalistPersona(Model):
    id: Slug
    kind: Literal["journalist"]
    label: Labels
    en: PressVoice
    nl: PressVoice

    def voice(self, language: str) -> PressVoice:
        return self.nl if language == "nl" else self.en


Persona = CrowdPersona | JournalistPersona
_PERSONA = TypeAdapter(Persona)


@dataclass
class PersonaLibrary:
    """Personas by id, and the problems of any file that could not be read."""

    personas: dict[str, Persona] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def crowd(self, persona_id: str) -> CrowdPersona | None:
        persona = self.personas.get(persona_id)
        return persona if isinstance(persona, CrowdPersona) else None

    def journalist(self, persona_id: str) -> JournalistPersona | None:
        persona = self.personas.get(persona_id)
        return persona if isinstance(persona, JournalistPersona) else None

    def ids(self, kind: str | None = None) -> list[str]:
        return sorted(k for k, p in self.personas.items() if kind is None or p.kind == kind)


def load_persona_file(path: Path) -> tuple[Persona | None, list[Problem]]:
    name = str(path)
    try:
        raw, source = load_yaml(path.read_bytes(), name)
    except YamlError as exc:
        return None, exc.problems
    except OSError as exc:
        return None, [Problem(name, 1, 1, "file", f"cannot be read: {exc.strerror or exc}")]
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in ("crowd", "journalist"):
        mark = source.value(("kind",))
        return None, [Problem(name, mark.line, mark.col, "kind", "a persona's kind is 'crowd' or 'journalist'")]
    try:
        persona = (CrowdPersona if kind == "crowd" else JournalistPersona).model_validate(raw)
    except ValidationError as exc:
        return None, translate(exc, (), source, {})
    problems = []
    if isinstance(persona, CrowdPersona):
        for language in LANGUAGES:
            grammar = persona.voice(language).grammar
            for subpath, what in g.check(grammar) if grammar is not None else ():
                where = (language, "grammar", *subpath)
                mark = source.value(where)
                problems.append(Problem(name, mark.line, mark.col, format_path(where), what))
    if persona.id != path.stem:
        mark = source.value(("id",))
        problems.append(
            Problem(
                name,
                mark.line,
                mark.col,
                "id",
                f"id '{persona.id}' differs from the file name; name the file {persona.id}.yaml",
            )
        )
    return persona, problems


def load_library(folder: Path) -> PersonaLibrary:
    library = PersonaLibrary()
    for path in sorted(folder.glob("*.yaml")):
        persona, problems = load_persona_file(path)
        library.problems += problems
        if persona is not None:
            library.personas[persona.id] = persona
    return library


@lru_cache(maxsize=1)
def builtin_personas() -> PersonaLibrary:
    return load_library(data_dir("personas"))


assert set(LANGUAGES) == {"en", "nl"}  # CrowdPersona.voice and PressVoice carry exactly these
