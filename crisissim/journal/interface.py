"""What the rest of crisissim needs from a journal, whatever holds it: the :class:`Store` protocol.

The engine, its drivers, seats, the read model and the debrief talk to a journal through
:class:`Store` only; :func:`crisissim.journal.open_store` and :func:`crisissim.journal.create_store`
pick the backend from the location (a file path for SQLite, a ``postgresql://`` URL for
PostgreSQL). A backend is one class that implements :class:`Store` and passes the contract tests
in ``tests/unit_tests/journal/store_contract.py`` (see docs/journal.md, "The store interface and
backends").

The records themselves (:class:`Record`, and the typed payloads of
:mod:`crisissim.journal.records`) and the one error a journal raises (:class:`JournalError`) are
shared by every backend, so they live here rather than beside SQLite.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from types import TracebackType
from typing import Any, Protocol, Self, TypeAlias, runtime_checkable

from crisissim.journal import records

__all__ = ["OWNER_TAKEN", "Closing", "JournalError", "Record", "Row", "Store", "Unreadable", "readable"]

Row: TypeAlias = tuple[float, float, str, str | None, str | bytes]
"""A pre-encoded row for :meth:`Store.append_many`: ``(sim, wall, kind, role, payload_json)``, the
JSON as text or as its UTF-8 bytes (what the storms write: the bytes are stored and hashed as they are)."""

OWNER_TAKEN = "is being played by another crisissim process; stop it first (nothing was changed)"
"""What :meth:`Store.acquire_owner` says when another engine plays the journal (every backend says the same)."""


class JournalError(Exception):
    """Something wrong with a journal, said in one line the command line can print as it is.

    ``str(exc)`` is ``"{path}: error: journal: {what}"``, in the same shape as the scenario's problems;
    ``path`` is the file (or the location, for a journal that is not a file) it is about.
    """

    def __init__(self, path: str | PathLike[str], what: str) -> None:
        self.path = str(path)
        self.what = what
        super().__init__(f"{self.path}: error: journal: {what}")

    def __reduce__(self) -> tuple[type[JournalError], tuple[str, str]]:
        return (type(self), (self.path, self.what))


@dataclass(frozen=True)
class Unreadable:
    """A record that is in the journal but cannot be read: a damaged page, or a row that is not a record.

    ``what`` says which field is wrong and what would be right, in the words of a
    :class:`JournalError` (``record 57 (action): payload.action: missing ...``).
    """

    seq: int
    kind: str
    what: str

    def line(self, location: str, after: str = "it is left out") -> str:
        """The one line a command prints for it."""
        return str(JournalError(location, f"{self.said}; {after}"))

    @property
    def said(self) -> str:
        """What is wrong, naming the record."""
        return self.what if self.what.startswith("record ") else f"record {self.seq}: {self.what}"


class Record:
    """One fact of an exercise, as it was appended: where and when, and its typed content.

    The payload is kept as the JSON text the journal holds and decoded on first use, into its
    typed record (:attr:`data`, what the product reads) or into plain JSON values
    (:attr:`payload`, what tools and tests that look at the journal's rows read). :attr:`hash` is
    the record's link in the journal's hash chain (:mod:`crisissim.journal.chain`), as stored; it
    takes no part in comparing records, so two runs of the same exercise compare equal.
    """

    __slots__ = ("_data", "_payload", "_source", "_text", "hash", "kind", "role", "seq", "sim", "wall")

    seq: int
    """1, 2, 3 ... in the order facts became true; the journal's only clock that never lies."""
    sim: float
    """Simulated seconds since T+0."""
    wall: float
    """Wall-clock unix time when it was appended (for the debrief's real-time view)."""
    kind: str
    """One of :class:`crisissim.journal.records.Kind`."""
    role: str | None
    hash: str | None
    """The SHA-256 chain hash stored with it (hex); None in journals before schema 2."""

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
        hash: str | None = None,
    ) -> None:
        self.seq, self.sim, self.wall, self.kind, self.role = seq, sim, wall, kind, role
        self.hash = hash
        self._source = source
        self._data: records.AnyRecord | None = None
        if isinstance(payload, str):
            self._text: str | None = payload
            self._payload: dict[str, Any] | None = None
        else:
            self._text, self._payload = None, dict(payload)

    @classmethod
    def from_row(cls, source: str, row: Sequence[Any]) -> Record:
        """A record from a backend's row ``(seq, sim, wall, kind, role, payload, hash)``, its columns checked.

        A row put in by hand can hold anything (``sim = 'abc'``); it is refused here, with one line
        naming the record, the column and what it must be, rather than failing somewhere later.
        """
        seq, sim, wall, kind, role, payload, digest = row
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise JournalError(source, f"a record's seq is {_shown(seq)}, not a whole number: the journal is damaged")
        if not isinstance(kind, str) or not kind:
            raise JournalError(
                source, f"record {seq}: kind: {_shown(kind)} is not a record kind (start, fired, post, ...)"
            )
        for name, value, meaning in (
            ("sim", sim, "the simulated seconds since T+0, e.g. 300.0"),
            ("wall", wall, "the Unix time it was appended, e.g. 1768208400.0"),
        ):
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                raise JournalError(
                    source, f"record {seq} ({kind}): {name}: {value!r} is not a number; it must be {meaning}"
                )
        if role is not None and not isinstance(role, str):
            raise JournalError(
                source, f"record {seq} ({kind}): role: {_shown(role)} is not a role id (a text, or empty)"
            )
        if not isinstance(payload, str):
            raise JournalError(source, f"record {seq} ({kind}): payload: not JSON text; it must be a JSON object")
        if digest is not None and not isinstance(digest, str):
            digest = repr(digest)
        return cls(seq, float(sim), float(wall), kind, role, payload, source=source, hash=digest)

    @property
    def text(self) -> str:
        """The payload as the JSON text the journal holds (what its hash is over)."""
        if self._text is None:
            self._text = json.dumps(self._payload, ensure_ascii=False, separators=(",", ":"))
        return self._text

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as plain JSON values."""
        if self._payload is None:
            assert self._text is not None
            try:
                payload = json.loads(self._text)
            except ValueError as exc:
                raise self._bad(f"payload: not JSON ({exc.args[0] if exc.args else exc})") from None
            if not isinstance(payload, dict):
                raise self._bad('payload: not a JSON object; it must be one, e.g. {"event": "soc-call"}')
            self._payload = payload
        return self._payload

    @property
    def data(self) -> records.AnyRecord:
        """The typed record; a :class:`JournalError` naming the field if the payload is not one."""
        if self._data is None:
            text = self._text if self._text is not None else json.dumps(self._payload)
            try:
                self._data = records.decode(self.kind, text)
            except records.RecordError as exc:
                raise self._bad(str(exc)) from None
        return self._data

    def _bad(self, what: str) -> JournalError:
        return JournalError(self._source, f"record {self.seq} ({self.kind}): {what}")

    def _key(self) -> tuple[Any, ...]:
        return (self.seq, self.sim, self.wall, self.kind, self.role, self.payload)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.seq, self.kind))

    def __repr__(self) -> str:
        return f"Record({self.seq}, {self.sim}, {self.wall}, {self.kind!r}, {self.role!r}, {self.payload!r})"


def _shown(value: object, limit: int = 40) -> str:
    """A value from a bad row as a message shows it: its repr, cut short (a row can hold megabytes)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@runtime_checkable
class Store(Protocol):
    """An open journal: an append-only log of :class:`Record` s with a few ``meta`` strings beside it.

    The contract every backend keeps (and ``tests/unit_tests/journal/store_contract.py`` checks):

    * **Append-only.** A record, once committed, is never changed or removed, and ``meta`` is
      written once, at creation. The backend refuses rewrites even from raw statements where it can
      (SQLite: triggers).
    * **Durable only at commit.** ``append*`` buffer in an open transaction; :meth:`commit` is the
      moment they become true for everyone. :meth:`close` (or leaving a ``with`` block by an
      exception) discards whatever was not committed. Others see nothing of a transaction until it
      is committed; this store sees its own pending appends in every read.
    * **seq strictly increasing from 1.** The first record is 1 and each one after is one more:
      committed records are numbered 1..n with no gaps, in the order they became true, so a reader
      that has seen seq ``n`` finds everything newer with ``tail(n)``. The numbers of a discarded
      transaction are given again to the next appends.
    * **Aside.** A few strings kept beside the records (:meth:`set_aside`), rewritten as often as
      their writer likes: no record, outside the chain.
    * **One owner.** Any number of stores may read, and seats append requests, but only the one
      that holds :meth:`acquire_owner` plays the exercise. The claim is on the journal itself,
      however it was reached (another path, a link), and ends with :meth:`close` or the process.

    Every failure is a :class:`JournalError`, one line naming the journal.
    """

    @property
    def location(self) -> str:
        """The URL or path this journal was opened from, as it was given."""
        ...

    @property
    def meta(self) -> Mapping[str, str]:
        """The strings written once at creation (scenario text, seed ...), plus ``schema`` and ``created_by``."""
        ...

    def append(self, sim: float, wall: float, kind: str, role: str | None, payload: Mapping[str, Any]) -> int:
        """Buffer one record from a JSON-able mapping and return its seq; durable only at :meth:`commit`.

        The raw write, for tools and tests; the product writes typed records with :meth:`append_record`.
        """
        ...

    def append_record(self, sim: float, wall: float, role: str | None, record: records.AnyRecord) -> int:
        """Buffer one typed record (its kind is the record's) and return its seq; durable only at :meth:`commit`."""
        ...

    def append_many(self, rows: Sequence[Row]) -> None:
        """Buffer many pre-encoded :data:`Row` s at once (social-media storms); durable only at :meth:`commit`."""
        ...

    def commit(self) -> None:
        """Make everything appended so far durable and visible; nearly free when nothing is pending.

        If it fails, the appends stay pending and calling it again retries.
        """
        ...

    def last_seq(self) -> int:
        """The highest seq (this store's pending appends included), 0 for an empty journal."""
        ...

    def count(self, kind: str | None = None) -> int:
        """How many records there are, of one kind or of all (pending appends included)."""
        ...

    @property
    def chained(self) -> bool:
        """Whether its records carry the SHA-256 hash chain (:mod:`crisissim.journal.chain`): schema 2 and later."""
        ...

    @property
    def version(self) -> int:
        """The journal's schema: what its records carry, and how the chain links them (``chain.linker``)."""
        ...

    def records(
        self,
        after_seq: int = 0,
        kinds: Collection[str] | None = None,
        *,
        salvage: list[Unreadable] | None = None,
    ) -> Iterator[Record]:
        """Every record after ``after_seq`` in seq order, optionally only of some kinds (a str is one kind).

        Streams with bounded memory, and stops at the last record that existed when iteration
        began: appending while replaying never makes the loop chase its own tail.

        A record that cannot be read (a damaged page, a row whose columns are not a record's) is a
        :class:`JournalError` naming it. With a ``salvage`` list, it is appended there instead, in
        seq order, and reading goes on with the next record that can be read. Whether a payload is
        a record of its kind is :attr:`Record.data`'s to say, when it is decoded.
        """
        ...

    def tail(self, after_seq: int, limit: int = 10_000) -> list[Record]:
        """The records after ``after_seq`` in seq order, at most ``limit``: how a follower keeps up."""
        ...

    def last(self, kind: str | None = None) -> Record | None:
        """The newest record, of one kind or of any; ``None`` if there is none."""
        ...

    def set_aside(self, key: str, value: str) -> None:
        """Keep ``value`` under ``key`` beside the records, replacing what was there before.

        What is kept aside is no record: it is outside the records, their seqs and their hash
        chain, and nothing reads it to replay or report an exercise. It is for what a live
        console must leave behind however it ends, and would be noise as records: the clock it
        has shown the seats (``crisissim.exercise.serve``). Durable at once, or with the pending
        appends when a transaction is open (then at their :meth:`commit`).
        """
        ...

    def aside(self, key: str) -> str | None:
        """What :meth:`set_aside` last kept under ``key`` (committed, or this store's own); None if nothing."""
        ...

    def acquire_owner(self) -> None:
        """Claim the right to play this journal: one engine decides; refuse with :data:`OWNER_TAKEN` if taken.

        Held until :meth:`close` (or the end of the process, however it ends); asking again while
        holding it does nothing.
        """
        ...

    def close(self) -> None:
        """Discard what is not committed, give up the owner claim, and close; closing twice is harmless."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Commit what is pending if the block finished normally, discard it on an exception; then close."""
        ...


class Closing:
    """The ``with`` block of every backend, as :class:`Store` asks it: commit what is pending if
    the block finished normally, discard it on an exception; then close. A backend gives
    ``commit`` and ``close``."""

    def commit(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
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


def readable(store: Store, after_seq: int = 0, kinds: Collection[str] | None = None) -> Iterator[Record]:
    """The records of ``store`` that can be read and are records of their kind; the others passed over.

    For readers that show what there is (a resumed console, a catching-up seat desk) once the
    command has said what could not be read: a salvaging read whose every record decodes.
    """
    for record in store.records(after_seq, kinds, salvage=[]):
        try:
            record.data  # noqa: B018 - decoded now: a bad one is passed over here, not met later
        except JournalError:
            continue
        yield record
