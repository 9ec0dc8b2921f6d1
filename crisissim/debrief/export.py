"""Writing a debrief to a file: the one place that turns a journal into report files."""

from __future__ import annotations

import json
from pathlib import Path

from crisissim.debrief.summary import summarise
from crisissim.journal import Journal

FORMATS = ("json",)
DEFAULT_FOLDER = Path("reports")


def report_text(journal: Journal, fmt: str) -> str:
    if fmt != "json":
        raise ValueError(f"unknown report format '{fmt}'")
    return json.dumps(summarise(journal), ensure_ascii=False, indent=2) + "\n"


def default_target(journal_path: Path, fmt: str, folder: Path = DEFAULT_FOLDER) -> Path:
    return folder / f"{Path(journal_path).stem}.{fmt}"


def write_report(journal: Journal, target: Path, fmt: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_text(journal, fmt), encoding="utf-8")
    return target
