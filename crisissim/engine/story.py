"""The story so far, folded from the engine's own records: what the crowd and the press may know.

Every record the engine appends passes through :meth:`StoryKeeper.apply` (before any later post
is generated), so what a post may speak of is a function of the journal up to that moment: the
same records give the same story, at any speed and after any resume. Scenario authors may name
topics of their own (``story: {paid: {flag: ransom-paid}}``); the engine tells the keeper which
of those hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crisissim.content.story import Moment
from crisissim.journal import records as rec

#: A quote is a run of this many consecutive words of what the team said, at most.
QUOTE_WORDS = (4, 9)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\S+")


def quotable_runs(text: str, limit: int = 24) -> tuple[str, ...]:
    """Runs of 4 to 9 consecutive words from the sentences of ``text``, as people quote them.

    Whole short sentences first (they read best), then the opening words of longer ones, then
    runs from inside them; trailing punctuation is dropped so the quote sits in a new sentence.
    """
    runs: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = _WORD.findall(sentence)
        low, high = QUOTE_WORDS
        if len(words) < low:
            continue
        if len(words) <= high:
            runs.append(" ".join(words))
            continue
        for start in range(0, len(words) - low + 1, 3):
            runs.append(" ".join(words[start : start + min(high, 6 + start % 3)]))
    cleaned = [r.rstrip(".,;:!?") for r in runs]
    seen: dict[str, None] = {}
    for run in cleaned:
        if len(_WORD.findall(run)) >= QUOTE_WORDS[0]:
            seen.setdefault(run, None)
    return tuple(seen)[:limit]


@dataclass(frozen=True, slots=True)
class Said:
    """Something the team said in public: a statement or a social-media post."""

    seq: int
    sim: float
    role: str
    action: str
    text: str
    quotes: tuple[str, ...]


@dataclass
class StoryKeeper:
    """Topics and quotable facts, kept up to date record by record."""

    org: Mapping[str, Any]
    topics: set[str] = field(default_factory=lambda: {"breach", "no-statement", "no-letter"})
    said: list[Said] = field(default_factory=list)
    headline: tuple[str, str] | None = None
    """(outlet, headline) of the latest article or TV item."""
    version: int = 0
    """Bumps whenever the story changes: moments are rebuilt only then."""
    clock_s: float | None = None
    """Seconds after local midnight on the story clock at T+0: what a post's time of day is told from."""

    def apply(self, seq: int, sim: float, role: str | None, record: rec.AnyRecord) -> None:
        if isinstance(record, rec.Fired):
            if record.kind == "article":
                self.topics.add("tv" if record.channel == "tv" else "article")
                self.headline = (record.sender or record.channel, record.title)
                self.version += 1
        elif isinstance(record, rec.Action):
            if record.action in ("statement", "post") and role is not None:
                text = str(record.fields.get("text", ""))
                self.said.append(Said(seq, sim, role, record.action, text, quotable_runs(text)))
                self.topics.add("statement" if record.action == "statement" else "team-post")
                if record.action == "statement":
                    self.topics.discard("no-statement")
                self.version += 1
            elif record.action == "notify_subjects":
                self.topics.add("letter")
                self.topics.discard("no-letter")
                self.version += 1

    def set_scenario_topics(self, holding: Mapping[str, bool]) -> None:
        """Topics the scenario defines by conditions (``story:``), as they hold now."""
        changed = False
        for topic, holds in holding.items():
            if holds and topic not in self.topics:
                self.topics.add(topic)
                changed = True
            elif not holds and topic in self.topics:
                self.topics.discard(topic)
                changed = True
        if changed:
            self.version += 1

    def add_topic(self, topic: str) -> None:
        """A topic learnt from what the team said (a phone line, an apology)."""
        if topic not in self.topics:
            self.topics.add(topic)
            self.version += 1

    @property
    def latest_said(self) -> Said | None:
        return self.said[-1] if self.said else None

    def moment(self, hashtags: tuple[str, ...], rumours: tuple[str, ...]) -> Moment:
        """The story as the next posts see it; each quote-post picks its own run of the latest
        words said (``quotes``), so the quote-posts of an hour do not all quote the same words."""
        topics = set(self.topics)
        if rumours:
            topics.add("rumour")
        latest = self.latest_said
        quote = None
        quoted = None
        if latest is not None and latest.quotes:
            quote, quoted = latest.quotes[0], latest.seq
        else:
            topics.discard("statement")
            topics.discard("team-post")
        outlet, headline = self.headline if self.headline else (None, None)
        return Moment(
            frozenset(topics),
            self.org,
            hashtags,
            rumours,
            quote=quote,
            quoted=quoted,
            outlet=outlet,
            headline=headline,
            quotes=latest.quotes if latest is not None else (),
            clock_s=self.clock_s,
        )
