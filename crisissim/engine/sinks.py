"""Where the engine's records go: the journal, a journal being replayed, or memory (tests).

Posts are many; they are encoded at once and written with ``append_many`` in the same
transaction as the records around them, in order. ``flush`` commits: the engine flushes at the
end of every step and after every action, so an action is durable before it is confirmed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from crisissim.journal import JournalError, Record
from crisissim.journal import records as rec
from crisissim.journal.interface import Row, Unreadable

if TYPE_CHECKING:
    from crisissim.journal.interface import Store

POST_BATCH = 5000


class MemorySink:
    """Keeps records in a list: for tests and previews that need no file."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, str | None, rec.AnyRecord]] = []

    def emit(self, sim: float, role: str | None, record: rec.AnyRecord) -> int:
        self.entries.append((sim, role, record))
        return len(self.entries)

    def emit_post(self, sim: float, post: rec.Post) -> None:
        self.entries.append((sim, None, post))

    def flush(self) -> None:
        pass

    @property
    def records(self) -> list[tuple[float, str, str | None, dict[str, Any]]]:
        """``(sim, kind, role, payload)`` of each record, the payload as it would be on disk."""
        return [(sim, record.KIND, role, rec.to_builtins(record)) for sim, role, record in self.entries]

    def of(self, kind: str) -> list[dict[str, Any]]:
        """The payloads of one kind, in order."""
        return [rec.to_builtins(record) for _, _, record in self.entries if kind == record.KIND]


_POST = str(rec.Kind.POST)


class JournalSink:
    def __init__(self, journal: Store, wall: Callable[[], float]) -> None:
        self.journal = journal
        self.wall = wall
        self._posts: list[Row] = []

    def _write_posts(self) -> None:
        if self._posts:
            self.journal.append_many(self._posts)
            self._posts = []

    def emit(self, sim: float, role: str | None, record: rec.AnyRecord) -> int:
        self._write_posts()
        return self.journal.append_record(sim, self.wall(), role, record)

    def emit_post(self, sim: float, post: rec.Post) -> None:
        posts = self._posts
        posts.append((sim, self.wall(), _POST, None, rec.encode_post(post)))
        if len(posts) >= POST_BATCH:
            self._write_posts()

    def flush(self) -> None:
        self._write_posts()
        self.journal.commit()


class ReplayMismatch(Exception):
    """The journal holds something other than what this scenario and seed produce."""

    def __init__(self, record: Record, kind: str, expected: rec.AnyRecord) -> None:
        super().__init__(
            f"record {record.seq} is a {record.kind} where this scenario and seed produce a {kind}"
            if record.kind != kind
            else f"record {record.seq} ({record.kind}) differs from what this scenario and seed produce"
        )
        self.record = record
        self.expected = expected


class ReplaySink(JournalSink):
    """Checks the engine's records against a journal's, then appends once past its end.

    Resuming rebuilds the whole state (random streams included) by playing the exercise again
    from T+0 with the journal's actions: every record must come out as it was written. Nothing
    is written until the replay has passed the last record, so a mismatch changes nothing.

    A record that cannot be read (a damaged page, a row that is no record) is passed over and
    kept in :attr:`lost`. Where the engine produces a record the journal does not hold next, and
    a lost record lies before the one it holds, the engine's record takes the lost one's place:
    the replay has restored what it said (:attr:`restored`), since the same inputs give the same
    records. A lost record nothing takes the place of stays lost.
    """

    def __init__(self, journal: Store, wall: Callable[[], float]) -> None:
        super().__init__(journal, wall)
        self.lost: list[Unreadable] = []
        self.restored: list[int] = []
        self._records = journal.records(salvage=self.lost)
        self._existing: Generator[Record] = self._readable()
        self._peek: Record | None = next(self._existing, None)
        self._behind = 0
        """The seq of the last record matched or restored: a lost one before it has no place any more."""
        self.replayed = 0

    def _readable(self) -> Generator[Record]:
        for record in self._records:
            if record.kind in rec.SIDE_KINDS:
                continue
            try:
                record.data  # noqa: B018 - decoded here, so that a bad record is passed over, not met mid-replay
            except JournalError as exc:
                self.lost.append(Unreadable(record.seq, record.kind, exc.what))
                continue
            yield record

    @property
    def held(self) -> Record | None:
        """The journal's next record the replay has not reached yet, if any."""
        return self._peek

    def _check(self, sim: float, role: str | None, record: rec.AnyRecord) -> int:
        held = self._peek
        assert held is not None
        if (
            held.kind != record.KIND
            or held.role != role
            or held.data != record
            or not math.isclose(held.sim, sim, rel_tol=0, abs_tol=1e-6)
        ):
            # a lost record between the last one matched and the one held next: this is its place
            gap = next((lost.seq for lost in self.lost if self._behind < lost.seq < held.seq), None)
            if gap is None:
                raise ReplayMismatch(held, record.KIND, record)
            self.restored.append(gap)
            self._behind = gap
            return gap
        self._peek = next(self._existing, None)
        self._behind = held.seq
        self.replayed += 1
        return held.seq

    def emit(self, sim: float, role: str | None, record: rec.AnyRecord) -> int:
        if self._peek is not None:
            return self._check(sim, role, record)
        return super().emit(sim, role, record)

    def emit_post(self, sim: float, post: rec.Post) -> None:
        if self._peek is not None:
            self._check(sim, None, post)
        else:
            super().emit_post(sim, post)

    def flush(self) -> None:
        if self._peek is None:
            super().flush()

    def close(self) -> None:
        """Stop reading the journal's records (on a mismatch, before the journal is closed)."""
        self._existing.close()
        close = getattr(self._records, "close", None)
        if close is not None:
            close()
        self._peek = None
