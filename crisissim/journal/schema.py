"""The journal's file format: what marks a file as ours, its tables, and the triggers that keep it append-only.

Kept apart from :mod:`crisissim.journal.store` so that the format can be read in one screen: a
debrief written years from now must still know what schema 1 was.

- Schema 1: ``records(seq, sim, wall, kind, role, payload)``.
- Schema 2: the same, and ``hash``: each record's SHA-256 link in the journal's hash chain
  (:mod:`crisissim.journal.chain`). Schema-1 journals still read, and a resumed one goes on
  without hashes (it has no column for them); ``crisissim verify`` says they carry no chain.
- Schema 3: the same tables; each record's link hashes the bytes it is stored as (its seq, times
  and payload as they are, no float formatted to decimal: ``crisissim.journal.chain.link``). A
  schema-2 journal keeps its own link (``chain.link_text``) when it is verified or resumed.
"""

from __future__ import annotations

SCHEMA_VERSION = 3
"""Stored as ``PRAGMA user_version``; a journal with a higher number was written by a newer crisissim."""

CHAINED_SINCE = 2
"""The first schema whose records carry the hash chain."""

BYTES_CHAINED_SINCE = 3
"""The first schema whose chain hashes the stored bytes (``chain.link``) rather than a formatted text."""

APPLICATION_ID = 0x4353494D
"""``PRAGMA application_id`` ("CSIM"): tells a crisissim journal from any other SQLite file, even by ``file(1)``."""

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database; checked before SQLite sees the file."""

APPEND_ONLY = "the journal is append-only"

TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE records ("
    " seq INTEGER PRIMARY KEY,"
    " sim REAL NOT NULL,"
    " wall REAL NOT NULL,"
    " kind TEXT NOT NULL,"
    " role TEXT,"
    " payload TEXT NOT NULL,"
    " hash TEXT)",
    "CREATE INDEX records_kind ON records (kind)",
)

# Created after the meta rows are written: from then on nothing may change or vanish.
# INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers (recursive_triggers is
# off by default), so inserts that would land on an existing seq, and any later meta insert, are
# refused too.
TRIGGERS = tuple(
    f"CREATE TRIGGER {name} BEFORE {event} ON {table}{when} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for name, event, table, when in (
        ("records_no_update", "UPDATE", "records", ""),
        ("records_no_delete", "DELETE", "records", ""),
        ("records_no_replace", "INSERT", "records", " WHEN EXISTS (SELECT 1 FROM records WHERE seq = NEW.seq)"),
        ("meta_no_update", "UPDATE", "meta", ""),
        ("meta_no_delete", "DELETE", "meta", ""),
        ("meta_no_insert", "INSERT", "meta", ""),
    )
)
