"""The debrief JSON of the built-in scenarios is the same as recorded (wall time aside).

Refactors of the engine, the journal's records or the fold must not change what a debrief says;
``bench/debrief_identity.py --write`` records new copies when a change of behaviour is meant.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("debrief_identity", ROOT / "bench" / "debrief_identity.py")
assert _spec is not None and _spec.loader is not None
identity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(identity)


@pytest.mark.parametrize(("name", "scenario_id", "playbook"), identity.cases(), ids=lambda v: str(v))
def test_debrief_json_is_as_recorded(name: str, scenario_id: str, playbook: Path | None, tmp_path: Path) -> None:
    recorded = (identity.GOLDEN / f"{name}.json").read_text(encoding="utf-8")
    assert identity.debrief_json(scenario_id, playbook, tmp_path) == recorded
