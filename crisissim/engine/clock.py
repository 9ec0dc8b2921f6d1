"""The exercise clock: simulated time as an anchor (wall time, simulated time, rate).

The clock never reads the wall clock itself: it is handed a function that does (or a fake
one in tests). Pausing freezes simulated time; a speed change re-anchors it, so simulated
time never jumps or runs backwards. Only ``jump_to`` moves it forward at once, for the
facilitator's "advance to the next event".
"""

from __future__ import annotations

import math
from collections.abc import Callable


class SimClock:
    def __init__(self, wall: Callable[[], float], *, sim: float = 0.0, rate: float = 1.0, paused: bool = True) -> None:
        if rate <= 0:
            raise ValueError("the speed must be more than 0")
        self._wall = wall
        self._anchor_wall = wall()
        self._anchor_sim = sim
        self._rate = rate
        self._paused = paused

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def paused(self) -> bool:
        return self._paused

    def now(self) -> float:
        """Simulated seconds since T+0."""
        if self._paused:
            return self._anchor_sim
        return self._anchor_sim + max(0.0, self._wall() - self._anchor_wall) * self._rate

    def _reanchor(self) -> None:
        self._anchor_sim = self.now()
        self._anchor_wall = self._wall()

    def pause(self) -> None:
        if not self._paused:
            self._reanchor()
            self._paused = True

    def resume(self) -> None:
        if self._paused:
            self._anchor_wall = self._wall()
            self._paused = False

    def set_rate(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("the speed must be more than 0")
        self._reanchor()
        self._rate = rate

    def jump_to(self, sim: float) -> None:
        """Move forward to ``sim`` at once; never backwards."""
        self._reanchor()
        self._anchor_sim = max(self._anchor_sim, sim)

    def wall_until(self, sim: float) -> float:
        """Wall seconds until simulated time reaches ``sim``; infinite while paused."""
        ahead = sim - self.now()
        if ahead <= 0:
            return 0.0
        return math.inf if self._paused else ahead / self._rate
