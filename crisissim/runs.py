"""Starting and resuming runs: journal files, their metadata, and the engine behind them.

Shared by ``simulate`` now and by ``run``, ``resume`` and ``serve`` later: what a journal must
hold to be played again (the scenario's full text, its path, the seed, the playbook) is
decided here once.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from crisissim import __version__
from crisissim.engine.drivers import JournalMismatch, replay
from crisissim.engine.engine import Engine
from crisissim.engine.sinks import JournalSink, ReplaySink
from crisissim.journal import Journal, JournalError
from crisissim.journal.seats import SIDE_KINDS
from crisissim.scenario import Scenario, parse

#: Records that come from people (team, facilitator), not from the engine: replay takes them again.
INPUT_KINDS = ("action", "control", "hotwash")


@dataclass
class Run:
    journal: Journal
    engine: Engine
    scenario: Scenario
    done_steps: set[int]


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
    journal_path: Path,
    mode: str,
    playbook_text: str | None = None,
    speed: float | None = None,
) -> Run:
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
    journal = Journal.create(journal_path, meta)
    journal.acquire_driver()
    engine = Engine(scenario, seed=seed, sink=JournalSink(journal, time.time))
    return Run(journal, engine, scenario, set())


def resume_run(journal_path: Path) -> Run:
    """Open a journal and rebuild its engine by replay; raises JournalError for bad journals."""
    journal = Journal.open(journal_path)
    try:
        journal.acquire_driver()
        loaded = parse(journal.meta.get("scenario_text", "").encode("utf-8"), journal.meta.get("scenario_path", "?"))
        if loaded.scenario is None:
            raise JournalError(journal_path, "the scenario stored in it cannot be read by this crisissim")
        seed = int(journal.meta.get("seed", "0"))
        sink = ReplaySink(journal, time.time)
        engine = Engine(loaded.scenario, seed=seed, sink=sink)
        inputs = list(journal.records(kinds=INPUT_KINDS))
        last = (
            next(
                (
                    r
                    for r in reversed(journal.tail(max(0, journal.last_seq() - 200), limit=200))
                    if r.kind not in SIDE_KINDS
                ),
                None,
            )
            or journal.last()
        )
        try:
            done = replay(engine, sink, inputs, last.sim if last else 0.0)
        except JournalMismatch as exc:
            raise JournalError(
                journal_path,
                f"cannot be resumed: {exc}; it may come from another version of "
                "crisissim or its personas (nothing was changed)",
            ) from None
        return Run(journal, engine, loaded.scenario, done)
    except BaseException:
        journal.close()
        raise
