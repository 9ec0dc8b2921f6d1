"""Apps for functional and snapshot tests: a real journal, an engine, and a clock that only
moves when the test moves it (no wall time reaches the screen)."""

from __future__ import annotations

from pathlib import Path

from crisissim.exercise import load_checked, new_run
from crisissim.scenario.library import resolve
from crisissim.tui.app import CrisisApp
from crisissim.tui.session import live_session


class FrozenWall:
    """A wall clock that stands still: simulated time moves only by 'advance'."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def make_app(
    tmp_path: Path,
    scenario: str | Path,
    *,
    language: str | None = None,
    seed: int | None = None,
    advance_to: float | None = None,
) -> CrisisApp:
    path = Path(scenario) if Path(scenario).is_file() else resolve(str(scenario))
    loaded = load_checked(path)
    assert loaded.scenario is not None, loaded.errors
    s = loaded.scenario
    run = new_run(
        s,
        loaded.text,
        str(path),
        seed=s.seed if seed is None else seed,
        journal_path=tmp_path / "journal.sqlite",
        mode="run",
    )
    session = live_session(run, speed=s.speed, language=language, wall=FrozenWall())
    if advance_to is not None:
        session.clock.jump_to(advance_to)
        run.engine.advance_to(advance_to)
    return CrisisApp(session, report_folder=tmp_path / "reports", live=False)
