"""The room screen's side of a running exercise: its journal, opened for reading only, and its scenario.

The room screen (``crisissim room``) is for the participants, on a projector or a second terminal.
It follows the journal that the console writes and never writes to it: it needs no join code and
no lock, so it can join at any moment, as often as wanted, without disturbing the exercise. What
it may show of the records is decided with the seats' rules (:func:`crisissim.journal.seats.visible_to_room`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crisissim.exercise.errors import BadInput
from crisissim.journal import JournalError, Store, open_store
from crisissim.scenario import Scenario, parse


@dataclass
class RoomJournal:
    """A journal followed by the room screen, and the scenario it was started with."""

    journal: Store
    scenario: Scenario

    def close(self) -> None:
        self.journal.close()


def open_room(journal: Path | str) -> RoomJournal:
    """The journal at ``journal`` (a path or a ``sqlite:`` URL), read-only, and its scenario.

    BadInput, one line, for a journal that is missing, not a journal, or holds a scenario this
    crisissim cannot read; nothing is written to it either way."""
    try:
        store = open_store(journal, readonly=True)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    loaded = parse(store.meta.get("scenario_text", "").encode("utf-8"), store.meta.get("scenario_path", "?"))
    if loaded.scenario is None:
        store.close()
        raise BadInput(str(JournalError(journal, "the scenario stored in it cannot be read by this crisissim")))
    return RoomJournal(store, loaded.scenario)
