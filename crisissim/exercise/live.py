"""The shared start of a live exercise (``run``, ``serve``, ``resume``): a run and its pace.

What comes after (the console, a seat server) differs; what comes before is the same for all of
them and is decided here: the checked scenario, the seed, the speed, the journal, and which
roles' panes are shown. Everything the command line can get wrong is checked before a journal
exists, so bad input leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crisissim.exercise.checks import checked_scenario
from crisissim.exercise.errors import BadInput
from crisissim.exercise.runs import Run, default_journal_path, new_run, resume_run
from crisissim.journal import JournalError
from crisissim.scenario import Scenario


@dataclass(frozen=True)
class LiveRun:
    """A run to show on a screen: the run, the speed its clock starts at, the roles to show (None: all)."""

    run: Run
    speed: float
    roles: list[str] | None = None


def select_roles(text: str | None, scenario: Scenario) -> list[str] | None:
    """``a,b`` to the roles whose panes are shown; None (all of them) for no text; BadInput for unknown ones."""
    if not text:
        return None
    roles = [r.strip() for r in text.split(",") if r.strip()]
    unknown = [r for r in roles if r not in scenario.roles]
    if unknown:
        raise BadInput(f"crisissim: error: --roles: unknown role '{unknown[0]}' (roles: {', '.join(scenario.roles)})")
    return roles


def start_live(
    reference: str | None,
    *,
    mode: str,
    seed: int | None = None,
    speed: float | None = None,
    journal: Path | str | None = None,
    roles: str | None = None,
    before_journal: Callable[[Scenario], None] | None = None,
) -> LiveRun:
    """A new live run of a checked scenario (None: the default one), journalled with ``mode``.

    ``seed`` and ``speed`` default to the scenario's, ``journal`` to ``runs/<id>-<time>.sqlite``.
    ``before_journal(scenario)`` is called once everything is checked and just before the journal
    is made (``serve`` warns there about seats beyond this machine)."""
    checked = checked_scenario(reference)
    scenario = checked.scenario
    seed = scenario.seed if seed is None else seed
    pace = speed if speed is not None else scenario.speed
    path = journal or default_journal_path(scenario.id)
    shown = select_roles(roles, scenario)
    if before_journal is not None:
        before_journal(scenario)
    try:
        run = new_run(scenario, checked.text, checked.file, seed=seed, journal_path=path, mode=mode, speed=pace)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    return LiveRun(run, pace, shown)


def resume_live(journal: Path | str, *, roles: str | None = None) -> LiveRun:
    """An interrupted live run, rebuilt from its journal, at the speed it was started with.

    BadInput for a journal that cannot be resumed or roles it does not have (then the journal is
    closed again, unchanged)."""
    try:
        run = resume_run(journal)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    speed = float(run.journal.meta.get("speed") or run.scenario.speed)
    try:
        shown = select_roles(roles, run.scenario)
    except BadInput:
        run.journal.close()
        raise
    return LiveRun(run, speed, shown)
