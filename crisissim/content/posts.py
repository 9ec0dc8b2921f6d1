"""One social-media post, written from a persona for one account and the story so far, seeded."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crisissim.content.grammar import composer
from crisissim.content.people import Account
from crisissim.content.personas import CrowdPersona
from crisissim.content.story import Moment, quiet_moment
from crisissim.content.streams import NORMAL, NORMAL_STEPS
from crisissim.content.templates import render

_SPACES = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True, slots=True)
class Post:
    author: Account
    text: str
    sentiment: float
    fragments: tuple[str, ...] = ()
    """What the text was made of, for provenance: ``claim#12`` (the twelfth claim of the voice's
    grammar), or ``posts#3`` for a whole-post template."""
    uses: frozenset[str] = frozenset()
    """The placeholders it filled in: ``quote`` (it quotes the team), ``rumour``, ``headline`` ..."""


def clean(text: str) -> str:
    """Tidy what an empty ``{{ tag }}`` or ``{{ rumour }}`` leaves behind."""
    return _SPACES.sub(" ", text).strip()


def render_post(
    persona: CrowdPersona,
    language: str,
    rng: random.Random,
    author: Account,
    moment: Moment | None = None,
    mood_shift: float = 0.0,
    *,
    org: Mapping[str, Any] | None = None,
    hashtags: Sequence[str] = (),
    rumours: Sequence[str] = (),
) -> Post:
    """A post by ``author`` in the voice of ``persona``, about what ``moment`` says has happened.

    Without a moment, the post is written against the quiet moment of ``org``, ``hashtags`` and
    ``rumours`` (the breach and nothing else yet). The sentiment is the persona's mood, strayed by
    its spread and shifted by how the crowd currently feels about the team's actions; a grammar
    picks fragments whose mood is near it, so a calmer crowd also reads calmer.
    """
    if moment is None:
        moment = quiet_moment(org or {}, tuple(hashtags), tuple(rumours))
    voice = persona.voice(language)
    stray = NORMAL[int(rng.random() * NORMAL_STEPS)] * persona.spread
    sentiment = max(-1.0, min(1.0, round((persona.mood + stray + mood_shift) * 1000.0) / 1000.0))
    if voice.grammar is not None:
        voice_composer = composer(voice.grammar, language)
        text, fragments = voice_composer.compose(rng, moment, sentiment)
        return Post(author, text, sentiment, fragments, voice_composer.last_uses)
    return _whole_post(voice.posts, voice.plain_posts, rng, author, moment, sentiment)


def _whole_post(
    posts: Sequence[str], plain: Sequence[str], rng: random.Random, author: Account, moment: Moment, sentiment: float
) -> Post:
    """The earlier format: one whole Jinja template per post (personas that have no grammar)."""
    pool = posts if (moment.rumours and moment.has("rumour")) or not plain else plain
    index = int(rng.random() * len(pool))
    context = {
        "org": moment.org,
        "tag": rng.choice(moment.hashtags) if moment.hashtags and rng.random() < 0.8 else "",
        "rumour": rng.choice(moment.rumours) if moment.rumours else "",
        "author": author.name,
    }
    number = index + 1 if pool is posts else posts.index(pool[index]) + 1
    return Post(author, clean(render(pool[index], context)), sentiment, (f"posts#{number}",))
