"""The PostgreSQL journal: many exercises in one database, each its own append-only stream of records.

SQLite is the embedded default and needs nothing; PostgreSQL is for exercises that outgrow one
machine (many teams, seat workers on several hosts). It keeps every promise of
:class:`crisissim.journal.interface.Store` the SQLite journal keeps, in the database itself
where it can:

* one stream per exercise: ``crisissim.records`` is keyed by ``(exercise, seq)``, so several
  exercises (one per team) live side by side in one database, each numbered 1, 2, 3 ...;
* append-only: triggers refuse every UPDATE, DELETE and TRUNCATE of the records, the meta and the
  exercises, and a meta row added after the exercise was created;
* the same hash chain as SQLite (schema 3, :func:`crisissim.journal.chain.link`): a record's hash
  is over its seq, times, kind, role and payload bytes, never over where it is kept, so the same
  records have the same hashes in either backend;
* one writer at a time per exercise: a transaction's first append locks the exercise's row
  (``FOR NO KEY UPDATE``) and reads the last seq and hash after it, so seats appending from other
  processes or hosts chain on without gaps, as ``BEGIN IMMEDIATE`` does for SQLite;
* one owner: :meth:`PostgresJournal.acquire_owner` takes a session advisory lock on the exercise,
  which PostgreSQL drops when the connection ends, however the process ends;
* a nudge after commit: ``NOTIFY crisissim_journal`` with the exercise and the last seq, sent in the
  committing transaction so that PostgreSQL delivers it only once the records are there. It is a
  nudge only: a reader catches up from the journal (:meth:`PostgresJournal.wait` waits for one).

The URL is libpq's with one parameter of ours, ``exercise``:
``postgresql://user@host:5432/db?exercise=rijnoord-team-a`` (see docs/journal.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import errors, pq
from psycopg.adapt import Dumper

from crisissim import __version__
from crisissim.journal import chain, records
from crisissim.journal.interface import OWNER_TAKEN, Closing, JournalError, Record, Row, Unreadable
from crisissim.journal.schema import APPEND_ONLY, APPLICATION_ID, SCHEMA_VERSION

__all__ = ["CHANNEL", "SCHEMES", "PostgresJournal", "PostgresLocation"]

SCHEMES = ("postgresql", "postgres")
"""The URL schemes that name a PostgreSQL journal (libpq takes both)."""

CHANNEL = "crisissim_journal"
"""The NOTIFY channel, one per database; the payload is JSON: ``{"exercise": NAME, "seq": N}``."""

_LOCK_SPACE = APPLICATION_ID - (1 << 32) if APPLICATION_ID >= 1 << 31 else APPLICATION_ID
"""The first key of every advisory lock crisissim takes ("CSIM"), the second being the exercise's id:
the two-key form keeps them apart from other applications' locks in the same database."""

_LAYOUT_LOCK = 0
"""The second key of the lock held while the tables are made (exercise ids start at 1)."""

_REMEMBERED: dict[str, str] = {}
"""The connection of each URL given with a password, by the URL shown without it: a journal reopened in
this process by its :attr:`PostgresJournal.location` (the seats' server, a report at EndEx) connects
as it was first given, though the password is never shown."""
_EXERCISE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_FORM = "give postgresql://[user@]host[:port]/database?exercise=NAME"
_CHUNK = 1000  # records per keyset page when streaming: bounded memory for journals of any size
_LOCKED = "is locked by another process that is writing to it; nothing was lost: try again when it has finished"
_COLUMNS = "seq, sim, wall, kind, role, payload, hash"

# The layout, made by the first journal created in a database (under an advisory lock, so two
# creating at once do not race). The payload is TEXT, not JSONB: the hash is over its exact bytes.
_LAYOUT = f"""
CREATE SCHEMA IF NOT EXISTS crisissim;
CREATE TABLE crisissim.exercises (
    exercise text PRIMARY KEY,
    id integer GENERATED ALWAYS AS IDENTITY UNIQUE,
    schema integer NOT NULL,
    created_txid bigint NOT NULL DEFAULT txid_current()
);
CREATE TABLE crisissim.meta (
    exercise text NOT NULL REFERENCES crisissim.exercises (exercise),
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (exercise, key)
);
CREATE TABLE crisissim.records (
    exercise text NOT NULL REFERENCES crisissim.exercises (exercise),
    seq bigint NOT NULL CHECK (seq > 0),
    sim double precision NOT NULL,
    wall double precision NOT NULL,
    kind text NOT NULL,
    role text,
    payload text NOT NULL,
    hash text,
    PRIMARY KEY (exercise, seq)
);
CREATE INDEX records_kind ON crisissim.records (exercise, kind, seq);
CREATE TABLE crisissim.aside (
    exercise text NOT NULL REFERENCES crisissim.exercises (exercise),
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (exercise, key)
);
CREATE FUNCTION crisissim.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{APPEND_ONLY}';
END $$;
CREATE FUNCTION crisissim.meta_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crisissim.exercises
                   WHERE exercise = NEW.exercise AND created_txid = txid_current()) THEN
        RAISE EXCEPTION '{APPEND_ONLY}: its meta is written once, when it is created';
    END IF;
    RETURN NEW;
END $$;
""" + "".join(
    f"CREATE TRIGGER {table}_{name} BEFORE {event} ON crisissim.{table} FOR EACH {each}"
    f" EXECUTE FUNCTION crisissim.{function}();\n"
    for table in ("records", "meta", "exercises")
    for name, event, each, function in (
        ("no_update", "UPDATE OR DELETE", "ROW", "append_only"),
        ("no_truncate", "TRUNCATE", "STATEMENT", "append_only"),
        ("once", "INSERT", "ROW", "meta_once"),
    )
    if function != "meta_once" or table == "meta"
)

_INSERT = (
    "INSERT INTO crisissim.records (exercise, seq, sim, wall, kind, role, payload, hash)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)
_COPY = "COPY crisissim.records (exercise, seq, sim, wall, kind, role, payload, hash) FROM STDIN"


@dataclass(frozen=True)
class PostgresLocation:
    """A ``postgresql://`` journal location taken apart: what libpq connects to, and the exercise in it."""

    given: str
    """The URL as given."""
    conninfo: str
    """The URL without ``exercise``, for libpq (a password in it stays here, and only here)."""
    exercise: str
    shown: str
    """The URL as messages and screens show it: without a password, so it can be printed and typed again
    (libpq then takes the password from ``PGPASSWORD`` or ``~/.pgpass``)."""

    @classmethod
    def parse(cls, location: str, doing: str) -> PostgresLocation:
        """The location of a ``postgresql://`` or ``postgres://`` URL, or a one-line :class:`JournalError`."""
        shown = _without_password(location)
        try:
            parts = urlsplit(location)
        except ValueError as exc:
            raise JournalError(shown, f"{doing}: not a PostgreSQL URL ({exc}); {_FORM}") from None
        if parts.scheme.lower() not in SCHEMES or not location[len(parts.scheme) + 1 :].startswith("//"):
            raise JournalError(shown, f"{doing}: not a PostgreSQL URL; {_FORM}")
        if parts.fragment:
            raise JournalError(shown, f"{doing}: a PostgreSQL URL takes no #fragment; {_FORM}")
        kept, names = [], []
        for item in parts.query.split("&") if parts.query else []:
            key, _, value = item.partition("=")
            if unquote(key) == "exercise":
                names.append(unquote(value))
            else:
                kept.append(item)
        if not names:
            raise JournalError(shown, f"{doing}: the URL names no exercise; {_FORM}")
        if len(names) > 1:
            raise JournalError(shown, f"{doing}: the URL names more than one exercise; {_FORM}")
        exercise = names[0]
        if not _EXERCISE.fullmatch(exercise):
            raise JournalError(
                shown,
                f"{doing}: exercise {exercise[:40]!r} is not a name: letters, digits, '.', '_' and '-', "
                "at most 128, starting with a letter or digit",
            )
        conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))
        if shown != location:
            _REMEMBERED[shown] = conninfo
        elif location in _REMEMBERED:
            conninfo = _REMEMBERED[location]
        return cls(location, conninfo, exercise, shown)


class PostgresJournal(Closing):
    """An open PostgreSQL journal: one exercise's stream. Make one with :meth:`create` or :meth:`open`."""

    meta: dict[str, str]

    def __init__(
        self,
        where: PostgresLocation,
        conn: psycopg.Connection[Any],
        meta: dict[str, str],
        ident: int,
        *,
        version: int,
        readonly: bool,
    ) -> None:
        self.where = where
        self.meta = meta
        self.version = version
        self.exercise = where.exercise
        self._conn = conn
        self._id = ident
        self._readonly = readonly
        self._owner = False
        self._closed = False
        self._listening = False
        self._tip: tuple[int, bytes] | None = None
        """The last seq and its hash within the open write transaction; None: no transaction."""
        self._appended = 0
        """Records appended in the open write transaction."""
        self._lost: str | None = None
        """Why this owner may write no more: a transaction of its records was lost (see :meth:`_failed`)."""

    @property
    def location(self) -> str:
        """The URL it was opened from, without a password (messages and screens print it)."""
        return self.where.shown

    @property
    def chained(self) -> bool:
        """Always: PostgreSQL journals were born with the hash chain (schema 3)."""
        return True

    def __repr__(self) -> str:
        return f"PostgresJournal({self.location!r})"

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, location: str, meta: Mapping[str, str], *, busy_timeout: float = 5.0) -> Self:
        """A new, empty exercise at ``location``; refuses if the database already holds one by that name.

        The first exercise created in a database makes crisissim's tables (schema ``crisissim``), which
        needs the right to create a schema there; later ones need only INSERT and SELECT on them.
        """
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
            raise TypeError("journal meta must map str to str")
        where = PostgresLocation.parse(location, "cannot be created")
        conn = _connect(where, "cannot be created", readonly=False, busy_timeout=busy_timeout)
        rows = {**meta, "schema": str(SCHEMA_VERSION), "created_by": f"crisissim {__version__}"}
        try:
            _make_layout(conn)
            with conn.transaction():
                found = conn.execute(
                    "INSERT INTO crisissim.exercises (exercise, schema) VALUES (%s, %s)"
                    " ON CONFLICT (exercise) DO NOTHING RETURNING id",
                    (where.exercise, SCHEMA_VERSION),
                ).fetchone()
                if found is None:
                    raise JournalError(
                        where.shown,
                        "already exists; choose a new exercise name for a new journal (nothing was changed)",
                    )
                with conn.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO crisissim.meta (exercise, key, value) VALUES (%s, %s, %s)",
                        [(where.exercise, key, value) for key, value in rows.items()],
                    )
        except psycopg.Error as exc:
            conn.close()
            raise _translate(where.shown, exc, "cannot be created") from exc
        except BaseException:
            conn.close()
            raise
        return cls(where, conn, rows, int(found[0]), version=SCHEMA_VERSION, readonly=False)

    @classmethod
    def open(cls, location: str, *, readonly: bool = False, busy_timeout: float = 5.0) -> Self:
        """The exercise at ``location``, checked before anything can write to it; one line if it is not there."""
        where = PostgresLocation.parse(location, "cannot be opened")
        conn = _connect(where, "cannot be opened", readonly=readonly, busy_timeout=busy_timeout)
        try:
            if conn.execute("SELECT to_regclass('crisissim.exercises')").fetchone() == (None,):
                raise JournalError(
                    where.shown,
                    f"does not exist: this database holds no crisissim journal (no exercise {where.exercise!r})",
                )
            found = conn.execute(
                "SELECT id, schema FROM crisissim.exercises WHERE exercise = %s", (where.exercise,)
            ).fetchone()
            if found is None:
                raise JournalError(where.shown, f"does not exist: the database holds no exercise {where.exercise!r}")
            ident, version = int(found[0]), int(found[1])
            if version > SCHEMA_VERSION:
                raise JournalError(
                    where.shown,
                    f"was written by a newer crisissim (journal schema {version}); "
                    f"this one reads schema {SCHEMA_VERSION}: upgrade crisissim",
                )
            meta = {
                str(key): str(value)
                for key, value in conn.execute(
                    "SELECT key, value FROM crisissim.meta WHERE exercise = %s", (where.exercise,)
                )
            }
        except psycopg.Error as exc:
            conn.close()
            raise _translate(where.shown, exc, "cannot be opened") from exc
        except BaseException:
            conn.close()
            raise
        return cls(where, conn, meta, ident, version=version, readonly=readonly)

    # -- writing -------------------------------------------------------------------------------

    def append(self, sim: float, wall: float, kind: str, role: str | None, payload: Mapping[str, Any]) -> int:
        """Buffer one record in the open transaction and return its seq; durable only at :meth:`commit`."""
        return self._insert(sim, wall, kind, role, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def append_record(self, sim: float, wall: float, role: str | None, record: records.AnyRecord) -> int:
        """Buffer one typed record (see :meth:`append`) and return its seq."""
        return self._insert(sim, wall, record.KIND, role, records.encode_bytes(record))

    def _insert(self, sim: float, wall: float, kind: str, role: str | None, payload: str | bytes) -> int:
        try:
            seq, prev = self._begin()
            seq += 1
            digest = chain.link(prev, seq, sim, wall, kind, role, payload)
            self._conn.execute(_INSERT, (self.exercise, seq, sim, wall, kind, role, payload, digest.hex()))
            self._tip = (seq, digest)
            self._appended += 1
            return seq
        except psycopg.Error as exc:
            raise self._failed(exc) from exc

    def append_many(self, rows: Sequence[Row]) -> None:
        """Buffer many ``(sim, wall, kind, role, payload_json)`` rows at once (storms), in one COPY.

        The payloads' bytes go to the server as the text they are (no decoding to ``str``), and are
        hashed as they are, like SQLite's batch path.
        """
        if not rows:
            return
        try:
            seq, prev = self._begin()
            sha256, head, exercise = hashlib.sha256, chain.HEAD.pack, self.exercise
            tags: dict[tuple[str, str | None], bytes] = {}
            with self._conn.cursor() as cursor, cursor.copy(_COPY) as copy:
                for sim, wall, kind, role, payload in rows:
                    seq += 1
                    tag = tags.get((kind, role))
                    if tag is None:
                        tag = tags[kind, role] = chain.tag(kind, role)
                    data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")
                    prev = sha256(head(prev, seq, sim, wall) + tag + data).digest()
                    copy.write_row((exercise, seq, sim, wall, kind, role, data, prev.hex()))
            self._tip = (seq, prev)
            self._appended += len(rows)
        except psycopg.Error as exc:
            raise self._failed(exc) from exc

    def _begin(self) -> tuple[int, bytes]:
        """The last seq and the hash to chain from, beginning the write transaction if none is open.

        The exercise's row is locked first, then the tip read (a statement after the lock sees what
        the previous writer committed): one writer per exercise at a time, waiting at most the busy
        timeout (``lock_timeout``).
        """
        if self._tip is not None:
            return self._tip
        if self._lost is not None:
            raise JournalError(self.location, self._lost)
        if self._readonly:
            raise JournalError(self.location, "cannot be written: it was opened read-only; nothing was written")
        if self._closed:
            raise JournalError(self.location, "cannot be written: it has been closed")
        conn = self._conn
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT 1 FROM crisissim.exercises WHERE id = %s FOR NO KEY UPDATE", (self._id,))
            row = conn.execute(
                "SELECT seq, hash FROM crisissim.records WHERE exercise = %s ORDER BY seq DESC LIMIT 1",
                (self.exercise,),
            ).fetchone()
        except BaseException:
            self._rollback()
            raise
        self._tip = (0, chain.anchor(self.meta)) if row is None else (int(row[0]), chain.usable(row[1]) or chain.ZERO)
        self._appended = 0
        return self._tip

    def commit(self) -> None:
        """Make everything appended so far durable and visible, and nudge the listeners; free if nothing is pending.

        A commit the server refuses or never acknowledges (the connection lost) leaves nothing
        pending: PostgreSQL ends the transaction, so the records since the last commit were not saved
        (or, if the acknowledgement alone was lost, were), and the error says so. Unlike SQLite's, a
        failed commit cannot be retried; an owner that lost records refuses every later write
        (:meth:`_failed`), so that the engine can never journal past a hole.
        """
        if self._lost is not None:
            raise JournalError(self.location, self._lost)
        if self._tip is None:
            return
        seq = self._tip[0]
        try:
            self._conn.execute(
                "SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps({"exercise": self.exercise, "seq": seq}))
            )
            self._conn.execute("COMMIT")
        except psycopg.Error as exc:
            raise self._failed(exc) from exc
        self._tip = None

    def _rollback(self) -> None:
        self._tip = None
        if self._conn.closed or self._conn.info.transaction_status == pq.TransactionStatus.IDLE:
            return
        try:
            self._conn.execute("ROLLBACK")
        except psycopg.Error:
            self._conn.close()

    def _failed(self, exc: psycopg.Error) -> JournalError:
        """A write that failed: the transaction is over (PostgreSQL aborts it), and the error says so in one line.

        The engine's records of a step depend on those before them: an owner whose transaction
        held records is refused every later write, until it is closed and the exercise resumed
        (which replays what was committed). A seat's store loses only its request, and goes on.
        """
        lost = self._owner and self._appended > 0
        self._rollback()
        error = _translate(self.location, exc, writing=True)
        if lost:
            self._lost = (
                f"cannot be written any more: {self._appended} records of the engine were lost ({_said(exc)}); "
                "stop, and resume the exercise to go on from what was saved"
            )
        return error

    # -- reading -------------------------------------------------------------------------------

    def last_seq(self) -> int:
        """The highest seq of the exercise (this store's pending appends included), 0 if it has none."""
        if self._tip is not None:
            return self._tip[0]
        return int(self._one("SELECT coalesce(max(seq), 0) FROM crisissim.records WHERE exercise = %s")[0])

    def count(self, kind: str | None = None) -> int:
        """How many records there are, of one kind or of all (pending appends included)."""
        if kind is None:
            return int(self._one("SELECT count(*) FROM crisissim.records WHERE exercise = %s")[0])
        return int(self._one("SELECT count(*) FROM crisissim.records WHERE exercise = %s AND kind = %s", kind)[0])

    def records(
        self,
        after_seq: int = 0,
        kinds: Collection[str] | None = None,
        *,
        salvage: list[Unreadable] | None = None,
    ) -> Iterator[Record]:
        """Every record after ``after_seq`` in seq order, optionally only of some kinds (a str is one kind).

        Read in keyset pages (``seq > last seen ... LIMIT``), so memory stays bounded and the read
        survives commits made while it runs (a replay commits as it goes); it stops at the last
        record that existed when it began. With ``salvage``, a row whose columns are not a record's
        is noted there and passed over.
        """
        if isinstance(kinds, str):
            kinds = (kinds,)
        return self._stream(after_seq, None if kinds is None else list(kinds), salvage)

    def _stream(self, after_seq: int, kinds: list[str] | None, salvage: list[Unreadable] | None) -> Iterator[Record]:
        if kinds is not None and not kinds:
            return
        last = self.last_seq()
        where = "" if kinds is None else " AND kind = ANY(%s)"
        sql = (
            f"SELECT {_COLUMNS} FROM crisissim.records WHERE exercise = %s AND seq > %s AND seq <= %s{where}"
            " ORDER BY seq LIMIT %s"
        )
        done = after_seq
        while done < last:
            params: list[Any] = [self.exercise, done, last]
            if kinds is not None:
                params.append(kinds)
            rows = self._all(sql, [*params, _CHUNK])
            if not rows:
                return
            for row in rows:
                done = int(row[0])
                record = self._read(row, salvage)
                if record is not None:
                    yield record
            if len(rows) < _CHUNK:
                return

    def _read(self, row: tuple[Any, ...], salvage: list[Unreadable] | None) -> Record | None:
        if salvage is None:
            return Record.from_row(self.location, row)
        try:
            return Record.from_row(self.location, row)
        except JournalError as exc:
            salvage.append(Unreadable(int(row[0]), row[3] if isinstance(row[3], str) else "", exc.what))
            return None

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]:
        """Records newer than ``after_seq``, at most ``limit``: how another process follows a live exercise."""
        rows = self._all(
            f"SELECT {_COLUMNS} FROM crisissim.records WHERE exercise = %s AND seq > %s ORDER BY seq LIMIT %s",
            [self.exercise, after_seq, limit],
        )
        return [Record.from_row(self.location, row) for row in rows]

    def last(self, kind: str | None = None) -> Record | None:
        """The newest record, of one kind or of any; ``None`` if there is none."""
        if kind is None:
            sql, params = "WHERE exercise = %s", [self.exercise]
        else:
            sql, params = "WHERE exercise = %s AND kind = %s", [self.exercise, kind]
        rows = self._all(f"SELECT {_COLUMNS} FROM crisissim.records {sql} ORDER BY seq DESC LIMIT 1", params)
        return Record.from_row(self.location, rows[0]) if rows else None

    def _one(self, sql: str, *params: Any) -> tuple[Any, ...]:
        return self._all(sql, [self.exercise, *params])[0]

    def _all(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        if self._closed:
            raise JournalError(self.location, "cannot be read: it has been closed")
        try:
            return self._conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            if self._tip is not None:
                raise self._failed(exc) from exc
            raise _translate(self.location, exc) from exc

    # -- aside -----------------------------------------------------------------------------------

    def set_aside(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` in ``crisissim.aside``: no record, no seq, outside the hash
        chain and the append-only triggers (which guard records, meta and exercises). Within the
        open write transaction if there is one (durable at its commit), else at once."""
        if self._readonly:
            raise JournalError(self.location, "cannot be written: it was opened read-only; nothing was written")
        if self._closed:
            raise JournalError(self.location, "cannot be written: it has been closed")
        sql = (
            "INSERT INTO crisissim.aside (exercise, key, value) VALUES (%s, %s, %s)"
            " ON CONFLICT (exercise, key) DO UPDATE SET value = EXCLUDED.value"
        )
        try:
            self._conn.execute(sql, (self.exercise, key, value))
        except psycopg.Error as exc:
            if self._tip is not None:
                raise self._failed(exc) from exc
            raise _translate(self.location, exc, writing=True) from exc

    def aside(self, key: str) -> str | None:
        """What :meth:`set_aside` kept under ``key`` (committed, or this store's own pending); None if nothing."""
        rows = self._all("SELECT value FROM crisissim.aside WHERE exercise = %s AND key = %s", [self.exercise, key])
        return str(rows[0][0]) if rows else None

    # -- news ------------------------------------------------------------------------------------

    def wait(self, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds for a commit to this exercise by anyone; the seq it said, or None.

        A nudge only (a notification is lost while nobody listens): read what is new with :meth:`tail`
        after it, and after a timeout too. Listens on this store's connection from the first call.
        """
        try:
            if not self._listening:
                self._conn.execute(f"LISTEN {CHANNEL}")
                self._listening = True
            for notice in self._conn.notifies(timeout=timeout):
                try:
                    said = json.loads(notice.payload)
                except ValueError:
                    continue
                if isinstance(said, dict) and said.get("exercise") == self.exercise:
                    seq = said.get("seq")
                    return seq if isinstance(seq, int) else None
        except psycopg.Error as exc:
            raise _translate(self.location, exc) from exc
        return None

    # -- playing and closing -------------------------------------------------------------------

    def acquire_owner(self) -> None:
        """Claim the right to play this exercise: a session advisory lock on it, refused if another session holds it.

        PostgreSQL holds the lock for this store's connection and drops it when the connection ends,
        however the process ends, so a crash never leaves a stale claim; whoever reaches the same
        exercise (another host, another spelling of the URL) asks for the same lock.
        """
        if self._owner:
            return
        if self._closed:
            raise JournalError(self.location, "cannot be played: it has been closed")
        try:
            got = self._conn.execute("SELECT pg_try_advisory_lock(%s, %s)", (_LOCK_SPACE, self._id)).fetchone()
        except psycopg.Error as exc:
            raise _translate(self.location, exc) from exc
        if not got or not got[0]:
            raise JournalError(self.location, OWNER_TAKEN)
        self._owner = True

    def close(self) -> None:
        """Discard what is not committed, give up the owner lock (with the connection), and close; twice is harmless."""
        if self._closed:
            return
        self._closed = True
        # Said to the server before the connection closes: a backend ends (and drops its locks) a
        # moment after its client has gone, and the next owner may ask in that moment.
        try:
            if self._tip is not None:
                self._rollback()
            if self._owner and not self._conn.closed:
                self._conn.execute("SELECT pg_advisory_unlock(%s, %s)", (_LOCK_SPACE, self._id))
        except psycopg.Error:
            pass  # the connection is gone, and the server drops what it held with it
        finally:
            self._tip = None
            self._owner = False
            self._conn.close()


# -- connections -------------------------------------------------------------------------------------


class _Utf8Dumper(Dumper):
    """Sends ``bytes`` as TEXT: the storms' payloads are UTF-8 JSON already, stored and hashed as they are."""

    format = pq.Format.TEXT
    oid = psycopg.postgres.types["text"].oid

    def dump(self, obj: Any) -> bytes:
        return bytes(obj)


def _connect(where: PostgresLocation, doing: str, *, readonly: bool, busy_timeout: float) -> psycopg.Connection[Any]:
    """A connection in autocommit (transactions are begun by the journal's first append), UTF-8, its timeouts set."""
    try:
        conn = psycopg.connect(
            where.conninfo,
            autocommit=True,
            application_name="crisissim",
            connect_timeout=max(1, round(busy_timeout * 2)),
            client_encoding="UTF8",
        )
    except psycopg.Error as exc:
        raise JournalError(where.shown, f"{doing}: cannot connect to the database ({_said(exc)})") from None
    try:
        conn.adapters.register_dumper(bytes, _Utf8Dumper)
        encoding = conn.execute("SHOW server_encoding").fetchone()
        if encoding is None or str(encoding[0]).upper() not in {"UTF8", "SQL_ASCII"}:
            raise JournalError(
                where.shown,
                f"{doing}: the database's encoding is {encoding[0] if encoding else '?'}; "
                "a crisissim journal needs a UTF8 database (CREATE DATABASE ... ENCODING 'UTF8')",
            )
        settings = f"SET lock_timeout = {max(1, round(busy_timeout * 1000))}"
        if readonly:
            settings += "; SET default_transaction_read_only = on"
        conn.execute(settings)
    except psycopg.Error as exc:
        conn.close()
        raise JournalError(where.shown, f"{doing}: cannot connect to the database ({_said(exc)})") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _make_layout(conn: psycopg.Connection[Any]) -> None:
    """crisissim's tables, triggers and functions, made once per database (by the first journal created there)."""
    if conn.execute("SELECT to_regclass('crisissim.records')").fetchone() != (None,):
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_SPACE, _LAYOUT_LOCK))
        if conn.execute("SELECT to_regclass('crisissim.records')").fetchone() == (None,):
            conn.execute(_LAYOUT.encode())


def _said(exc: psycopg.Error) -> str:
    """The server's or libpq's words, in one short line (libpq's own run over several)."""
    primary = exc.diag.message_primary if isinstance(exc, errors.Error) and exc.diag else None
    text = primary or str(exc) or type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = re.sub(r"^connection to server (at|on) .*? failed: ", "", text)
    return text if len(text) <= 120 else text[:119] + "…"


def _translate(shown: str, exc: psycopg.Error, doing: str = "", *, writing: bool = False) -> JournalError:
    """One user-facing line for whatever PostgreSQL or libpq raised; their words stay in parentheses."""
    said = _said(exc)
    if isinstance(exc, errors.LockNotAvailable):
        return JournalError(shown, _LOCKED)
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return JournalError(shown, f"cannot be written ({said}); nothing was written")
    if isinstance(exc, errors.InsufficientPrivilege):
        return JournalError(shown, f"{doing or 'cannot be used'}: the database user may not do this ({said})")
    if isinstance(exc, errors.RaiseException) and APPEND_ONLY in said:
        return JournalError(shown, f"{said}: nothing was changed")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        lost = "; records since the last commit were not saved" if writing else ""
        return JournalError(
            shown, f"{doing + ': ' if doing else ''}the connection to the database failed ({said}){lost}"
        )
    if writing:
        return JournalError(shown, f"could not be written ({said}); records since the last commit were not saved")
    return JournalError(shown, f"{doing or 'cannot be read'} ({said})")


_PASSWORD = re.compile(r"^([^:/?#]+://[^/?#@:]*):[^/?#@]*@")
_PASSWORD_PARAM = re.compile(r"(?<=[?&])password=[^&#]*(&|$)")


def _without_password(location: str) -> str:
    """The URL without its password (in the user part or as ``password=``), to print and to type again."""
    shown = _PASSWORD.sub(r"\1@", location, count=1)
    shown = _PASSWORD_PARAM.sub("", shown)
    return shown.rstrip("&").replace("?&", "?").removesuffix("?")
