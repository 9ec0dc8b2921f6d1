"""Writing a debrief to a file: the one place that turns a journal into report files."""

from __future__ import annotations

import json
from pathlib import Path

from crisissim.debrief.fold import fold
from crisissim.debrief.report import render_html, render_markdown
from crisissim.debrief.summary import as_json
from crisissim.journal import Store

FORMATS = ("html", "md", "json")
DEFAULT_FOLDER = Path("reports")


def report_text(journal: Store, fmt: str, *, anonymous: bool = False) -> str:
    debrief = fold(journal)
    if fmt == "json":
        return json.dumps(as_json(debrief), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render_html(debrief, anonymous=anonymous)
    if fmt == "md":
        return render_markdown(debrief, anonymous=anonymous)
    raise ValueError(f"unknown report format '{fmt}'")


def default_target(journal_path: Path | str, fmt: str, folder: Path = DEFAULT_FOLDER) -> Path:
    return folder / f"{Path(journal_path).stem}.{fmt}"


def write_report(journal: Store, target: Path, fmt: str, *, anonymous: bool = False) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_text(journal, fmt, anonymous=anonymous), encoding="utf-8")
    return target
