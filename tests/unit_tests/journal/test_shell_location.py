"""The commands crisissim prints to continue a journal (``crisissim resume ...``, ``room``,
``report``) must work when pasted into a shell in another folder: a path made absolute, a URL kept,
both quoted where the shell would otherwise read them differently."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from crisissim.journal.backends import shell_location


def test_a_relative_path_becomes_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert shell_location("runs/drill.sqlite") == str(tmp_path / "runs" / "drill.sqlite")


def test_a_path_with_a_space_is_one_word(tmp_path: Path):
    where = tmp_path / "oefening maart" / "journal.sqlite"
    assert shlex.split(f"crisissim resume {shell_location(where)}") == ["crisissim", "resume", str(where)]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://crisissim@db.example.org/exercises?exercise=team-a",
        "postgres://u@localhost:5433/x?exercise=rijnoord&sslmode=require",
    ],
)
def test_a_postgresql_url_is_kept_and_quoted_against_glob_and_background(url: str):
    said = shell_location(url)
    assert said.startswith("'") and shlex.split(f"crisissim resume {said}") == ["crisissim", "resume", url]
