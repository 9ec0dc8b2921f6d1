"""The commands as a user runs them: exit codes, one line per problem, never a traceback."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from crisissim.scenario.library import DEFAULT_SCENARIO, builtin_scenarios
from tests.conftest import VALID, edit


def crisissim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisissim", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_version():
    result = crisissim("--version")
    assert result.returncode == 0 and result.stdout.startswith("crisissim ")


def test_version_and_help_import_nothing_heavy():
    """--version must answer at once: the CLI module may not pull in Textual, pydantic or Faker."""
    code = (
        "import sys, crisissim.cli; heavy = [m for m in ('textual', 'pydantic', 'faker', 'jinja2', 'networkx', "
        "'rich', 'yaml') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_list_shows_the_library():
    result = crisissim("list")
    assert result.returncode == 0
    for scenario_id in builtin_scenarios():
        assert scenario_id[:20] in result.stdout
    [default_row] = [line for line in result.stdout.splitlines() if DEFAULT_SCENARIO in line]
    assert "*" in default_row.split(DEFAULT_SCENARIO)[0]


def test_every_builtin_is_strict_valid():
    result = crisissim("validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count(": ok (") == len(builtin_scenarios()) >= 4


@pytest.mark.parametrize("scenario_id", sorted(builtin_scenarios()))
def test_timeline_prints_each_builtin(scenario_id):
    result = crisissim("timeline", scenario_id)
    assert result.returncode == 0, result.stderr
    assert "T+0:" in result.stdout


def test_timeline_csv_has_msel_columns(tmp_path):
    target = tmp_path / "msel.csv"
    result = crisissim("timeline", DEFAULT_SCENARIO, "--csv", str(target))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "#",
        "scenario time",
        "title",
        "description",
        "from",
        "to",
        "method",
        "expected action",
        "controller notes",
        "objectives",
    ]
    assert len(rows) > 10
    assert rows[1][1].startswith("T+")


def test_bad_scenario_gets_exit_2_and_lines_without_traceback(tmp_path):
    path = tmp_path / "drill.yaml"
    text = edit(VALID, "speed: 10", "speed: fast")
    path.write_text(edit(text, "to: [it, dpo]", "to: [it, dpoo]"), encoding="utf-8")
    result = crisissim("validate", str(path))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{path}:") and ": error: " in line for line in lines)
    assert "Traceback" not in result.stderr


def test_strict_turns_warnings_into_errors(tmp_path):
    path = tmp_path / "drill.yaml"
    path.write_text(edit(VALID, "  it: {name: IT}", "  it: {name: IT}\n  legal: {name: Legal}"), encoding="utf-8")
    assert crisissim("validate", str(path)).returncode == 0
    strict = crisissim("validate", "--strict", str(path))
    assert strict.returncode == 2
    assert ": error: roles.legal:" in strict.stderr


def test_missing_file_and_unknown_id():
    result = crisissim("validate", "no-such-file.yaml")
    assert result.returncode == 2 and "no-such-file.yaml:1:1: error: file: cannot be read" in result.stderr
    result = crisissim("timeline", "no-such-scenario")
    assert result.returncode == 2
    assert "no built-in scenario has this id" in result.stderr and "Traceback" not in result.stderr


def test_room_refuses_a_missing_or_bad_journal_in_one_line(tmp_path):
    missing = crisissim("room", str(tmp_path / "no-such.sqlite"))
    assert missing.returncode == 2
    assert missing.stderr == f"{tmp_path / 'no-such.sqlite'}: error: journal: does not exist\n"
    (tmp_path / "notes.txt").write_text("not a journal", encoding="utf-8")
    bad = crisissim("room", str(tmp_path / "notes.txt"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and ": error: journal: " in bad.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not a journal"


def test_usage_error_is_exit_2():
    result = crisissim("timeline", "--nonsense")
    assert result.returncode == 2 and "usage:" in result.stderr


def test_new_writes_a_scaffold_that_validates_strictly(tmp_path):
    result = crisissim("new", "water-utility-leak", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "water-utility-leak.yaml"
    assert target.exists()
    check = crisissim("validate", "--strict", str(target))
    assert check.returncode == 0, check.stderr
    again = crisissim("new", "water-utility-leak", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_refuses_a_bad_id(tmp_path):
    result = crisissim("new", "Water Leak", cwd=tmp_path)
    assert result.returncode == 2 and not list(tmp_path.iterdir())


def test_timeline_paths_lists_every_branch_path():
    result = crisissim("timeline", "first-hour-quickstart", "--paths")
    assert result.returncode == 0, result.stderr
    assert "distinct paths" in result.stdout and "holding missed" in result.stdout


def test_import_msel_writes_a_scenario_that_validates(tmp_path):
    sheet = tmp_path / "drill.csv"
    sheet.write_text(
        "Tabletop drill\n\n#;T+;Title;Description;From;To;Method;Expected action\n"
        "1;0:05;Alert;Forty gigabytes left;SOC;IT;email;reply within 15 minutes\n"
        "2;soon;Broken;x;y;IT;phone;\n"
        "3;0:30;Reporter calls;Is it true?;Courier;Communications;phone;statement binnen 30 minuten\n",
        encoding="utf-8",
    )
    target = tmp_path / "drill.yaml"
    result = crisissim("import-msel", str(sheet), "-o", str(target))
    assert result.returncode == 2  # one row could not be read: said, and the rest imported
    assert f"{sheet}:5:2: error: row 5: scenario time" in result.stderr
    assert "2 events imported" in result.stdout
    check = crisissim("validate", str(target))
    assert check.returncode == 0, check.stderr
    again = crisissim("import-msel", str(sheet), "-o", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr
