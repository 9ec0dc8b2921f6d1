"""What a screen's widgets are given: the same typed interface from the console and a seat.

A widget reads the static scenario, the labels and the read model (:mod:`crisissim.journal.readmodel`),
and nothing of the engine: the console's :class:`~crisissim.tui.session.Session` and a seat's
:class:`~crisissim.tui.seat.SeatSession` both give it this. Actions go back through the screen
that holds the session (the console's driver, a seat's requests), never through a widget.
"""

from __future__ import annotations

from typing import Protocol

from crisissim.journal.readmodel import ExerciseView
from crisissim.scenario.model import Scenario
from crisissim.tui.labels import Labels


class ScreenSession(Protocol):
    @property
    def scenario(self) -> Scenario: ...

    @property
    def labels(self) -> Labels: ...

    @property
    def roles(self) -> list[str]:
        """The roles on this screen: every role at the console, the seat's own at a seat."""
        ...

    @property
    def view(self) -> ExerciseView: ...
