"""Writing a debrief to a file: the one place that turns a journal into report files.

A report holds what participants wrote and what the breach exposed, as the journal does, so it
is written as the journal is kept: mode 0600, and never half. The text goes to a temporary file
beside the target (same folder, so the rename cannot cross filesystems), is flushed to disk, and
only then replaces the target with ``os.replace``: a full disk or a crash leaves the old report
(or none), never a truncated one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from crisissim.debrief.fold import Debrief, fold
from crisissim.debrief.report import render_html, render_markdown
from crisissim.debrief.summary import as_json
from crisissim.debrief.whatif import WhatIf
from crisissim.journal import Store
from crisissim.journal.backends import journal_name
from crisissim.journal.chain import Verdict

FORMATS = ("html", "md", "json")
#: Formats written for paper, by ``crisissim report`` alone: bytes, not text.
PRINTED = ("pdf",)
DEFAULT_FOLDER = Path("reports")
REPORT_MODE = 0o600
"""A report's permissions: its owner's alone, like the journal it is made from."""


class ReportError(Exception):
    """A report that cannot be written where it was asked for, in one line: ``{target}: error: report: {what}``."""

    def __init__(self, target: Path, what: str) -> None:
        self.target, self.what = target, what
        super().__init__(f"{target}: error: report: {what}")


def render_printed(debrief: Debrief, fmt: str, *, anonymous: bool = False) -> bytes:
    """The report of a folded journal in a format for paper (:data:`PRINTED`)."""
    if fmt == "pdf":
        from crisissim.debrief.pdf import html_to_pdf

        return html_to_pdf(render_html(debrief, anonymous=anonymous))
    raise ValueError(f"unknown printed report format '{fmt}'")


def render(debrief: Debrief, fmt: str, *, anonymous: bool = False, whatifs: Sequence[WhatIf] = ()) -> str:
    """The report of a folded journal in one format; ``whatifs``, its counterfactuals, add a
    section (and, in JSON, a ``whatifs`` list beside the debrief's own keys)."""
    if fmt == "json":
        data = as_json(debrief)
        if whatifs:
            data["whatifs"] = [w.as_json() for w in whatifs]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render_html(debrief, anonymous=anonymous, whatifs=whatifs)
    if fmt == "md":
        return render_markdown(debrief, anonymous=anonymous, whatifs=whatifs)
    raise ValueError(f"unknown report format '{fmt}'")


def folded_report(journal: Store, fmt: str, *, anonymous: bool = False) -> tuple[str, Verdict]:
    """The report's text, and the journal's verdict (what could not be read, whether it is intact)."""
    debrief = fold(journal)
    return render(debrief, fmt, anonymous=anonymous), debrief.journal


def folded_document(journal: Store, fmt: str, *, anonymous: bool = False) -> tuple[str | bytes, Verdict]:
    """The report's text or, for paper (:data:`PRINTED`), its bytes; and the journal's verdict."""
    if fmt not in PRINTED:
        return folded_report(journal, fmt, anonymous=anonymous)
    debrief = fold(journal)
    return render_printed(debrief, fmt, anonymous=anonymous), debrief.journal


def report_text(journal: Store, fmt: str, *, anonymous: bool = False) -> str:
    return folded_report(journal, fmt, anonymous=anonymous)[0]


def default_target(journal_path: Path | str, fmt: str, folder: Path = DEFAULT_FOLDER) -> Path:
    return folder / f"{journal_name(journal_path)}.{fmt}"


def check_target(target: Path) -> None:
    """Refuse, before a journal is folded, a target that can never be a report file: a folder."""
    if target.is_dir():
        raise ReportError(target, f"is a folder; give a file name, e.g. -o {target / 'report.html'}")


def save_report(journal: Store, target: Path, fmt: str, *, anonymous: bool = False) -> tuple[Path, Verdict]:
    """Write the report to ``target`` (atomically, 0600); the path and the journal's verdict."""
    check_target(target)
    text, verdict = folded_document(journal, fmt, anonymous=anonymous)
    write_private(target, text)
    return target, verdict


def write_report(journal: Store, target: Path, fmt: str, *, anonymous: bool = False) -> Path:
    return save_report(journal, target, fmt, anonymous=anonymous)[0]


def write_private(target: Path, text: str | bytes) -> None:
    """``text`` into ``target`` as a whole or not at all, readable by its owner only; :class:`ReportError` if not."""
    check_target(target)
    folder = target.parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ReportError(target, f"cannot be written: {blocker} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(target, f"cannot be written: its folder cannot be made ({_why(exc)})") from None
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")  # mode 0600
    except OSError as exc:
        raise ReportError(target, f"cannot be created ({_why(exc)}); nothing was written") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), REPORT_MODE)
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if exc.errno == errno.EISDIR or target.is_dir():
            raise ReportError(target, f"is a folder; give a file name, e.g. -o {target / 'report.html'}") from None
        raise ReportError(target, f"cannot be written ({_why(exc)}); nothing was written") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: {exc.strerror}"
    return exc.strerror or str(exc)
