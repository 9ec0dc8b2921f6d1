"""The journals named after another: ``x.sqlite`` has ``x.a.sqlite`` beside it, exercise ``x`` has ``x.a``.

A many-team exercise keeps no journal at its own location, only its teams' (see
crisissim/exercise/teams.py), so a command given that location (``report BASE --teams``) needs
to find them. This looks, without opening any journal, for the locations whose name is the given
one's with ``.SOMETHING`` added: files beside it, or exercises of the same PostgreSQL database.
"""

from __future__ import annotations

import os
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from crisissim.journal.backends import is_postgres, sqlite_path
from crisissim.journal.interface import JournalError

#: Between a journal's name and the name of a journal named after it.
SEPARATOR = "."
_MOST = 1000
"""More names than any exercise has teams (crisissim.scenario.teams.MAX_TEAMS is 200)."""


def named_after(location: str | os.PathLike[str]) -> list[str]:
    """The locations of the journals named after the one at ``location``, oldest first for
    PostgreSQL, by name for files; [] if none. JournalError if the database cannot be reached."""
    text = os.fspath(location)
    if is_postgres(text):
        return _exercises_after(text)
    path = sqlite_path(text, "cannot be opened")
    suffix = path.suffix
    stem = path.name[: -len(suffix)] if suffix else path.name
    folder = path.parent
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.glob(f"{_glob_escape(stem)}{SEPARATOR}*{suffix or '.sqlite'}") if p.is_file())
    head = text[: len(text) - len(path.name)] if text.endswith(path.name) else f"{folder}{os.sep}"
    return [head + p.name for p in found[:_MOST]]


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _exercises_after(location: str) -> list[str]:
    import psycopg  # only for a PostgreSQL URL

    from crisissim.journal.postgres import PostgresLocation, _connect

    where = PostgresLocation.parse(location, "cannot be opened")
    prefix = where.exercise + SEPARATOR
    conn = _connect(where, "cannot be opened", readonly=True, busy_timeout=5.0)
    try:
        if conn.execute("SELECT to_regclass('crisissim.exercises')").fetchone() == (None,):
            return []
        rows = conn.execute(
            "SELECT exercise FROM crisissim.exercises WHERE left(exercise, %s) = %s ORDER BY id LIMIT %s",
            (len(prefix), prefix, _MOST),
        ).fetchall()
    except psycopg.Error as exc:
        raise JournalError(where.shown, f"cannot be opened: cannot read the database's exercises ({exc})") from None
    finally:
        conn.close()
    return [with_exercise(location, str(row[0])) for row in rows]


def with_exercise(location: str, exercise: str) -> str:
    """A PostgreSQL journal location with its ``exercise`` parameter set to ``exercise``, every
    other part as it was (a location naming no exercise is returned as it is)."""
    parts = urlsplit(location)
    query = []
    for item in parts.query.split("&") if parts.query else []:
        key, _, _value = item.partition("=")
        if unquote(key) == "exercise":
            item = f"{key}={quote(exercise, safe='')}"
        query.append(item)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(query), parts.fragment))
