"""An exercise journaled in PostgreSQL, as a user runs it: ``simulate``, ``report``, ``verify``, kill and resume.

Every command runs as a subprocess with a ``postgresql://`` journal in the session's throwaway
PostgreSQL (``postgresql`` in tests/conftest.py; skipped with the reason where none can be
started). The same run journaled in SQLite is the reference: the debrief must be the same.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from crisissim.journal import open_store
from crisissim.scenario.library import DEFAULT_SCENARIO
from tests.postgres_server import Server

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
CLI = (sys.executable, "-m", "crisissim")
PLAYED = "is being played by another crisissim process; stop it first (nothing was changed)"


def crisissim(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def simulate(journal: str | Path) -> subprocess.CompletedProcess[str]:
    result = crisissim("simulate", DEFAULT_SCENARIO, "--playbook", PLAYBOOK, "--journal", journal)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return result


def debrief(journal: str | Path) -> dict[str, Any]:
    result = crisissim("report", journal, "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """The debrief without what differs by design between equal runs: wall time, and the last hash (over wall time)."""
    out = {k: v for k, v in summary.items() if k != "wall_seconds"}
    out["journal"] = {k: v for k, v in out["journal"].items() if k != "head"}
    return out


def rows(journal: str | Path) -> list[tuple[int, float, str, str | None, str]]:
    """Every record as (seq, sim, kind, role, payload text): the journal without its wall times and hashes."""
    with open_store(journal, readonly=True) as store:
        return [(r.seq, r.sim, r.kind, r.role, r.text) for r in store.records()]


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: the default scenario with the example playbook, journaled in SQLite."""
    journal = tmp_path_factory.mktemp("sqlite") / "reference.sqlite"
    simulate(journal)
    return journal


@pytest.fixture(scope="module")
def on_postgres(postgresql: Server) -> str:
    """The same run journaled in PostgreSQL."""
    journal = postgresql.url(f"rijnoord-{uuid.uuid4().hex[:8]}")
    result = simulate(journal)
    assert result.stdout.startswith(f"journal: {journal}\n")
    return journal


def test_a_run_on_postgres_gives_the_same_debrief_as_on_sqlite(on_sqlite: Path, on_postgres: str):
    reference, played = debrief(on_sqlite), debrief(on_postgres)
    assert played["journal"]["intact"] and played["journal"]["chained"]
    assert comparable(played) == comparable(reference)
    assert played["posts"]["total"] > 1000  # a real exercise, storms and all


def test_a_run_on_postgres_journals_the_same_records_as_on_sqlite(on_sqlite: Path, on_postgres: str):
    assert rows(on_postgres) == rows(on_sqlite)


def test_verify_says_a_postgres_journal_is_intact(on_postgres: str):
    result = crisissim("verify", on_postgres)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{on_postgres}: intact: {len(rows(on_postgres))} records, each chained")


def test_report_names_its_file_after_the_exercise(on_postgres: str, tmp_path: Path):
    result = crisissim("report", on_postgres, "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    exercise = on_postgres.rsplit("exercise=", 1)[1]
    assert [p.name for p in (tmp_path / "reports").iterdir()] == [f"{exercise}.md"]


def test_a_killed_run_on_postgres_resumes_to_the_uninterrupted_debrief(on_sqlite: Path, postgresql: Server):
    journal = postgresql.url(f"killed-{uuid.uuid4().hex[:8]}")
    proc = subprocess.Popen(
        [*CLI, "simulate", DEFAULT_SCENARIO, "--playbook", str(PLAYBOOK), "--journal", journal, "--speed", "20000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while count(journal) < 300:
            assert proc.poll() is None, f"the paced run ended before it could be killed: {proc.stderr}"
            assert time.monotonic() < deadline, "the journal holds too few records after 60 s"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
    before = rows(journal)
    assert before[-1][2] != "end"

    result = crisissim("simulate", "--resume", journal, "--playbook", PLAYBOOK)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"journal: {journal} (resumed at T+")
    assert "EndEx at T+72:00" in result.stdout
    after = rows(journal)
    assert after[: len(before)] == before  # nothing journaled was lost or rewritten
    assert comparable(debrief(journal)) == comparable(debrief(on_sqlite))
    assert crisissim("verify", journal).returncode == 0


def count(journal: str) -> int:
    """How many records the exercise holds now; 0 while it is still being created."""
    try:
        with open_store(journal, readonly=True) as store:
            return store.count()
    except Exception:
        return 0


HOLD = """\
import sys
from crisissim.journal import open_store
store = open_store(sys.argv[1])
store.acquire_owner()
print("playing", flush=True)
sys.stdin.read()
"""


def test_a_second_process_owning_the_exercise_is_refused_in_one_line(on_postgres: str):
    before = rows(on_postgres)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, on_postgres], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "playing"
        result = crisissim("simulate", "--resume", on_postgres, "--playbook", PLAYBOOK)
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert result.stderr.splitlines() == [f"{on_postgres}: error: journal: {PLAYED}"]
        assert crisissim("report", on_postgres, "-o", "-").returncode == 0  # reading it is fine
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
        holder.stdout.close()
    assert rows(on_postgres) == before


def test_a_journal_url_that_cannot_be_reached_is_one_line_and_no_traceback(tmp_path: Path):
    journal = "postgresql://crisis:s3cret@127.0.0.1:1/exercises?exercise=drill&connect_timeout=2"
    result = crisissim("simulate", DEFAULT_SCENARIO, "--journal", journal, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "postgresql://crisis@127.0.0.1:1/exercises?exercise=drill&connect_timeout=2: error: journal: "
    )
    assert "cannot connect to the database" in line and "s3cret" not in result.stdout + result.stderr


async def test_startex_and_j_give_the_commands_that_take_a_postgres_journal(pg_location: str, tmp_path: Path):
    """The URL is the same from any folder: the resume and room commands carry it as it is, quoted for a shell."""
    from textual.widgets import Static

    from crisissim.exercise import load_checked, new_run
    from crisissim.scenario.library import resolve
    from crisissim.tui.app import CrisisApp
    from crisissim.tui.screens.codes import CodesScreen
    from crisissim.tui.session import live_session
    from tests.functional_tests.tui_support import FrozenWall

    loaded = load_checked(resolve(DEFAULT_SCENARIO))
    assert loaded.scenario is not None
    run = new_run(loaded.scenario, loaded.text, "rijnoord.yaml", seed=1, journal_path=pg_location, mode="run")
    app = CrisisApp(live_session(run, speed=60, wall=FrozenWall()), report_folder=tmp_path, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        lines = str(app.screen.query_one("#startex-journal", Static).render())
        assert f"crisissim resume '{pg_location}'" in lines.replace("\n", " ")
        assert f"crisissim room '{pg_location}'" in lines.replace("\n", " ")
        await pilot.press("space", "j")
        assert isinstance(app.screen, CodesScreen)
        lines = str(app.screen.query_one("#codes-journal", Static).render())
        assert lines.startswith(f"Journaal: {pg_location}")
