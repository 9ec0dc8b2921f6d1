"""The after-action report of a journal: which format, and the report as text or as a file.

The format is resolved on its own so that ``simulate --report x.pdf`` is refused before anything
is played, not after an hour of it.
"""

from __future__ import annotations

from pathlib import Path

from crisissim.debrief.export import FORMATS, default_target, report_text, write_report
from crisissim.debrief.summary import NotAnExercise
from crisissim.exercise.errors import BadInput
from crisissim.journal import JournalError, open_store

#: Other spellings of a format, as file extensions have them.
_ALIASES = {"markdown": "md", "htm": "html"}


def report_format(output: str | None, fmt: str | None = None) -> str:
    """The format a report will have: ``fmt`` if given, else from ``output``'s extension, else HTML.

    ``output`` '-' (stdout) or None (the default file) means HTML. BadInput for a format this
    version does not write."""
    if fmt is None:
        suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else "html"
        fmt = _ALIASES.get(suffix, suffix) or "html"
    if fmt not in FORMATS:
        raise BadInput(f"{output}: error: report: unknown format '{fmt}'; this version writes: {', '.join(FORMATS)}")
    return fmt


def render_report(journal_path: Path | str, fmt: str, *, anonymous: bool = False) -> str:
    """The report of the journal at ``journal_path`` as text (for stdout).

    BadInput if the journal cannot be read or holds no exercise."""
    try:
        with open_store(journal_path, readonly=True) as journal:
            return report_text(journal, fmt, anonymous=anonymous)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    except NotAnExercise as exc:
        raise BadInput(f"{journal_path}: error: journal: {exc}") from None


def save_report(journal_path: Path | str, output: str | None, fmt: str, *, anonymous: bool = False) -> Path:
    """Write the report of the journal at ``journal_path`` to ``output`` (None: ``reports/<journal>.<fmt>``).

    Returns the file written. BadInput if the journal cannot be read or holds no exercise."""
    try:
        with open_store(journal_path, readonly=True) as journal:
            target = Path(output) if output else default_target(journal_path, fmt)
            return write_report(journal, target, fmt, anonymous=anonymous)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    except NotAnExercise as exc:
        raise BadInput(f"{journal_path}: error: journal: {exc}") from None
