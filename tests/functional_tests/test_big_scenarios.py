"""Big scenarios: a national exercise's MSEL of tens of thousands of injects is a scenario like any
other. It loads (the alias-bomb guard counts what aliases add, not what a file writes out),
validates under ``--strict`` and plays headless, while a true alias bomb is still refused with one
line and exit 2."""

from __future__ import annotations

import time
from pathlib import Path

from crisissim.cli import main
from crisissim.scenario.bulk import GROUP, bulk_scenario
from crisissim.scenario.loader import parse


def test_a_generated_scenario_of_30_000_injects_loads_without_a_problem() -> None:
    text = bulk_scenario(30_000)
    loaded = parse(text.encode("utf-8"), "big.yaml")
    assert loaded.problems == []
    assert loaded.scenario is not None and len(loaded.scenario.events) >= 30_000


def test_a_generated_scenario_validates_strictly_and_plays_headless(tmp_path: Path, capsys) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(bulk_scenario(500), encoding="utf-8")
    assert main(["validate", "--strict", str(path)]) == 0
    started = time.monotonic()
    assert main(["simulate", str(path), "--journal", str(tmp_path / "big.sqlite")]) == 0
    assert time.monotonic() - started < 120
    out = capsys.readouterr().out
    assert "EndEx" in out


def test_the_generator_is_the_same_for_the_same_size() -> None:
    assert bulk_scenario(10 * GROUP) == bulk_scenario(10 * GROUP)
    assert bulk_scenario(10 * GROUP) != bulk_scenario(11 * GROUP)


def test_a_true_alias_bomb_is_still_refused_with_one_line(tmp_path: Path, capsys) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "alias" in err[0] and "bomb.yaml" in err[0]
