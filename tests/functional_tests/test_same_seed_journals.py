"""Two runs of every built-in scenario with the same seed write the same journal, record for
record, template outputs and generated posts included: only the wall-clock column differs.

The runs are separate processes with different hash seeds, so nothing that depends on the
process (set order, object addresses, the computer's clock) can hide in the journal.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crisissim.scenario.library import builtin_scenarios

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"


def records(journal: Path) -> list[tuple[Any, ...]]:
    """Every record but its wall-clock time: (seq, sim, kind, role, payload)."""
    conn = sqlite3.connect(f"{journal.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT seq, sim, kind, role, payload FROM records ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [(seq, sim, kind, role, json.loads(payload)) for seq, sim, kind, role, payload in rows]


def two_runs(tmp_path: Path, scenario: str, *extra: str) -> tuple[Path, Path]:
    """Both runs at once (they share nothing), each with its own hash seed."""
    journals = (tmp_path / "a.sqlite", tmp_path / "b.sqlite")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "crisissim", "simulate", scenario, "--seed", "2016", "--journal", str(j), *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"PYTHONHASHSEED": str(k + 1)},
        )
        for k, j in enumerate(journals)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    return journals


@pytest.mark.parametrize("scenario", sorted(builtin_scenarios()))
def test_same_seed_same_journal(tmp_path, scenario):
    first, second = (records(j) for j in two_runs(tmp_path, scenario))
    assert len(first) > 10
    assert first == second
    fired = [payload for _, _, kind, _, payload in first if kind == "fired"]
    assert fired and all("<bound method" not in p.get("body", "") for p in fired)


def test_same_seed_same_journal_with_a_team(tmp_path):
    """A team's actions set off the branches, enquiries and storm reactions a silent run never meets."""
    first, second = (records(j) for j in two_runs(tmp_path, "rijnoord-ransomware", "--playbook", str(PLAYBOOK)))
    assert any(kind == "action" for _, _, kind, _, _ in first)
    assert first == second
