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
