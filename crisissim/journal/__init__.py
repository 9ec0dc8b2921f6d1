"""The event store: every fact of an exercise, appended to a journal before anyone sees it.

:class:`Store` is what the rest of crisissim needs from a journal; :func:`open_store` and
:func:`create_store` open one from a path or URL (an SQLite file, or an exercise in a PostgreSQL
database: :mod:`crisissim.journal.postgres`). ``Journal`` is the SQLite journal itself. Imports only
the scenario layer (ids and types). See shared/design/architecture.md.
"""

from crisissim.journal.backends import create_store, open_store
from crisissim.journal.interface import JournalError, Record, Store, readable
from crisissim.journal.sqlite import SQLiteJournal
from crisissim.journal.store import SCHEMA_VERSION, Journal

__all__ = [
    "SCHEMA_VERSION",
    "Journal",
    "JournalError",
    "Record",
    "SQLiteJournal",
    "Store",
    "create_store",
    "open_store",
    "readable",
]
