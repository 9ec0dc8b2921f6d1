"""``crisissim verify``: is a journal as it was written? Every record against its hash and its exercise.

The hash chain (:mod:`crisissim.journal.chain`) finds records deleted, changed or added by hand;
reading each record through its type and against the journal's own scenario finds rows that are
no record of this exercise. Damaged pages are read around, so one bad byte is one problem, not
an unreadable journal.
"""

from __future__ import annotations

from pathlib import Path

from crisissim.debrief.fold import NotAnExercise, scenario_of
from crisissim.exercise.errors import BadInput
from crisissim.exercise.reports import Report
from crisissim.journal import JournalError, Record, open_store
from crisissim.journal.chain import verify
from crisissim.journal.validity import Fit

NO_CHAIN = (
    "carries no hash chain (journal schema 1, written by a crisissim before tamper evidence): "
    "whether records were deleted, changed or added cannot be told"
)


def verify_journal(location: Path | str) -> Report:
    """The verdict on the journal at ``location``; BadInput if it cannot be opened at all."""
    try:
        with open_store(location, readonly=True) as journal:
            try:
                fit: Fit | None = Fit(scenario_of(journal))
            except NotAnExercise:
                fit = None  # the chain still says whether anything changed

            def inspect(record: Record) -> str | None:
                try:
                    data = record.data
                except JournalError as exc:
                    return exc.what
                misfit = fit.misfit(record.role, data) if fit is not None else None
                return None if misfit is None else f"record {record.seq} ({record.kind}): {misfit}"

            return Report(journal.location, verify(journal, inspect))
    except JournalError as exc:
        raise BadInput(str(exc)) from None
