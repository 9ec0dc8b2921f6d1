"""One social-media post, rendered from a persona for one account, seeded."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from crisissim.content.people import Account
from crisissim.content.personas import CrowdPersona
from crisissim.content.templates import render

_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True, slots=True)
class Post:
    author: Account
    text: str
    sentiment: float


def clean(text: str) -> str:
    """Tidy what an empty ``{{ tag }}`` or ``{{ rumour }}`` leaves behind."""
    return _SPACES.sub(" ", text).strip()


def render_post(
    persona: CrowdPersona,
    language: str,
    rng: random.Random,
    author: Account,
    *,
    org: dict[str, Any],
    hashtags: list[str] | tuple[str, ...] = (),
    rumours: list[str] | tuple[str, ...] = (),
    mood_shift: float = 0.0,
) -> Post:
    """A post by ``author`` in the voice of ``persona``.

    Rumour posts are drawn only when the storm has rumours, and then in proportion to how many
    such templates the persona has. The sentiment is the persona's mood, strayed by its spread
    and shifted by how the crowd currently feels about the team's actions.
    """
    voice = persona.voice(language)
    pool = voice.posts if rumours else voice.plain_posts
    template = rng.choice(pool)
    context = {
        "org": org,
        "tag": rng.choice(hashtags) if hashtags and rng.random() < 0.8 else "",
        "rumour": rng.choice(rumours) if rumours else "",
        "author": author.name,
    }
    sentiment = persona.mood + rng.gauss(0.0, persona.spread) + mood_shift
    return Post(author, clean(render(template, context)), max(-1.0, min(1.0, round(sentiment, 3))))
