"""Opening a journal from where it is: a file path, or a URL whose scheme names the backend.

``runs/drill.sqlite``, ``sqlite:///abs/runs/drill.sqlite`` and ``sqlite:runs/drill.sqlite`` are
SQLite journals; ``postgresql://user@host/db?exercise=NAME`` (or ``postgres://``) is one exercise in
a PostgreSQL database (:mod:`crisissim.journal.postgres`, imported only when such a URL is given);
any other URL scheme is refused with one line. A new backend adds its scheme here and a class that implements
:class:`crisissim.journal.interface.Store` (see docs/journal.md, "The store interface and backends").
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

from crisissim.journal.interface import JournalError, Store
from crisissim.journal.sqlite import SQLiteJournal

__all__ = ["create_store", "is_postgres", "journal_name", "open_store", "shell_location", "sqlite_path"]

# A scheme as RFC 3986 spells it, at the start. "sqlite:" always means a URL; another scheme only
# when "//" follows (every URL a journal could live at has one), so "notes:v2.sqlite" stays a file.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")
_PASSWORD = re.compile(r"^([^:/?#]+://[^/?#@:]*):[^/?#]*@")
_SQLITE_FORMS = "sqlite:///absolute/path.sqlite or sqlite:relative/path.sqlite"


def open_store(location: str | os.PathLike[str], *, readonly: bool = False, busy_timeout: float = 5.0) -> Store:
    """The existing journal at ``location`` (a path or a URL), checked before anything can write to it.

    ``readonly`` opens it for reading only; ``busy_timeout`` is how many seconds to wait for another
    writer. Every refusal is a :class:`JournalError`.
    """
    if is_postgres(location):
        from crisissim.journal.postgres import PostgresJournal

        return PostgresJournal.open(os.fspath(location), readonly=readonly, busy_timeout=busy_timeout)
    path = sqlite_path(location, "cannot be opened")
    journal = SQLiteJournal.open(path, readonly=readonly, busy_timeout=busy_timeout)
    journal.location = os.fspath(location)
    return journal


def create_store(location: str | os.PathLike[str], meta: Mapping[str, str], *, busy_timeout: float = 5.0) -> Store:
    """A new, empty journal at ``location`` holding ``meta``; refuses if one (or anything) is there already."""
    if is_postgres(location):
        from crisissim.journal.postgres import PostgresJournal

        return PostgresJournal.create(os.fspath(location), meta, busy_timeout=busy_timeout)
    path = sqlite_path(location, "cannot be created")
    journal = SQLiteJournal.create(path, meta, busy_timeout=busy_timeout)
    journal.location = os.fspath(location)
    return journal


def shell_location(location: str | os.PathLike[str]) -> str:
    """A journal's location as a command typed in another terminal, in another folder, can take it:
    a path made absolute, a URL as it is, either quoted for the shell (a PostgreSQL URL's ``?`` and
    ``&`` would otherwise be a glob and a background job)."""
    text = os.fspath(location)
    if not text.startswith("sqlite:") and not is_postgres(text):  # a URL is the same from any folder
        text = str(Path(text).resolve())
    return shlex.quote(text)


def is_postgres(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is a ``postgresql://`` or ``postgres://`` URL (a PostgreSQL journal)."""
    if not isinstance(location, str):
        return False
    match = _SCHEME.match(location)
    return (
        match is not None
        and match[1].lower() in ("postgresql", "postgres")
        and location[match.end() :].startswith("//")
    )


def journal_name(location: str | os.PathLike[str]) -> str:
    """A short name for the journal, fit for a file name beside it (a report): the exercise, or the file's stem."""
    if is_postgres(location):
        from crisissim.journal.postgres import PostgresLocation

        try:
            return PostgresLocation.parse(os.fspath(location), "cannot be named").exercise
        except JournalError:
            return "journal"
    if isinstance(location, str) and (match := _SCHEME.match(location)) and match[1].lower() == "sqlite":
        location = location[match.end() :].lstrip("/") or "journal"
    return Path(location).stem


def sqlite_path(location: str | os.PathLike[str], doing: str = "cannot be opened") -> Path:
    """The file a location names, or a :class:`JournalError` (``{doing}: ...``) saying why it names none.

    A plain path (or ``os.PathLike``) is that file. ``sqlite:///abs/path`` is an absolute path and
    ``sqlite:rel/path`` a relative one, percent-escapes decoded; a URL with another scheme is
    refused, its password left out of the message.
    """
    if not isinstance(location, str):
        return Path(location)
    match = _SCHEME.match(location)
    if match is None:
        return Path(location)
    scheme, rest = match[1].lower(), location[match.end() :]
    if scheme != "sqlite":
        if not rest.startswith("//"):
            return Path(location)
        raise JournalError(
            _without_password(location),
            f"{doing}: journals at {scheme!r} URLs are not supported by this crisissim; give a file path (.sqlite) "
            "or a postgresql:// URL",
        )
    if "?" in rest or "#" in rest:
        raise JournalError(location, f"{doing}: a sqlite: URL takes no options (? or #); give {_SQLITE_FORMS}")
    if rest.startswith("//"):
        host, _, tail = rest[2:].partition("/")
        if host:
            raise JournalError(location, f"{doing}: a sqlite: URL names a file on this machine; give {_SQLITE_FORMS}")
        rest = "/" + tail
    path = unquote(rest)
    if not path.strip("/"):
        raise JournalError(location, f"{doing}: the sqlite: URL names no file; give {_SQLITE_FORMS}")
    return Path(path)


def _without_password(location: str) -> str:
    """The URL with its password (if any) replaced by ``***``, fit to print in a message or a log."""
    return _PASSWORD.sub(r"\1:***@", location, count=1)
