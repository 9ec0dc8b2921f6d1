"""What the crowd knows at the moment it posts: the story so far, as topics and a few quotable facts.

The engine folds the exercise's records into this as they are appended (which injects reached the
world, which articles and TV items ran, what the team published, sent and decided), so a post can
only speak of what has happened: no letter before one is sent, no statement before one is
published, no "they paid" unless the scenario says so. Content generators read a :class:`Moment`;
they never see the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

#: The topics a crowd fragment may need (``needs: [letter]``), each with what makes it hold.
TOPICS: Final[Mapping[str, str]] = {
    "breach": "always: a storm is about the incident",
    "rumour": "the storm spreads rumours (a fragment may say {rumour})",
    "statement": "the team published a statement (a fragment may quote it: {quote})",
    "no-statement": "the team has published no statement yet",
    "team-post": "the team posted on social media (a fragment may quote it: {quote})",
    "letter": "the people affected were told, by letter, mail or otherwise (notify_subjects)",
    "no-letter": "the people affected have not been told yet",
    "article": "an article ran ({outlet} and {headline} name the latest)",
    "tv": "a TV or radio item ran ({outlet} and {headline} name the latest)",
    "phone-line": "a team statement gave a phone number or contact point",
    "apology": "a team statement apologised",
    "paid": "the organisation paid a ransom (the scenario's story topic 'paid')",
}

PLACEHOLDERS: Final[Mapping[str, str | None]] = {
    "org": None,
    "org_short": None,
    "tag": None,
    "rumour": "rumour",
    "quote": None,  # needs statement or team-post
    "outlet": None,  # needs article or tv
    "headline": None,  # needs article or tv
}
"""What a fragment may fill in, and the topic it then needs (``quote``, ``outlet`` and ``headline``
need one of two, checked where fragments are loaded)."""

#: The parts of the story clock's day a fragment may be said in (``clock: [morning]``), each as
#: (from, until) in hours after local midnight: "vanochtend" is not said at three in the night.
CLOCK: Final[Mapping[str, tuple[int, int]]] = {
    "night": (0, 6),
    "morning": (6, 12),
    "afternoon": (12, 18),
    "evening": (18, 24),
}


@dataclass(frozen=True, slots=True)
class Moment:
    """The story at the moment of one post, as generators may use it."""

    topics: frozenset[str]
    org: Mapping[str, Any]
    hashtags: tuple[str, ...] = ()
    rumours: tuple[str, ...] = ()
    quote: str | None = None
    """A run of at least four consecutive words of the team's latest statement or post."""
    quoted: int | None = None
    """The seq of the record the quote comes from (provenance)."""
    outlet: str | None = None
    headline: str | None = None
    quotes: tuple[str, ...] = ()
    """Other runs of the same words, one of which a post quotes (``quote`` when empty)."""
    focus: str | None = None
    """A placeholder the post is about (``quote`` after a statement, ``headline`` after an
    article): its claim is drawn from the fragments that use it, where there are any."""
    clock_s: float | None = None
    """Seconds after local midnight on the story clock at T+0 (the scenario's start), so that a
    post at simulated second ``t`` knows its time of day; None where no clock runs (previews)."""

    def has(self, topic: str) -> bool:
        return topic in self.topics


def quiet_moment(org: Mapping[str, Any], hashtags: tuple[str, ...] = (), rumours: tuple[str, ...] = ()) -> Moment:
    """The story before anything happened beyond the breach itself: what ``validate`` and
    previews render posts against."""
    topics = {"breach", "no-statement", "no-letter"}
    if rumours:
        topics.add("rumour")
    return Moment(frozenset(topics), org, hashtags, rumours)
