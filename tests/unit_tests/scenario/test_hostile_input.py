"""Hostile and broken scenario files: every one a located line, exit 2, nothing raw on the terminal.

The issue's examples (impossible dates, infinities, huge numbers, a NUL byte, ``null:`` as a key,
a 20 000-character value, bidirectional overrides), each with the line a scenario author sees.
"""

from __future__ import annotations

import pytest

from crisissim.cli import main
from tests.conftest import VALID, edit


def test_an_impossible_date_is_a_located_problem(problems_of):
    for start, why in (
        ("2026-02-30", "day is out of range for month"),
        ("2026-03-02T25:00:00", "hour must be in 0..23"),
        ("2026-13-02", "month must be in 1..12"),
    ):
        [problem] = problems_of(edit(VALID, "start: 2026-01-12T09:00:00+00:00", f"start: {start}"))
        assert problem.startswith(f"drill.yaml:7:8: error: start: '{start}' is not a real date or time ({why})")


def test_a_nul_byte_is_one_line_at_its_place(problems_of):
    text = edit(VALID, "title: Test drill", "title: Test\x00drill")
    [problem] = problems_of(text)
    assert problem.startswith("drill.yaml:3:12: error: file: the character \\x00 is not allowed")
    assert "\n" not in problem and "position" not in problem


def test_null_as_a_key_says_what_is_wrong(problems_of):
    [problem] = problems_of(edit(VALID, "seed: 5\n", "seed: 5\nnull: 3\n"))
    assert problem.startswith("drill.yaml:11:1: error: file: a key is empty ('null' before the ':'")
    assert "None" not in problem


def test_a_long_value_is_cut_to_a_line(problems_of):
    long_id = "X" * 20_000
    [problem] = problems_of(edit(VALID, "  - id: isolated\n", f"  - id: {long_id}\n"))
    assert len(problem) < 400
    assert "… (20000 characters)" in problem and "is not a valid id" in problem


def test_control_and_bidi_characters_are_shown_escaped(problems_of):
    text = edit(VALID, "kind: enquiry", 'kind: "\\u202eyriuqne\\x1b[2J"')
    [problem] = problems_of(text)
    assert "\u202e" not in problem and "\x1b" not in problem
    assert "'\\u202eyriuqne\\x1b[2J' is not allowed" in problem


def test_the_command_line_escapes_what_it_echoes(write_scenario, capsys):
    bad_role = '  "co\\u202emms\\x07": {name: Communications}'
    path = write_scenario(edit(VALID, "  comms: {name: Communications}", bad_role))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\u202e" not in err and "\x07" not in err and "Traceback" not in err
    assert "co\\u202emms\\x07" in err


@pytest.mark.parametrize("key", ["on", "yes", "2016"])
def test_keys_are_read_as_written(problems_of, key):
    [problem] = problems_of(edit(VALID, "seed: 5\n", f"seed: 5\n{key}: 3\n"))
    assert f"unknown field '{key}'" in problem


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("    at: 5m\n", "    at: .inf\n", "events[alert].at: inf is not a duration"),
        (
            "    at: 5m\n",
            "    at: 99999999999999999999\n",
            "events[alert].at: 99999999999999999999 is longer than 30 days",
        ),
        ("    at: 5m\n", "    at: 999999999d\n", "events[alert].at: 999999999d is longer than 30 days"),
        ("    at: 5m\n", "    at: 3" + "0" * 5000 + "\n", "events[#1].at: '30000"),
        ("duration: 2h", "duration: 99999999999999999999", "duration: 99999999999999999999 is longer than 30 days"),
        ("start: 2026-01-12T09:00:00+00:00", "start: 9999-12-31T23:59:00", "start: a start in the year 9999"),
        ("speed: 10", "speed: .inf", "speed: should be a finite number"),
        ("speed: 10", "speed: 1e9", "speed: the text '1e9' is out of range; it should be at most 100000.0"),
        ("seed: 5", "seed: 99999999999999999999", "seed: the number 99999999999999999999 is out of range"),
        (
            "peak: 10,",
            "peak: 1e9,",
            "rate.peak: the text '1e9' is out of range; it should be at most 600.0",
        ),
        (
            "rate: 0.5,",
            "rate: 1e12,",
            "reacts[#1].rate: the text '1e12' is out of range; it should be at most 100.0",
        ),
        (
            "angry-customer: 3,",
            "angry-customer: .nan,",
            "crowd.angry-customer: should be a finite number",
        ),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_infinities_and_huge_numbers_are_refused_at_validate(problems_of, old, new, what):
    problems = problems_of(edit(VALID, old, new))
    assert any(what in p for p in problems), problems
    assert all(len(p) < 400 for p in problems)


@pytest.mark.parametrize("at", [".inf", "99999999999999999999", "999999999d", "-5m"])
def test_a_playbook_with_an_impossible_time_is_refused_with_its_line(write_scenario, tmp_path, capsys, at):
    scenario = write_scenario(VALID)
    book = tmp_path / "team.yaml"
    book.write_text(
        f"playbook: 1\nactions:\n  - {{at: {at}, role: it, action: choose, event: alert, option: isolate}}\n"
    )
    assert main(["simulate", str(scenario), "--playbook", str(book), "--journal", str(tmp_path / "j.sqlite")]) == 2
    err = capsys.readouterr().err
    [line] = err.splitlines()
    assert line.startswith(f"{book}:3:") and "actions[#1].at:" in line
    assert not (tmp_path / "j.sqlite").exists()


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["--seed", "99999999999999999999"], "--seed is a whole number from"),
        (["--speed", "inf"], "--speed is at most 100000"),
        (["--speed", "1e400"], "--speed is at most 100000"),
        (["--seed", "1" * 5000], "is not a whole number"),
    ],
)
def test_command_line_numbers_are_bounded(tmp_path, capsys, argv, what):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "first-hour-quickstart", "--journal", str(tmp_path / "j.sqlite"), *argv])
    assert stop.value.code == 2
    [*_, line] = capsys.readouterr().err.splitlines()
    assert what in line and len(line) < 300


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            "    expects:\n      - {id: decide",
            "    expects: .inf\n    x:\n      - {id: decide",
            "events[alert].expects:",
        ),
        ("events:\n  - id: alert", "events: 5\nx:\n  - id: alert", "events: should be a non-empty list of events"),
    ],
    ids=["expects", "events"],
)
def test_a_number_where_a_list_belongs_is_a_problem_not_a_crash(problems_of, old, new, what):
    """Found by the fuzzer: ``expects: .inf`` ended in exit 1 ("'float' object is not iterable")."""
    problems = problems_of(edit(VALID, old, new))
    assert any(what in p for p in problems), problems
