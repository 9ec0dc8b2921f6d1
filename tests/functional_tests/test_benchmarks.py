"""Every benchmark keeps running: each ``bench/*.py`` in its quick mode exits 0.

This is how CI runs the benchmarks. Each file in ``bench/`` (found with glob, so a new benchmark is
covered without a change here) runs as ``python bench/X.py --quick`` from the repository root, as a
person would run it, and must exit 0 within ``TIMEOUT_S``. Quick mode runs the benchmark's own code
paths at a tiny size and fails on what did not work, never on a timing: nothing here is timed.

A benchmark that needs an outside program says so on a line of its own, ``# bench-requires:
chromium`` (or ``tmux``, several separated by commas); it is skipped, with that reason, where the
program is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted((ROOT / "bench").glob("*.py"))
TIMEOUT_S = 120
TAIL_CHARS = 3000
REQUIRES = re.compile(r"^# bench-requires: (.+)$", re.MULTILINE)
# where each outside program is looked for besides PATH
KNOWN_PLACES = {"chromium": Path("/usr/bin/chromium")}


def missing_programs(benchmark: Path) -> list[str]:
    """The programs a benchmark declares it needs that this machine lacks."""
    wanted = [
        name.strip() for line in REQUIRES.findall(benchmark.read_text(encoding="utf-8")) for name in line.split(",")
    ]
    return [
        name
        for name in wanted
        if name and shutil.which(name) is None and not (name in KNOWN_PLACES and KNOWN_PLACES[name].exists())
    ]


def tail(text: str) -> str:
    return text if len(text) <= TAIL_CHARS else "..." + text[-TAIL_CHARS:]


def test_there_are_benchmarks() -> None:
    assert BENCHMARKS, f"no benchmarks found in {ROOT / 'bench'}"


@pytest.mark.parametrize("benchmark", BENCHMARKS, ids=[p.name for p in BENCHMARKS])
def test_a_benchmark_runs_in_quick_mode(benchmark: Path) -> None:
    missing = missing_programs(benchmark)
    if missing:
        pytest.skip(f"bench/{benchmark.name} needs {', '.join(missing)}, which is not installed")
    command = [sys.executable, str(benchmark.relative_to(ROOT)), "--quick"]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        pytest.fail(
            f"bench/{benchmark.name} --quick ran over {TIMEOUT_S} s\n"
            f"--- stdout (tail) ---\n{tail(out)}\n--- stderr (tail) ---\n{tail(err)}"
        )
    assert done.returncode == 0, (
        f"bench/{benchmark.name} --quick exited {done.returncode}\n"
        f"--- stdout (tail) ---\n{tail(done.stdout)}\n--- stderr (tail) ---\n{tail(done.stderr)}"
    )
