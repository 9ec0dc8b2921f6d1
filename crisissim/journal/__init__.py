"""The event store: every fact of an exercise, appended to SQLite before anyone sees it.

Imports only the scenario layer (ids and types). See shared/design/architecture.md.
"""

from crisissim.journal.store import SCHEMA_VERSION, Journal, JournalError, Record

__all__ = ["SCHEMA_VERSION", "Journal", "JournalError", "Record"]
