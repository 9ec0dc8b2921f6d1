"""The SQLite journal: one file per exercise run, appended to and never rewritten.

The journal is the exercise (shared/design/architecture.md): the engine appends every fact here
*before* anyone sees it, and screens, seats in other processes, a resumed run and the debrief all
read from it. So this module is careful about three things:

* nothing in it can change what was written: tables are guarded by triggers, and a file that is
  not ours, newer than us or damaged is refused with one line, without writing a byte to it;
* durability is explicit: :meth:`SQLiteJournal.append` only buffers in the open transaction, and
  :meth:`SQLiteJournal.commit` is the moment a fact becomes true;
* many readers, one writer: WAL mode lets seats tail a live exercise while the engine writes, and
  an ``flock`` on the journal file itself makes sure only one process *plays* it, whichever name
  (path, symlink, hard link) each process reached it by.

:class:`SQLiteJournal` implements :class:`crisissim.journal.interface.Store`; it is also
``crisissim.journal.Journal``, the name most callers know it by.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import stat
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from crisissim import __version__
from crisissim.journal import chain, records
from crisissim.journal.interface import OWNER_TAKEN, Closing, JournalError, Record, Row, Unreadable
from crisissim.journal.schema import (
    APPLICATION_ID,
    BYTES_CHAINED_SINCE,
    CHAINED_SINCE,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    TABLES,
    TRIGGERS,
)

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLiteJournal"]

# The payload may come as the UTF-8 bytes of its JSON (the storms encode posts so): CAST stores those
# bytes as the TEXT they are, with no decoding to a Python str and encoding back for SQLite.
_INSERT = "INSERT INTO records (sim, wall, kind, role, payload) VALUES (?, ?, ?, ?, CAST(? AS TEXT))"
_INSERT_CHAINED = (
    "INSERT INTO records (seq, sim, wall, kind, role, payload, hash) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?)"
)
_TIP = "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"
_ASIDE_TABLE = "CREATE TABLE IF NOT EXISTS aside (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
"""What a journal keeps beside its records (:meth:`SQLiteJournal.set_aside`); made when first written."""
_CHUNK = 1000  # rows per fetchmany when streaming: bounded memory for journals of any size

_LOCKED = "is locked by another process that is writing to it; nothing was lost: try again when it has finished"


class SQLiteJournal(Closing):
    """An open SQLite journal. Make one with :meth:`create` or :meth:`open` (or ``open_store``), never directly."""

    path: Path
    """The file, as it was named (a symlink stays a symlink: SQLite itself follows it)."""
    location: str
    """What it was opened from: the path, or the ``sqlite:`` URL."""
    meta: dict[str, str]

    def __init__(
        self, path: Path, conn: sqlite3.Connection, meta: dict[str, str], file: _File, *, version: int = SCHEMA_VERSION
    ) -> None:
        self.path = path
        self.location = str(path)
        self.meta = meta
        self.version = version
        """The journal's schema (``PRAGMA user_version``): an older one is read and appended to as it is."""
        self._conn = conn
        self._file = file
        self._lock_fd: int | None = None
        self._owner = False
        self._closed = False
        self._columns = "seq, sim, wall, kind, role, payload, " + ("hash" if self.chained else "NULL")
        self._tip: tuple[int, bytes] | None = None
        """The last seq and its hash within the open write transaction; None: read it from the table."""
        self._link = chain.linker(version)

    @property
    def chained(self) -> bool:
        """Whether its records carry the hash chain (schema 2 and later)."""
        return self.version >= CHAINED_SINCE

    def __repr__(self) -> str:
        return f"SQLiteJournal({self.location!r})"

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str], meta: Mapping[str, str], *, busy_timeout: float = 5.0) -> Self:
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
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except FileExistsError as exc:
            raise JournalError(
                path, "already exists; choose a new path for a new journal (nothing was changed)"
            ) from exc
        except OSError as exc:
            raise JournalError(path, f"cannot be created ({exc.strerror})") from exc
        file = _File.adopt(fd)

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
            file.release()
            for leftover in (path, _sibling(path, "-wal"), _sibling(path, "-shm")):
                leftover.unlink(missing_ok=True)
            if isinstance(exc, JournalError):
                raise
            raise JournalError(path, f"cannot be created ({exc}); nothing was left behind") from exc
        except BaseException:
            if conn is not None:
                conn.close()
            file.release()
            raise
        return cls(path, conn, rows, file, version=SCHEMA_VERSION)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False, busy_timeout: float = 5.0) -> Self:
        """An existing journal, checked cheaply before anything can write to it.

        A file that is missing, not SQLite, not ours, from a newer crisissim or damaged gets one
        :class:`JournalError` naming which. The checks run on a read-only connection, so a refused
        file is never modified (SQLite may leave empty ``-wal``/``-shm`` files beside a WAL file).
        ``busy_timeout`` is how many seconds to wait for another writer before giving up.
        """
        path = Path(path)
        file = _check_header(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect_or_refuse(path, readonly=True, busy_timeout=busy_timeout)
            try:
                meta, version = _checked_meta(path, conn)
            except sqlite3.DatabaseError as exc:
                raise _translate(path, exc) from exc
            if not readonly:
                conn.close()
                conn = None
                conn = _connect_or_refuse(path, readonly=False, busy_timeout=busy_timeout)
        except BaseException:
            if conn is not None:
                conn.close()
            file.release()
            raise
        return cls(path, conn, meta, file, version=version)

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
        return self._insert(sim, wall, record.KIND, role, records.encode_bytes(record))

    def _insert(self, sim: float, wall: float, kind: str, role: str | None, text: str | bytes) -> int:
        try:
            self._begin()
            if not self.chained:
                cursor = self._conn.execute(_INSERT, (sim, wall, kind, role, text))
                assert cursor.lastrowid is not None
                return cursor.lastrowid
            seq, prev = self._last_link()
            seq += 1
            digest = self._link(prev, seq, sim, wall, kind, role, text)
            self._conn.execute(_INSERT_CHAINED, (seq, sim, wall, kind, role, text, digest.hex()))
            self._tip = (seq, digest)
            return seq
        except sqlite3.DatabaseError as exc:
            self._tip = None
            raise _translate(self.path, exc, writing=True) from exc

    def _last_link(self) -> tuple[int, bytes]:
        """The last seq and the hash the next record chains from (inside the write transaction)."""
        if self._tip is None:
            row = self._conn.execute(_TIP).fetchone()
            if row is None:
                self._tip = (0, chain.anchor(self.meta))
            else:
                self._tip = (int(row[0]), chain.usable(row[1]) or chain.ZERO)
        return self._tip

    def append_many(self, rows: Sequence[Row]) -> None:
        """Buffer many ``(sim, wall, kind, role, payload_json)`` rows at once: the path for social-media storms.

        The payload is JSON already (the storm generator encodes it, as UTF-8 bytes); what is left
        here is one loop that numbers and chains the rows and one ``executemany``. A storm writes
        100 000 posts, so the schema-3 link (:func:`crisissim.journal.chain.link`) is written out:
        its fixed head packed at once, the kind and role's bytes made once per batch.
        """
        if not rows:
            return
        try:
            self._begin()
            if not self.chained:
                self._conn.executemany(_INSERT, rows)
                return
            seq, prev = self._last_link()
            if self.version < BYTES_CHAINED_SINCE:
                chained = []
                for sim, wall, kind, role, text in rows:
                    seq += 1
                    prev = chain.link_text(prev, seq, sim, wall, kind, role, text)
                    chained.append((seq, sim, wall, kind, role, text, prev.hex()))
            else:
                sha256, head = hashlib.sha256, chain.HEAD.pack
                tags: dict[tuple[str, str | None], bytes] = {}
                chained = []
                for sim, wall, kind, role, payload in rows:
                    seq += 1
                    tag = tags.get((kind, role))
                    if tag is None:
                        tag = tags[kind, role] = chain.tag(kind, role)
                    data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")
                    prev = sha256(head(prev, seq, sim, wall) + tag + data).digest()
                    chained.append((seq, sim, wall, kind, role, payload, prev.hex()))
            self._conn.executemany(_INSERT_CHAINED, chained)
            self._tip = (seq, prev)
        except sqlite3.DatabaseError as exc:
            self._tip = None
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

    def set_aside(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` in the ``aside`` table (made on first use, so a journal of
        any schema takes it): no record, no seq, outside the hash chain and the append-only
        triggers, which guard only ``records`` and ``meta``."""
        pending = self._conn.in_transaction
        try:
            self._begin()
            self._conn.execute(_ASIDE_TABLE)
            self._conn.execute("INSERT OR REPLACE INTO aside (key, value) VALUES (?, ?)", (key, value))
            if not pending:
                self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if not pending and self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            raise _translate(self.path, exc, writing=True) from exc

    def aside(self, key: str) -> str | None:
        """What :meth:`set_aside` kept under ``key``; None if nothing (or no ``aside`` table yet)."""
        try:
            row = self._conn.execute("SELECT value FROM aside WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise _translate(self.path, exc) from exc
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc) from exc
        return None if row is None else str(row[0])

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, before anything is buffered: if it cannot be had,
        # the caller learns it with nothing half-written and can simply try again.
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN IMMEDIATE")
            self._tip = None  # another process may have appended since our last transaction

    # -- reading -------------------------------------------------------------------------------

    def last_seq(self) -> int:
        """The highest seq in the journal (including this connection's uncommitted appends), 0 if empty."""
        return int(self._one("SELECT coalesce(max(seq), 0) FROM records")[0])

    def count(self, kind: str | None = None) -> int:
        """How many records there are, of one kind or of all."""
        if kind is None:
            return int(self._one("SELECT count(*) FROM records")[0])
        return int(self._one("SELECT count(*) FROM records WHERE kind = ?", (kind,))[0])

    def records(
        self,
        after_seq: int = 0,
        kinds: Collection[str] | None = None,
        *,
        salvage: list[Unreadable] | None = None,
    ) -> Iterator[Record]:
        """Every record after ``after_seq`` in seq order, optionally only of some kinds.

        Streams in chunks, so replaying a journal of millions of posts takes little memory. It
        stops at the last record that existed when iteration began: appending while replaying
        never makes the loop chase its own tail (use :meth:`tail` to follow a live journal).
        A single string for ``kinds`` means that one kind.

        With a ``salvage`` list, a record that cannot be read is noted there and skipped: where
        SQLite meets a damaged page, the records from there on are read one by one (a damaged
        page holds a few records; a byte gone bad must not cost the rest of the exercise), and a
        row whose columns are not a record's (``sim = 'abc'``) is noted with the column that is wrong.
        """
        if isinstance(kinds, str):
            kinds = (kinds,)
        return self._stream(after_seq, None if kinds is None else tuple(kinds), salvage)

    def _stream(
        self, after_seq: int, kinds: tuple[str, ...] | None, salvage: list[Unreadable] | None
    ) -> Iterator[Record]:
        if kinds is not None and not kinds:
            return
        last = self.last_seq()
        where = "" if kinds is None else f" AND kind IN ({','.join('?' * len(kinds))})"
        sql = f"SELECT {self._columns} FROM records WHERE seq > ? AND seq <= ?{where} ORDER BY seq"
        done = after_seq  # every seq up to here has been yielded or noted
        chunk = _CHUNK
        while done < last:
            try:
                for row in self._rows(sql, [done, last, *(kinds or ())], chunk):
                    done = row[0] if isinstance(row[0], int) else done + 1
                    record = self._read(row, salvage)
                    if record is not None:
                        yield record
                return
            except sqlite3.DatabaseError as exc:
                if salvage is None:
                    raise _translate(self.path, exc) from exc
            # A damaged page: from here on rows are fetched one at a time, so that the ones before
            # it are not lost with the chunk that met it; the next seq is read alone, then a range
            # again from after it.
            chunk = 1
            done += 1
            try:
                rows = self._conn.execute(f"SELECT {self._columns} FROM records WHERE seq = ?", (done,)).fetchall()
            except sqlite3.DatabaseError as exc:
                salvage.append(Unreadable(done, "", f"cannot be read ({_brief(exc)}): the journal is damaged there"))
                continue
            if rows and (kinds is None or rows[0][3] in kinds):
                record = self._read(rows[0], salvage)
                if record is not None:
                    yield record

    def _rows(self, sql: str, params: list[Any], chunk: int = _CHUNK) -> Iterator[tuple[Any, ...]]:
        """The rows of a query in chunks; the cursor is closed however the iteration ends."""
        cursor = self._conn.execute(sql, params)
        try:
            while rows := cursor.fetchmany(chunk):
                yield from rows
        finally:
            with contextlib.suppress(sqlite3.Error):  # the journal may be closed before the generator
                cursor.close()

    def _read(self, row: tuple[Any, ...], salvage: list[Unreadable] | None) -> Record | None:
        """A row as a record; when salvaging, None (and a note) for one that cannot be read."""
        if salvage is None:
            return Record.from_row(str(self.path), row)
        try:
            record = Record.from_row(str(self.path), row)
        except JournalError as exc:
            seq = row[0] if isinstance(row[0], int) else 0
            salvage.append(Unreadable(seq, row[3] if isinstance(row[3], str) else "", exc.what))
            return None
        return record

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]:
        """Records newer than ``after_seq``, at most ``limit``: how another process follows a live exercise."""
        rows = self._all(f"SELECT {self._columns} FROM records WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit))
        return [Record.from_row(str(self.path), row) for row in rows]

    def last(self, kind: str | None = None) -> Record | None:
        """The newest record, of one kind or of any; ``None`` if there is none."""
        if kind is None:
            rows = self._all(f"SELECT {self._columns} FROM records ORDER BY seq DESC LIMIT 1")
        else:
            rows = self._all(f"SELECT {self._columns} FROM records WHERE kind = ? ORDER BY seq DESC LIMIT 1", (kind,))
        return Record.from_row(str(self.path), rows[0]) if rows else None

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        return self._all(sql, params)[0]

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _translate(self.path, exc) from exc

    # -- playing and closing -------------------------------------------------------------------

    def acquire_owner(self) -> None:
        """Claim the right to *play* this journal; refuse if another process (or store) already plays it.

        Seats append requests from other processes, but two engines driving one exercise would
        fire every inject twice. The claim is an exclusive ``flock`` on the journal file itself,
        so it holds however the file was reached (another path, a symlink, a hard link): flock
        belongs to the file, not its name. Linux keeps flock apart from the POSIX locks SQLite
        takes on the same file (on a local filesystem, which WAL needs anyway). The kernel drops
        it when this process ends however it ends, so a crash never leaves a stale lock.

        ``{path}.lock`` beside the name it was opened by is locked too: that is all a crisissim
        from before this one looks at, so neither plays while the other does. Held until
        :meth:`close`; calling this again while held does nothing.
        """
        if self._owner:
            return
        if self._closed:
            raise JournalError(self.path, "cannot be played: it has been closed")
        try:
            fcntl.flock(self._file.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise JournalError(self.path, OWNER_TAKEN) from exc
        except OSError as exc:
            raise JournalError(self.path, f"cannot be played: it cannot be locked ({exc.strerror})") from exc
        try:
            self._lock_fd = _lock_beside(self.path)
        except BaseException:
            fcntl.flock(self._file.fd, fcntl.LOCK_UN)
            raise
        self._owner = True

    acquire_driver = acquire_owner
    """The name :meth:`acquire_owner` had before the store interface."""

    def close(self) -> None:
        """Close the journal and give up the owner lock. Anything not committed is discarded.

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
            if self._owner:
                self._owner = False
                with contextlib.suppress(OSError):
                    fcntl.flock(self._file.fd, fcntl.LOCK_UN)
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # closing the only descriptor releases the flock
                self._lock_fd = None
            self._file.release()


# -- the journal file's descriptors ----------------------------------------------------------------
#
# The owner lock needs a descriptor of the journal file, and so does reading its header. Closing a
# descriptor of a file drops *every* POSIX lock this process holds on it, SQLite's included
# (https://sqlite.org/howtocorrupt.html, 2.2): a WAL connection's shared lock is what tells other
# processes it is still there, and without it the last of them to close deletes the WAL under it.
# So, as SQLite does inside itself, descriptors are kept per file (device and inode) and closed
# only when no journal of this process has that file open any more; a closed journal's descriptor
# waits, unlocked, for the next journal of the same file.


@dataclass
class _Inode:
    refs: int = 0
    idle: list[int] = field(default_factory=list)


_inodes: dict[tuple[int, int], _Inode] = {}
_inodes_lock = threading.Lock()


@dataclass
class _File:
    """One open journal's descriptor of its file (its own open file description, so flock tells journals apart)."""

    key: tuple[int, int]
    fd: int
    released: bool = False

    @classmethod
    def adopt(cls, fd: int) -> _File:
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino)
        with _inodes_lock:
            _inodes.setdefault(key, _Inode()).refs += 1
        return cls(key, fd)

    @classmethod
    def reuse(cls, st: os.stat_result) -> _File | None:
        """An idle descriptor of the file ``st`` describes, if this process kept one."""
        key = (st.st_dev, st.st_ino)
        with _inodes_lock:
            inode = _inodes.get(key)
            if inode is None or not inode.idle:
                return None
            inode.refs += 1
            return cls(key, inode.idle.pop())

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        with _inodes_lock:
            inode = _inodes.get(self.key)
            if inode is None:  # inherited from the parent of a fork: its parent closes it
                return
            inode.idle.append(self.fd)
            inode.refs -= 1
            if inode.refs:
                return
            del _inodes[self.key]
        for fd in inode.idle:
            os.close(fd)


def _forget_inherited() -> None:
    # A forked child shares its parent's open file descriptions, and with them the parent's flocks:
    # it must open its own. The inherited descriptors are left open (closing them could drop locks).
    global _inodes_lock
    _inodes.clear()
    _inodes_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_inherited)


def _lock_beside(path: Path) -> int:
    """The lock crisissims before the store interface took: an flock on ``{path}.lock``."""
    lock_path = Path(f"{path}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise JournalError(path, f"cannot be played: its lock file cannot be made ({exc.strerror})") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        os.close(fd)
        raise JournalError(path, OWNER_TAKEN) from exc
    except OSError as exc:
        os.close(fd)
        raise JournalError(path, f"cannot be played: its lock file cannot be locked ({exc.strerror})") from exc
    return fd


# -- helpers -----------------------------------------------------------------------------------


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _connect(path: Path, *, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    """A connection with the journal's settings; transactions are ours to begin (isolation_level=None)."""
    if readonly:
        target, uri = path.absolute().as_uri() + ("?immutable=1" if _immutable(path) else "?mode=ro"), True
    else:
        # ":memory:" (or any name SQLite might read as one of its own) is a file here like any other
        target, uri = (str(path) if path.is_absolute() else f".{os.sep}{path}"), False
    conn = sqlite3.connect(target, uri=uri, timeout=busy_timeout, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {max(0, round(busy_timeout * 1000))}")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _immutable(path: Path) -> bool:
    """Whether to read the journal as an immutable file: it lies in a folder this process cannot write.

    SQLite reads a WAL journal through its ``-shm`` file, which it must be able to create beside
    it; in a read-only folder (a mounted archive, a colleague's share) it cannot. A journal closed
    properly has no ``-wal`` left, and then reading it as immutable is exact. A ``-wal`` with
    records in it and no ``-shm`` to read it by is refused: reading without it would miss them.
    """
    if _folder_writable(path.absolute().parent):
        return False
    wal, shm = _sibling(path, "-wal"), _sibling(path, "-shm")
    if shm.exists():
        return False
    if wal.exists() and wal.stat().st_size > 0:
        raise JournalError(
            path,
            "cannot be read here: its newest records are in its -wal file, which needs a -shm file that "
            "this read-only folder cannot hold; copy the journal with its -wal file to a folder you can write",
        )
    return True


def _connect_or_refuse(path: Path, *, readonly: bool, busy_timeout: float) -> sqlite3.Connection:
    try:
        return _connect(path, readonly=readonly, busy_timeout=busy_timeout)
    except sqlite3.DatabaseError as exc:
        raise _translate(path, exc) from exc


def _check_header(path: Path) -> _File:
    """Refuse what is plainly not a journal before SQLite touches it, from its first 16 bytes.

    Returns the descriptor it read them through, which the journal keeps (see ``_File``).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise JournalError(path, "does not exist") from exc
    except OSError as exc:
        raise JournalError(path, f"cannot be read ({exc.strerror}); nothing was changed") from exc
    if stat.S_ISDIR(st.st_mode):
        raise JournalError(path, "is a folder, not a crisissim journal")
    if not stat.S_ISREG(st.st_mode):
        raise JournalError(path, "is not a crisissim journal (not a file)")
    file = _File.reuse(st)
    if file is None:
        try:
            file = _File.adopt(os.open(path, os.O_RDONLY | os.O_CLOEXEC))
        except OSError as exc:
            raise JournalError(path, f"cannot be read ({exc.strerror}); nothing was changed") from exc
    try:
        head = os.pread(file.fd, len(SQLITE_MAGIC), 0)
    except OSError as exc:
        file.release()
        raise JournalError(path, f"cannot be read ({exc.strerror}); nothing was changed") from exc
    if head == SQLITE_MAGIC:
        return file
    file.release()
    if not head:
        raise JournalError(path, "is an empty file, not a crisissim journal (was its creation interrupted?)")
    raise JournalError(path, "is not a crisissim journal (not an SQLite database)")


def _checked_meta(path: Path, conn: sqlite3.Connection) -> tuple[dict[str, str], int]:
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
    return meta, int(version)


def _brief(exc: sqlite3.DatabaseError) -> str:
    """SQLite's words for a damaged row, in a few words: its message may quote the row's whole text."""
    text = str(exc)
    if "decode to UTF-8" in text:
        return "its text is not UTF-8"
    return text if len(text) <= 60 else text[:59] + "…"


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
