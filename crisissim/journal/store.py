"""The journal's names as they were before the store interface: ``Journal`` is the SQLite journal.

``from crisissim.journal.store import Journal, JournalError, Record`` keeps working, with the very
same classes: :class:`~crisissim.journal.sqlite.SQLiteJournal` (the backend, in
:mod:`crisissim.journal.sqlite`) and the shared :class:`~crisissim.journal.interface.Record` and
:class:`~crisissim.journal.interface.JournalError`. New code that does not need SQLite itself
types against :class:`crisissim.journal.interface.Store` and opens with
:func:`crisissim.journal.open_store`.
"""

from __future__ import annotations

from crisissim.journal.interface import JournalError, Record
from crisissim.journal.schema import APPLICATION_ID, SCHEMA_VERSION
from crisissim.journal.sqlite import SQLiteJournal

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Journal", "JournalError", "Record", "SQLiteJournal"]

Journal = SQLiteJournal
"""The SQLite journal, by the name most callers know it: ``Journal.create(path, meta)``, ``Journal.open(path)``."""
