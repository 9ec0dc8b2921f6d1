"""The crowd's side of the exercise: what it knows, how it reads the team, what sets it off.

The engine hands every record it appends to :meth:`CrowdDesk.apply`; the desk keeps the story
(:mod:`crisissim.engine.story`), reads what the team says in public through the rubric
(:mod:`crisissim.content.rubric`) and decides which waves of posts news and statements set off.
It decides nothing the engine has not journaled: everything here is a function of the records,
so the same scenario, seed and actions give the same crowd at any speed and after any resume.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crisissim.content.events import DEFAULT_START
from crisissim.content.rubric import Assessment, assess
from crisissim.content.story import Moment
from crisissim.engine.storms import StormRunner, Wave
from crisissim.engine.story import StoryKeeper
from crisissim.journal import records as rec
from crisissim.scenario.model import Scenario

#: What sets off a wave, and how big it is: (share of the storm's peak rate, at least this many
#: posts per minute, time constant in simulated minutes, what its posts are about, mood shift).
WAVES: Mapping[str, tuple[float, float, float, str | None, float]] = {
    "article": (0.5, 1.0, 40.0, "headline", -0.1),
    "tv": (0.8, 1.5, 50.0, "headline", -0.15),
    "statement": (0.3, 0.5, 25.0, "quote", 0.0),
    "post": (0.2, 0.3, 20.0, "quote", 0.0),
}
#: A post on social media is read as a statement, but counts for half of one.
POST_WEIGHT = 0.5
#: Topics the team's words add to the story, by rubric point.
TOPIC_OF_POINT = {"gives-contact": "phone-line", "apologises": "apology"}


@dataclass
class CrowdDesk:
    scenario: Scenario
    story: StoryKeeper = field(init=False)
    readings: list[Assessment] = field(default_factory=list)
    mood: float = 0.0
    """The crowd's answer to what the team said last: added to every storm's mood."""
    volume: float = 1.0
    """... and the factor on every storm's volume."""
    reception: int | None = None
    """The seq of the reception now in force."""

    def __post_init__(self) -> None:
        start = self.scenario.start or DEFAULT_START
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        self.story = StoryKeeper(self.scenario.organisation, clock_s=(start - midnight).total_seconds())

    # the story ----------------------------------------------------------------------------------

    def apply(self, seq: int, sim: float, role: str | None, record: rec.AnyRecord) -> None:
        self.story.apply(seq, sim, role, record)

    def moments(self, runner: StormRunner) -> Callable[[], Moment]:
        """The story as ``runner``'s next post sees it, built again only when the story changed
        (a storm asks for it at every post)."""
        story = self.story
        held: list[Any] = [None, None]  # the story's version, and the moment made at it

        def current() -> Moment:
            if held[0] != story.version:
                held[1] = story.moment(tuple(runner.hashtags), tuple(runner.rumours))
                held[0] = story.version
            moment: Moment = held[1]
            return moment

        return current

    def set_scenario_topics(self, holding: Mapping[str, bool]) -> None:
        self.story.set_scenario_topics(holding)

    # what the team says ------------------------------------------------------------------------------

    def read(self, seq: int, action: str, text: str) -> rec.Reception:
        """How the crowd reads a statement or post: the rubric's points, and what they do to the
        mood and the volume from now on (a post on social media weighs half a statement)."""
        rubric = self.scenario.rubric
        reading = assess(
            text, self.scenario.language, earlier=tuple(self.readings), facts=tuple(rubric.facts), tuning=rubric
        )
        self.readings.append(reading)
        weight = 1.0 if action == "statement" else POST_WEIGHT
        mood = round(reading.mood * weight, 4)
        volume = round(reading.volume**weight, 4)
        for point in reading.points:
            topic = TOPIC_OF_POINT.get(point.code)
            if topic:
                self.story.add_topic(topic)
        return rec.Reception(
            answers=seq,
            action=action,
            points=tuple(rec.RubricPoint(code=p.code, delta=p.delta, evidence=p.evidence) for p in reading.points),
            mood=mood,
            volume=volume,
        )

    def received(self, seq: int, reception: rec.Reception) -> None:
        """The reception is journaled (as ``seq``): it is the crowd's answer from now on."""
        self.mood, self.volume, self.reception = reception.mood, reception.volume, seq

    # waves ------------------------------------------------------------------------------------------

    def wave_for(self, cause: str, kind: str, runner: StormRunner, now: float, mood: float = 0.0) -> Wave:
        share, least, tau_min, focus, shift = WAVES[kind]
        volume = self.volume if kind in ("statement", "post") else 1.0
        amplitude = round(max(least, share * runner.peak) * volume, 4)
        return Wave(now, amplitude, tau_min * 60, focus, round(shift + mood, 4), cause)


def current_storm(storms: Mapping[str, StormRunner]) -> StormRunner | None:
    """The storm that news and statements feed: the one started last (the conversation of now)."""
    return max(storms.values(), key=lambda r: r.start_s, default=None)
