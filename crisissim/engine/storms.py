"""A social-media storm over time: a crowd of accounts posting along a rate curve.

Posts are a point process in simulated time. Candidate moments are drawn at the highest rate
the storm can reach, and each is kept with the probability of the real rate at that moment
(thinning), so the posts do not depend on how the engine steps through time: the same seed
and the same team actions give the same posts at any speed. Reactions to the team change
the rate and the mood from the moment they hold.

The crowd is made once: a few loud accounts and many that post once, drawn with
heavy-tailed weights; an account's name and handle are only generated when it first posts, and
its handle is its own in the whole exercise (a :class:`HandleBook` the engine may share). What
a post may speak of comes from ``moment``: the story so far, as the engine folds it.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crisissim.content.grammar import Composer, composer
from crisissim.content.names import HandleBook
from crisissim.content.people import Account, account_draws, make_account
from crisissim.content.personas import CrowdPersona, PersonaLibrary
from crisissim.content.posts import render_post
from crisissim.content.story import Moment, quiet_moment
from crisissim.content.streams import NORMAL, NORMAL_STEPS, strays, stream
from crisissim.journal.records import ENGAGEMENT_GROWTH_S as ENGAGEMENT_GROWTH_S  # declared with the post
from crisissim.journal.records import Post
from crisissim.scenario.model import MAX_EXERCISE_POSTS, MAX_POSTS_PER_MINUTE, MAX_STORM_POSTS, Event, Rate
from crisissim.scenario.model import expected_posts as expected_posts  # where the engine has always found it

MIN_CROWD, MAX_CROWD = 20, 3000

#: The most a storm posts per simulated minute, its curve, the team's effect and waves together:
#: a reaction or a wave can push a storm no further.
STORM_RATE_CAP = MAX_POSTS_PER_MINUTE


@dataclass
class PostBudget:
    """What is left of :data:`MAX_EXERCISE_POSTS` for the whole exercise: shared by its storms,
    so that several storms together cannot write more than one exercise may hold."""

    left: int = dataclasses.field(default_factory=lambda: MAX_EXERCISE_POSTS)


def rate_per_minute(rate: Rate, duration: float, offset: float) -> float:
    """Posts per simulated minute ``offset`` seconds into the storm: a smooth (cosine) rise from
    ``start`` to ``peak`` at ``peak_at`` and a smooth fall to ``end`` at ``duration``."""
    if offset < 0 or offset > duration:
        return 0.0
    peak_at = min(rate.peak_at, duration)
    if offset <= peak_at and peak_at > 0:
        return rate.start + (rate.peak - rate.start) * (1 - math.cos(math.pi * offset / peak_at)) / 2
    tail = duration - peak_at
    if tail <= 0:
        return rate.peak
    return rate.peak + (rate.end - rate.peak) * (1 - math.cos(math.pi * (offset - peak_at) / tail)) / 2


def _fixed(moment: Moment) -> Callable[[], Moment]:
    """The same moment for every post: the story before anything beyond the breach happened."""

    def current() -> Moment:
        return moment

    return current


@dataclass(frozen=True, slots=True)
class Wave:
    """A burst of posts that something set off (an article, a TV item, the team's own words),
    fading exponentially from ``amplitude`` posts per simulated minute; it runs beside the
    storm's own curve and outlives it, so a national article revives a storm that had faded."""

    start_s: float
    amplitude: float
    tau_s: float
    focus: str | None
    """What its posts are about: ``quote`` (they quote the team) or ``headline`` (the article)."""
    mood: float
    """A shift of its posts' mood on top of the crowd's."""
    cause: str
    """Provenance: ``article:EVENT``, ``tv:EVENT``, ``statement:SEQ`` or ``post:SEQ``."""

    @property
    def end_s(self) -> float:
        return self.start_s + WAVE_SPAN * self.tau_s

    def per_second(self, t: float) -> float:
        if t < self.start_s or t > self.end_s:
            return 0.0
        return self.amplitude / 60 * math.exp(-(t - self.start_s) / self.tau_s)


#: A wave runs for this many of its time constants (then it is below 2 % of its start).
WAVE_SPAN = 4.0
#: How many times its reach (the square root of its followers) a post is liked: log-normal, the
#: exponential of a normal draw of mean -0.5 and deviation 1.1, as one table lookup.
_LIKES = tuple(math.exp(-0.5 + 1.1 * z) for z in NORMAL)
#: The thinning bound is the most the storm can post in the next this many simulated seconds.
WINDOW_S = 600.0


class StormRunner:
    """One storm's crowd and its posting over time: its own curve, the team's effect on it, and
    the waves that news and statements set off.

    The process is thinned against ``bound``, the most it can post per second right now; when
    the bound changes (the crowd's answer to the team changes, a wave starts) the next candidate
    is drawn again from that moment, which a Poisson process allows, so posts stay a function
    of the records alone.
    """

    def __init__(
        self,
        event: Event,
        *,
        language: str,
        org: dict[str, Any],
        seed: int,
        started_s: float,
        personas: PersonaLibrary,
        hashtags: list[str],
        rumours: list[str],
        moment: Callable[[], Moment] | None = None,
        handles: HandleBook | None = None,
        budget: PostBudget | None = None,
    ) -> None:
        assert event.rate is not None and event.duration is not None and event.crowd
        self.id = event.id
        self.language = language
        self.org = org
        self.seed = seed
        self.rate = event.rate
        self.start_s = started_s
        self.end_s = started_s + event.duration
        span = self.end_s - self.start_s
        self._curve = (self.rate.start, self.rate.peak, min(self.rate.peak_at, span))
        self._tail = span - self._curve[2]
        self.hashtags = hashtags
        self.rumours = rumours
        self.moment = moment or _fixed(quiet_moment(org, tuple(hashtags), tuple(rumours)))
        self.handles = handles if handles is not None else HandleBook()
        self.budget = budget if budget is not None else PostBudget()
        self.capped = False
        """It wrote :data:`MAX_STORM_POSTS`, or the exercise's budget ran out: it posts no more."""
        self.rng = stream(seed, f"storm:{event.id}")
        self.multiplier = 1.0
        self.shift = 0.0
        self.peak = max(self.rate.start, self.rate.peak, self.rate.end)
        self.count = 0
        self.ended = False
        """Neither its curve nor any wave is running: it posts nothing until a wave revives it."""
        self.waves: list[Wave] = []
        self._curve_done = False
        self._personas: list[CrowdPersona] = [p for p in (personas.crowd(k) for k in event.crowd) if p is not None]
        # each persona's compiled grammar for this language (None: whole-post templates), looked up once
        self._composers: list[Composer | None] = [
            composer(g, language) if (g := p.voice(language).grammar) is not None else None for p in self._personas
        ]
        # each persona's mood and its strays (its spread times each of NORMAL's quantiles)
        self._moods: list[tuple[float, tuple[float, ...]]] = [(p.mood, strays(p.spread)) for p in self._personas]
        weights = [event.crowd[p.id] for p in self._personas]
        boost = math.prod(r.rate for r in event.reacts if r.rate > 1)
        size = int(min(MAX_CROWD, max(MIN_CROWD, expected_posts(self.rate, event.duration) * boost / 3)))
        self._members = self.rng.choices(range(len(self._personas)), weights=weights, k=size)
        activity = [self._personas[m].loudness * self.rng.paretovariate(1.6) for m in self._members]
        self._cumulative = list(itertools.accumulate(activity))
        self._accounts: dict[int, Account] = {}
        self._last_member = len(self._members) - 1
        self._focus_cache: tuple[Moment, str, Moment] | None = None
        self.bound = 0.0
        self.next_s = math.inf
        self._window_s = started_s
        self.boundary_s = math.inf
        """The next end of the curve, of a wave or of the thinning window."""
        self.due_s = math.inf
        """What :meth:`due` returns, as an attribute for the engine's hot loop."""
        self._redraw(started_s)

    @property
    def crowd_size(self) -> int:
        return len(self._members)

    # the process ------------------------------------------------------------------------------

    def _curve_max(self, a: float, b: float) -> float:
        """The most the storm's own curve posts per minute between ``a`` and ``b`` (it rises to its
        peak and falls after it, so the most is at an end or at the peak)."""
        if a >= self.end_s:
            return 0.0
        duration = self.end_s - self.start_s
        b = min(b, self.end_s)
        peak_s = self.start_s + min(self.rate.peak_at, duration)
        if a <= peak_s <= b:
            return self.rate.peak
        return max(
            rate_per_minute(self.rate, duration, a - self.start_s),
            rate_per_minute(self.rate, duration, b - self.start_s),
        )

    def _redraw(self, t: float) -> None:
        """Draw the next candidate from ``t`` against the most the storm can post until the next
        window ends (a bound that follows the curve wastes few candidates)."""
        self._window_s = t + WINDOW_S
        curve = self._curve_max(t, self._window_s) / 60 * self.multiplier
        self.bound = min(curve + sum(w.per_second(t) for w in self.waves if w.end_s > t), STORM_RATE_CAP / 60)
        self.next_s = math.inf if self.bound <= 0 else t + self.rng.expovariate(self.bound)
        self.boundary_s = min(
            [w.end_s for w in self.waves] + ([] if self._curve_done else [self.end_s]) + [self._window_s]
        )
        self.due_s = math.inf if self.ended and not self.waves else min(self.next_s, self.boundary_s)

    def due(self) -> float:
        """The next moment this storm needs the engine: a candidate post, the end of its curve, of
        a wave or of a window; ``inf`` when it is idle."""
        return self.due_s

    def at_boundary(self, t: float) -> bool:
        return t == self.boundary_s and t != self.next_s

    def cross(self, t: float) -> bool:
        """Pass the end of the curve or of a wave at ``t``; True when the storm goes quiet (an
        ended storm releases its accounts: they can be made again, the same, if it revives)."""
        self.waves = [w for w in self.waves if w.end_s > t]
        if t >= self.end_s:
            self._curve_done = True
        quiet = self._curve_done and not self.waves
        became_quiet = quiet and not self.ended
        if became_quiet:
            self.ended = True
            self._accounts.clear()
        self._redraw(t)
        return became_quiet

    def react(self, multiplier: float, shift: float, now: float | None = None) -> bool:
        """Set the crowd's answer to the team; True when it changed."""
        changed = (multiplier, shift) != (self.multiplier, self.shift)
        self.multiplier, self.shift = multiplier, shift
        if changed and now is not None:
            self._redraw(now)
        return changed

    def add_wave(self, wave: Wave) -> bool:
        """Start a wave; True when it revives a storm that had gone quiet (never one that is capped)."""
        if self.capped:
            return False
        revived = self.ended
        self.waves = [w for w in self.waves if w.end_s > wave.start_s] + [wave]
        self.ended = False
        self._redraw(wave.start_s)
        return revived

    # posts ------------------------------------------------------------------------------------

    def _account(self, index: int) -> Account:
        account = self._accounts.get(index)
        if account is None:
            draws = account_draws(self.seed, f"storm:{self.id}:account:{index}")
            persona = self._personas[self._members[index]]
            account = make_account(persona, self.language, draws, handles=self.handles, owner=f"{self.id}:{index}")
            self._accounts[index] = account
        return account

    def step(self) -> tuple[float, Post] | None:
        """Handle the candidate at ``next_s``: a post, or nothing if thinning drops it.

        The hot path of a storm: the draws are those of ``random.Random``'s ``expovariate`` and
        ``uniform``, written out (the same numbers in the same order, without the calls), and its
        two normal draws (the mood's stray, the likes) are one ``random()`` each into a table of
        quantiles (:data:`~crisissim.content.streams.NORMAL`) instead of ``random.gauss``."""
        moment = self.next_s
        rng = self.rng
        r = rng.random
        bound = self.bound
        self.next_s = next_s = moment - math.log(1.0 - r()) / bound
        boundary = self.boundary_s
        self.due_s = next_s if next_s < boundary else boundary
        curve = 0.0
        if moment < self.end_s:  # rate_per_minute(self.rate, span, offset), written out
            offset = moment - self.start_s
            if offset >= 0:
                start, peak, peak_at = self._curve
                if offset <= peak_at and peak_at > 0:
                    per_minute = start + (peak - start) * (1 - math.cos(math.pi * offset / peak_at)) / 2
                else:
                    tail = self._tail
                    per_minute = (
                        peak
                        if tail <= 0
                        else peak + (self.rate.end - peak) * (1 - math.cos(math.pi * (offset - peak_at) / tail)) / 2
                    )
                curve = per_minute / 60 * self.multiplier
        waves = [(w, w.per_second(moment)) for w in self.waves] if self.waves else ()
        total = curve + sum(r for _, r in waves) if waves else curve
        pick = r() * bound
        if pick >= total:
            return None
        if self.budget.left <= 0:  # another storm spent what was left of the exercise's posts
            self._cap(moment)
            return None
        wave: Wave | None = None
        if waves and pick >= curve:
            rest = pick - curve
            for candidate, rate in waves:
                if rest < rate:
                    wave = candidate
                    break
                rest -= rate
        cumulative = self._cumulative
        index = bisect.bisect_right(cumulative, r() * cumulative[-1])
        if index >= self._last_member:
            index = self._last_member
        account = self._accounts.get(index) or self._account(index)
        member = self._members[index]
        persona = self._personas[member]
        story = self.moment()
        shift = self.shift
        if wave is not None:
            shift += wave.mood
            if wave.focus:
                story = self._focused(story, wave.focus)
        voice = self._composers[member]
        if voice is not None:  # render_post's own steps, in its order, without its lookups
            mood, strays = self._moods[member]
            # to thousandths as round(x, 3) does, but through round(x) (round(x, 3) costs 0.2 us more)
            sentiment = round((mood + strays[int(r() * NORMAL_STEPS)] + shift) * 1000.0) / 1000.0
            sentiment = -1.0 if sentiment < -1.0 else 1.0 if sentiment > 1.0 else sentiment
            text, _ = voice.compose(rng, story, sentiment, moment)
            uses = voice.last_uses
        else:
            written = render_post(persona, self.language, rng, account, story, shift)
            text, sentiment, uses = written.text, written.sentiment, written.uses
        self.count += 1
        budget = self.budget
        budget.left -= 1
        if self.count >= MAX_STORM_POSTS or budget.left <= 0:
            self._cap(moment)
        followers = account.followers
        likes = int(math.sqrt(followers) * _LIKES[int(r() * NORMAL_STEPS)] * (0.5 + abs(sentiment)))
        return moment, Post(
            storm=self.id,
            n=self.count,
            name=account.name,
            handle=account.handle,
            persona=account.persona,
            followers=followers,
            verified=account.verified,
            text=text,
            sentiment=sentiment,
            likes=likes,
            reposts=int(likes * (0.05 + (0.35 - 0.05) * r())),  # rng.uniform(0.05, 0.35)
            quotes=story.quoted if "quote" in uses else None,
            rumour="rumour" in uses,
            about=wave.cause if wave is not None else None,
        )

    def _cap(self, moment: float) -> None:
        """Stop for good at ``moment``: its curve ends there and its waves with it, so the engine
        crosses that boundary at once and journals the storm's end."""
        self.capped = True
        self.waves = []
        self.end_s = min(self.end_s, moment)
        self.next_s = math.inf
        self.boundary_s = moment
        self.due_s = moment

    def _focused(self, story: Moment, focus: str) -> Moment:
        """The moment as a wave's posts see it (made once per moment and focus, not per post)."""
        cached = self._focus_cache
        if cached is None or cached[0] is not story or cached[1] != focus:
            cached = self._focus_cache = (story, focus, dataclasses.replace(story, focus=focus))
        return cached[2]
