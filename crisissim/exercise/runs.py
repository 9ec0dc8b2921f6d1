"""Starting and resuming runs: journal files, their metadata, and the engine behind them.

Shared by ``simulate``, ``run``, ``resume`` and ``serve``: what a journal must hold to be played
again (the scenario's full text, its path, the seed, the speed, the playbook) is decided here
once, and so is how a journal is played again into an engine.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crisissim import __version__
from crisissim.engine.drivers import JournalMismatch, replay
from crisissim.engine.engine import Engine
from crisissim.engine.sinks import JournalSink, ReplaySink
from crisissim.journal import JournalError, Record, Store, create_store, open_store
from crisissim.journal.interface import Unreadable, readable
from crisissim.journal.records import INPUT_KINDS, SIDE_KINDS
from crisissim.scenario import Scenario, parse

#: INPUT_KINDS (the records that come from people, which replay takes again) is the journal's; it is
#: named here too because starting and resuming is where it is used.
__all__ = ["INPUT_KINDS", "Run", "default_journal_path", "new_run", "resume_run"]


@dataclass
class Run:
    """One exercise being driven: its journal (owned, locked as driver), its engine and scenario.

    ``done_steps`` are the playbook steps a resumed journal already holds, so they are not taken
    twice."""

    journal: Store
    engine: Engine
    scenario: Scenario
    done_steps: set[int]
    lost: tuple[str, ...] = ()
    """For a resumed run: one line per record of the journal that could not be read, and what became of it."""


def default_journal_path(scenario_id: str, folder: Path = Path("runs")) -> Path:
    """``runs/<scenario-id>-<YYYYmmdd-HHMMSS>.sqlite``; a suffix if that second is taken."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{scenario_id}-{stamp}.sqlite"
    n = 2
    while path.exists():
        path = folder / f"{scenario_id}-{stamp}-{n}.sqlite"
        n += 1
    return path


def new_run(
    scenario: Scenario,
    scenario_text: str,
    scenario_path: str,
    *,
    seed: int,
    journal_path: Path | str,
    mode: str,
    playbook_text: str | None = None,
    speed: float | None = None,
    extra_meta: Mapping[str, str] | None = None,
) -> Run:
    """A new journal holding everything needed to play it again, and an engine that writes to it.

    ``extra_meta`` is kept beside the run's own (a team's journal says there whose it is:
    :mod:`crisissim.exercise.teams`); it cannot replace what the run itself needs.
    Raises JournalError if the journal cannot be created (the file exists, the folder cannot
    be written)."""
    meta = {
        "scenario_id": scenario.id,
        "scenario_path": scenario_path,
        "scenario_text": scenario_text,
        "seed": str(seed),
        "mode": mode,
        "speed": str(speed if speed is not None else scenario.speed),
        "crisissim": __version__,
    }
    if playbook_text is not None:
        meta["playbook_text"] = playbook_text
    meta = {**(extra_meta or {}), **meta}
    journal = create_store(journal_path, meta)
    journal.acquire_owner()
    engine = Engine(scenario, seed=seed, sink=JournalSink(journal, time.time))
    return Run(journal, engine, scenario, set())


def resume_run(journal_path: Path | str) -> Run:
    """Open a journal and rebuild its engine by replay; raises JournalError for bad journals."""
    journal = open_store(journal_path)
    try:
        journal.acquire_owner()
        loaded = parse(journal.meta.get("scenario_text", "").encode("utf-8"), journal.meta.get("scenario_path", "?"))
        if loaded.scenario is None:
            raise JournalError(journal_path, "the scenario stored in it cannot be read by this crisissim")
        seed = int(journal.meta.get("seed", "0"))
        sink = ReplaySink(journal, time.time)
        engine = Engine(loaded.scenario, seed=seed, sink=sink)
        inputs = _readable_inputs(journal)
        last = _last_readable(journal, max(0, journal.last_seq() - 200)) or _last_readable(journal, 0)
        try:
            done = replay(engine, sink, inputs, last.sim if last else 0.0)
        except JournalMismatch as exc:
            raise JournalError(
                journal_path,
                f"cannot be resumed: {exc}; it may come from another version of "
                "crisissim or its personas (nothing was changed)",
            ) from None
        return Run(journal, engine, loaded.scenario, done, lost=_lost_lines(journal.location, sink))
    except BaseException:
        journal.close()
        raise


def _last_readable(journal: Store, after_seq: int) -> Record | None:
    """The latest record after ``after_seq`` that can be read (seats' records aside): where replay ends.

    The latest in simulated time, not the last in seq: a row added by hand at the end with an
    earlier time must not stop the replay before the records that came before it."""
    found: Record | None = None
    for record in readable(journal, after_seq):
        if record.kind in SIDE_KINDS:
            continue
        if found is None or record.sim >= found.sim:
            found = record
    return found


def _readable_inputs(journal: Store) -> list[Record]:
    """The journal's actions, commands and hot-wash answers that can be read (the replay notes the others)."""
    return list(readable(journal, kinds=INPUT_KINDS))


def _lost_lines(location: str, sink: ReplaySink) -> tuple[str, ...]:
    """What a resumed run says about records it could not read: restored by the replay, or left out."""
    lines: list[str] = []
    run: list[Unreadable] = []  # consecutive records lost alike (a damaged page) are said once

    def say() -> None:
        if not run:
            return
        first, restored = run[0], run[0].seq in sink.restored
        after = "the replay restored what it said" if restored else "it is left out"
        if len(run) > 1:
            said = f"records {first.seq}-{run[-1].seq}: {first.what}"
            after = "the replay restored what they said" if restored else "they are left out"
            lines.append(str(JournalError(location, f"{said}; {after}")))
        else:
            lines.append(first.line(location, after))
        run.clear()

    for lost in sink.lost:
        if run and not (
            lost.seq == run[-1].seq + 1
            and lost.what == run[-1].what
            and not lost.what.startswith("record ")
            and (lost.seq in sink.restored) == (run[-1].seq in sink.restored)
        ):
            say()
        run.append(lost)
    say()
    return tuple(lines)
