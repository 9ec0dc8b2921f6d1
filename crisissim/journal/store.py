"""The journal: one SQLite file per exercise run, appended to and never rewritten.

The journal is the exercise (shared/design/architecture.md): the engine appends every fact here
*before* anyone sees it, and screens, seats in other processes, a resumed run and the debrief all
read from it. So this module is careful about three things:

* nothing in it can change what was written: tables are guarded by triggers, and a file that is
  not ours, newer than us or damaged is refused with one line, without writing a byte to it;
* durability is explicit: :meth:`Journal.append` only buffers in the open transaction, and
  :meth:`Journal.commit` is the moment a fact becomes true;
* many readers, one writer: WAL mode lets seats tail a live exercise while the engine writes, and a
  side lock file makes sure only one process *plays* a journal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from crisissim import __version__
from crisissim.journal import records
from crisissim.journal.schema import APPLICATION_ID, SCHEMA_VERSION, SQLITE_MAGIC, TABLES, TRIGGERS

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Journal", "JournalError", "Record"]

_COLUMNS = "seq, sim, wall, kind, role, payload"
_INSERT = "INSERT INTO records (sim, wall, kind, role, payload) VALUES (?, ?, ?, ?, ?)"
_CHUNK = 1000  # rows per fetchmany when streaming: bounded memory for journals of any size

_LOCKED = "is locked by another process that is writing to it; nothing was lost: try again when it has finished"
_PLAYED = "is being played by another crisissim process; stop it first (nothing was changed)"


class Record:
    """One fact of an exercise, as it was appended: where and when, and its typed content.

    The payload is kept as the JSON text the journal holds and decoded on first use, into its
    typed record (:attr:`data`, what the product reads) or into plain JSON values
    (:attr:`payload`, what tools and tests that look at the journal's rows read).
    """

    __slots__ = ("_data", "_payload", "_source", "_text", "kind", "role", "seq", "sim", "wall")

    seq: int
    """1, 2, 3 ... in the order facts became true; the journal's only clock that never lies."""
    sim: float
    """Simulated seconds since T+0."""
    wall: float
    """Wall-clock unix time when it was appended (for the debrief's real-time view)."""
    kind: str
    """One of :class:`crisissim.journal.records.Kind`."""
    role: str | None

    def __init__(
        self,
        seq: int,
        sim: float,
        wall: float,
        kind: str,
        role: str | None,
        payload: Mapping[str, Any] | str,
        *,
        source: str = "journal",
    ) -> None:
        self.seq, self.sim, self.wall, self.kind, self.role = seq, sim, wall, kind, role
        self._source = source
        self._data: records.AnyRecord | None = None
        if isinstance(payload, str):
            self._text: str | None = payload
            self._payload: dict[str, Any] | None = None
        else:
            self._text, self._payload = None, dict(payload)

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as plain JSON values."""
        if self._payload is None:
            assert self._text is not None
            try:
                self._payload = json.loads(self._text)
            except ValueError:
                raise self._damaged("is not JSON") from None
        return self._payload

    @property
    def data(self) -> records.AnyRecord:
        """The typed record; :class:`crisissim.journal.records.RecordError` if the payload is not one."""
        if self._data is None:
            text = self._text if self._text is not None else json.dumps(self._payload)
            try:
                self._data = records.decode(self.kind, text)
            except records.RecordError as exc:
                raise self._damaged(f"is not a record the journal can hold: {exc}") from None
        return self._data

    def _damaged(self, what: str) -> JournalError:
        what = f"is damaged (record {self.seq} {what}): it cannot be read; nothing was changed"
        return JournalError(self._source, what)

    def _key(self) -> tuple[Any, ...]:
        return (self.seq, self.sim, self.wall, self.kind, self.role, self.payload)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.seq, self.kind))

    def __repr__(self) -> str:
        return f"Record({self.seq}, {self.sim}, {self.wall}, {self.kind!r}, {self.role!r}, {self.payload!r})"


class JournalError(Exception):
    """Something wrong with a journal file, said in one line the command line can print as it is.

    ``str(exc)`` is ``"{path}: error: journal: {what}"``, in the same shape as the scenario's problems.
    """

    def __init__(self, path: str | Path, what: str) -> None:
        self.path = str(path)
        self.what = what
        super().__init__(f"{self.path}: error: journal: {what}")

    def __reduce__(self) -> tuple[type[JournalError], tuple[str, str]]:
        return (type(self), (self.path, self.what))


class Journal:
    """An open journal. Make one with :meth:`create` or :meth:`open`, never directly."""

    path: Path
    meta: dict[str, str]

    def __init__(self, path: Path, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.path = path
        self.meta = meta
        self._conn = conn
        self._lock_fd: int | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, meta: dict[str, str], *, busy_timeout: float = 5.0) -> Journal:
        """A new, empty journal at ``path``; refuses if anything is already there.

        The file is created 0600 before SQLite opens it (exercise journals hold people's words and
        a breach's details); SQLite gives its ``-wal`` and ``-shm`` files the same mode. Everything
        that marks the file as ours is written in one transaction, so an interrupted create
        leaves a file that :meth:`open` refuses rather than a half-made journal.
        """
        path = Path(path)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
            raise TypeError("journal meta must map str to str")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JournalError(path, f"cannot be created: its folder cannot be made ({exc.strerror})") from exc
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except FileExistsError as exc:
            raise JournalError(
                path, "already exists; choose a new path for a new journal (nothing was changed)"
            ) from exc
        except OSError as exc:
            raise JournalError(path, f"cannot be created ({exc.strerror})") from exc
        os.close(fd)

        rows = {**meta, "schema": str(SCHEMA_VERSION), "created_by": f"crisissim {__version__}"}
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path, readonly=False, busy_timeout=busy_timeout)
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise JournalError(path, "cannot be created here: this filesystem does not support SQLite's WAL mode")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            for statement in TABLES:
                conn.execute(statement)
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows.items())
            for statement in TRIGGERS:
                conn.execute(statement)
            conn.execute("COMMIT")
        except (sqlite3.DatabaseError, JournalError) as exc:
            if conn is not None:
                conn.close()
            for leftover in (path, _sibling(path, "-wal"), _sibling(path, "-shm")):
                leftover.unlink(missing_ok=True)
            if isinstance(exc, JournalError):
                raise
            raise JournalError(path, f"cannot be created ({exc}); nothing was left behind") from exc
        return cls(path, conn, rows)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, busy_timeout: float = 5.0) -> Journal:
        """An existing journal, checked cheaply before anything can write to it.

        A file that is missing, not SQLite, not ours, from a newer crisissim or damaged gets one
        :class:`JournalError` naming which. The checks run on a read-only connection, so a refused
        file is never modified (SQLite may leave empty ``-wal``/``-shm`` files beside a WAL file).
        ``busy_timeout`` is how many seconds to wait for another writer before giving up.
        """
        path = Path(path)
        _check_header(path)
        conn = _connect_or_refuse(path, readonly=True, busy_timeout=busy_timeout)
        try:
            meta = _checked_meta(path, conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _translate(path, exc) from exc
        except JournalError:
            conn.close()
            raise
        if not readonly:
            conn.close()
            conn = _connect_or_refuse(path, readonly=False, busy_timeout=busy_timeout)
        return cls(path, conn, meta)

    # -- writing -------------------------------------------------------------------------------

    def append(self, sim: float, wall: float, kind: str, role: str | None, payload: Mapping[str, Any]) -> int:
        """Buffer one row in the current transaction and return its seq; durable only at :meth:`commit`.

        The raw write, for tools and the backend's own tests; the product writes typed records
        with :meth:`append_record`. The first append of a transaction takes SQLite's write lock, so
        if another process is writing, this is where the wait (and, after ``busy_timeout``, the
        locked error) happens.
        """
        return self._insert(sim, wall, kind, role, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def append_record(self, sim: float, wall: float, role: str | None, record: records.AnyRecord) -> int:
        """Buffer one typed record (see :meth:`append`) and return its seq."""
        return self._insert(sim, wall, record.KIND, role, records.encode(record))

    def _insert(self, sim: float, wall: float, kind: str, role: str | None, text: str) -> int:
        try:
            self._begin()
            cursor = self._conn.execute(_INSERT, (sim, wall, kind, role, text))
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc, writing=True) from exc
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def append_many(self, rows: list[tuple[float, float, str, str | None, str]]) -> None:
        """Buffer many ``(sim, wall, kind, role, payload_json)`` rows at once: the path for social-media storms.

        The payload is JSON text already (the storm generator encodes it), so this is one
        ``executemany`` with no per-row Python work here.
        """
        if not rows:
            return
        try:
            self._begin()
            self._conn.executemany(_INSERT, rows)
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc, writing=True) from exc

    def commit(self) -> None:
        """Make everything appended so far durable; nothing to do (and nearly free) if nothing is pending.

        If it fails, the appended records stay pending in the transaction: nothing is lost, and
        calling ``commit()`` again retries.
        """
        if not self._conn.in_transaction:
            return
        try:
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc, writing=True) from exc

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, before anything is buffered: if it cannot be had,
        # the caller learns it with nothing half-written and can simply try again.
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN IMMEDIATE")

    # -- reading -------------------------------------------------------------------------------

    def last_seq(self) -> int:
        """The highest seq in the journal (including this connection's uncommitted appends), 0 if empty."""
        return int(self._one("SELECT coalesce(max(seq), 0) FROM records")[0])

    def count(self, kind: str | None = None) -> int:
        """How many records there are, of one kind or of all."""
        if kind is None:
            return int(self._one("SELECT count(*) FROM records")[0])
        return int(self._one("SELECT count(*) FROM records WHERE kind = ?", (kind,))[0])

    def records(self, after_seq: int = 0, kinds: Collection[str] | None = None) -> Iterator[Record]:
        """Every record after ``after_seq`` in seq order, optionally only of some kinds.

        Streams in chunks, so replaying a journal of millions of posts takes little memory. It
        stops at the last record that existed when iteration began: appending while replaying
        never makes the loop chase its own tail (use :meth:`tail` to follow a live journal).
        A single string for ``kinds`` means that one kind.
        """
        if isinstance(kinds, str):
            kinds = (kinds,)
        return self._stream(after_seq, None if kinds is None else tuple(kinds))

    def _stream(self, after_seq: int, kinds: tuple[str, ...] | None) -> Iterator[Record]:
        if kinds is not None and not kinds:
            return
        try:
            last = self.last_seq()
            sql = f"SELECT {_COLUMNS} FROM records WHERE seq > ? AND seq <= ?"
            params: list[Any] = [after_seq, last]
            if kinds is not None:
                sql += f" AND kind IN ({','.join('?' * len(kinds))})"
                params.extend(kinds)
            cursor = self._conn.execute(sql + " ORDER BY seq", params)
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc) from exc
        try:
            while True:
                try:
                    rows = cursor.fetchmany(_CHUNK)
                except sqlite3.DatabaseError as exc:
                    raise _translate(self.path, exc) from exc
                if not rows:
                    return
                for row in rows:
                    yield _record(self.path, row)
        finally:
            cursor.close()

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]:
        """Records newer than ``after_seq``, at most ``limit``: how another process follows a live exercise."""
        rows = self._all(f"SELECT {_COLUMNS} FROM records WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit))
        return [_record(self.path, row) for row in rows]

    def last(self, kind: str | None = None) -> Record | None:
        """The newest record, of one kind or of any; ``None`` if there is none."""
        if kind is None:
            rows = self._all(f"SELECT {_COLUMNS} FROM records ORDER BY seq DESC LIMIT 1")
        else:
            rows = self._all(f"SELECT {_COLUMNS} FROM records WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,))
        return _record(self.path, rows[0]) if rows else None

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        return self._all(sql, params)[0]

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc) from exc

    # -- playing and closing -------------------------------------------------------------------

    def acquire_driver(self) -> None:
        """Claim the right to *play* this journal; refuse if another process already plays it.

        Seats append actions from other processes, but two engines driving one exercise would
        fire every inject twice. The claim is an exclusive ``flock`` on ``{path}.lock``, which the
        kernel drops when this process ends however it ends, so a crash never leaves a stale lock.
        Held until :meth:`close`; calling this again while held does nothing.
        """
        if self._lock_fd is not None:
            return
        lock_path = Path(f"{self.path}.lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise JournalError(self.path, f"cannot be played: its lock file cannot be made ({exc.strerror})") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise JournalError(self.path, _PLAYED) from exc
        except OSError as exc:
            os.close(fd)
            raise JournalError(self.path, f"cannot be played: its lock file cannot be locked ({exc.strerror})") from exc
        self._lock_fd = fd

    def close(self) -> None:
        """Close the journal and give up the driver lock. Anything not committed is discarded.

        Durability is always an explicit :meth:`commit`; a step cut short must not become half true.
        Closing twice is harmless.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            self._conn.close()
        finally:
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # closing the only descriptor releases the flock
                self._lock_fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Commit what is pending if the block finished normally; on an exception, discard it."""
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.close()


# -- helpers -----------------------------------------------------------------------------------


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _connect(path: Path, *, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    """A connection with the journal's settings; transactions are ours to begin (isolation_level=None)."""
    if readonly:
        target, uri = path.absolute().as_uri() + "?mode=ro", True
    else:
        target, uri = str(path), False
    conn = sqlite3.connect(target, uri=uri, timeout=busy_timeout, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {max(0, round(busy_timeout * 1000))}")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _connect_or_refuse(path: Path, *, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    try:
        return _connect(path, readonly=readonly, busy_timeout=busy_timeout)
    except sqlite3.DatabaseError as exc:
        raise _translate(path, exc) from exc


def _check_header(path: Path) -> None:
    """Refuse what is plainly not a journal before SQLite touches it, from its first 16 bytes."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise JournalError(path, "does not exist") from exc
    except IsADirectoryError as exc:
        raise JournalError(path, "is a folder, not a crisissim journal") from exc
    except OSError as exc:
        raise JournalError(path, f"cannot be read ({exc.strerror}); nothing was changed") from exc
    if not head:
        raise JournalError(path, "is an empty file, not a crisissim journal (was its creation interrupted?)")
    if head != SQLITE_MAGIC:
        raise JournalError(path, "is not a crisissim journal (not an SQLite database)")


def _checked_meta(path: Path, conn: sqlite3.Connection) -> dict[str, str]:
    """Is this ours, and can we read it? Reads the marks, the meta rows and the last seq: cheap at any size.

    ``PRAGMA quick_check`` would read every page of a long exercise; a damaged page elsewhere is
    reported when a read reaches it instead.
    """
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise JournalError(path, "is not a crisissim journal")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise JournalError(
            path,
            f"was written by a newer crisissim (journal schema {version}); "
            f"this one reads schema {SCHEMA_VERSION}: upgrade crisissim",
        )
    if version < 1:
        raise JournalError(
            path, "is damaged (it has no journal schema version): it cannot be read; nothing was changed"
        )
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        raise JournalError(path, "is not a crisissim journal")
    meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    conn.execute("SELECT max(seq) FROM records").fetchone()
    return meta


def _record(path: Path, row: tuple[Any, ...]) -> Record:
    seq, sim, wall, kind, role, payload = row
    if not isinstance(payload, str):
        raise JournalError(path, f"is damaged (record {seq} is not JSON): it cannot be read; nothing was changed")
    return Record(seq, sim, wall, kind, role, payload, source=str(path))


def _translate(path: Path, exc: sqlite3.DatabaseError, *, writing: bool = False) -> JournalError:
    """One user-facing line for whatever SQLite raised; the SQLite words stay in parentheses for whoever debugs."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_BUSY"):
        return JournalError(path, _LOCKED)
    if name.startswith("SQLITE_READONLY"):
        return JournalError(path, f"cannot be written ({exc}); nothing was written")
    if name.startswith("SQLITE_CANTOPEN"):
        return JournalError(path, f"cannot be opened ({exc}); nothing was changed")
    if writing and not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return JournalError(path, f"could not be written ({exc}); records since the last commit were not saved")
    return JournalError(path, f"is damaged ({exc}): it cannot be read; nothing was changed")
