"""The after-action report of a journal: which format, and the report as text or as a file.

The format is resolved on its own so that ``simulate --report x.pdf`` is refused before anything
is played, not after an hour of it. A journal that cannot be read whole still gets its report:
what could be read, with what was lost and whether the journal is intact said in the report and
returned (:class:`Report`) for the command line to say too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crisissim.debrief import export
from crisissim.debrief.export import (
    FORMATS,
    PRINTED,
    ReportError,
    check_target,
    default_target,
    folded_document,
)
from crisissim.debrief.summary import NotAnExercise
from crisissim.exercise.errors import BadInput
from crisissim.journal import JournalError, open_store
from crisissim.journal.chain import Verdict

#: Other spellings of a format, as file extensions have them.
_ALIASES = {"markdown": "md", "htm": "html"}


@dataclass(frozen=True)
class Report:
    """A report made: its text (for stdout) or the file written, and the journal's verdict."""

    location: str
    """The journal, as it was named."""
    verdict: Verdict
    text: str | bytes = ""
    path: Path | None = None

    @property
    def problems(self) -> list[str]:
        """One line per problem of the journal (``JOURNAL: error: journal: record 57 ...``), empty if none."""
        return [f"{self.location}: error: journal: {p.line()}" for p in self.verdict.problems]


def report_format(output: str | None, fmt: str | None = None, *, printed: bool = False) -> str:
    """The format a report will have: ``fmt`` if given, else from ``output``'s extension, else HTML.

    ``output`` '-' (stdout) or None (the default file) means HTML. BadInput for a format this
    version does not write; ``printed``: a format for paper (PDF) is welcome too."""
    if fmt is None:
        suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else "html"
        fmt = _ALIASES.get(suffix, suffix) or "html"
    known = FORMATS + PRINTED if printed else FORMATS
    if fmt not in known:
        raise BadInput(f"{output}: error: report: unknown format '{fmt}'; this version writes: {', '.join(known)}")
    return fmt


def render_report(journal_path: Path | str, fmt: str, *, anonymous: bool = False) -> Report:
    """The report of the journal at ``journal_path`` as text (for stdout).

    BadInput if the journal cannot be opened or holds no exercise."""
    try:
        with open_store(journal_path, readonly=True) as journal:
            text, verdict = folded_document(journal, fmt, anonymous=anonymous)
            return Report(journal.location, verdict, text=text)
    except JournalError as exc:
        raise BadInput(str(exc)) from None
    except NotAnExercise as exc:
        raise BadInput(f"{journal_path}: error: journal: {exc}") from None


def save_report(journal_path: Path | str, output: str | None, fmt: str, *, anonymous: bool = False) -> Report:
    """Write the report of the journal at ``journal_path`` to ``output`` (None: ``reports/<journal>.<fmt>``).

    The file is written whole or not at all, mode 0600. BadInput if the journal cannot be opened
    or holds no exercise, or the report cannot be written there (a folder, no permission, a full
    disk), each in one line."""
    target = Path(output) if output else default_target(journal_path, fmt)
    try:
        check_target(target)
        with open_store(journal_path, readonly=True) as journal:
            path, verdict = export.save_report(journal, target, fmt, anonymous=anonymous)
            return Report(journal.location, verdict, path=path)
    except (JournalError, ReportError) as exc:
        raise BadInput(str(exc)) from None
    except NotAnExercise as exc:
        raise BadInput(f"{journal_path}: error: journal: {exc}") from None
