"""Where the engine's records go: the journal, a journal being replayed, or memory (tests).

Posts are many; they are buffered and written with ``append_many`` in the same transaction
as the records around them, in order. ``flush`` commits: the engine flushes at the end of
every step and after every action, so an action is durable before it is confirmed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from crisissim.engine.storms import PostRecord
from crisissim.journal import Journal, Record
from crisissim.journal.seats import SIDE_KINDS

POST_BATCH = 5000


class MemorySink:
    """Keeps records in a list: for tests and previews that need no file."""

    def __init__(self) -> None:
        self.records: list[tuple[float, str, str | None, dict[str, Any]]] = []

    def emit(self, sim: float, kind: str, role: str | None, payload: dict[str, Any]) -> int:
        self.records.append((sim, kind, role, payload))
        return len(self.records)

    def emit_post(self, post: PostRecord) -> None:
        self.records.append((post.sim, "post", None, post.payload))

    def flush(self) -> None:
        pass

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [payload for _, k, _, payload in self.records if k == kind]


class JournalSink:
    def __init__(self, journal: Journal, wall: Callable[[], float]) -> None:
        self.journal = journal
        self.wall = wall
        self._posts: list[tuple[float, float, str, str | None, str]] = []

    def _write_posts(self) -> None:
        if self._posts:
            self.journal.append_many(self._posts)
            self._posts = []

    def emit(self, sim: float, kind: str, role: str | None, payload: dict[str, Any]) -> int:
        self._write_posts()
        return self.journal.append(sim, self.wall(), kind, role, payload)

    def emit_post(self, post: PostRecord) -> None:
        self._posts.append((post.sim, self.wall(), "post", None, post.payload_json))
        if len(self._posts) >= POST_BATCH:
            self._write_posts()

    def flush(self) -> None:
        self._write_posts()
        self.journal.commit()


class ReplayMismatch(Exception):
    """The journal holds something other than what this scenario and seed produce."""

    def __init__(self, record: Record, kind: str, payload: dict[str, Any]) -> None:
        super().__init__(
            f"record {record.seq} is a {record.kind} where this scenario and seed produce a {kind}"
            if record.kind != kind
            else f"record {record.seq} ({record.kind}) differs from what this scenario and seed produce"
        )
        self.record = record
        self.expected = payload


class ReplaySink(JournalSink):
    """Checks the engine's records against a journal's, then appends once past its end.

    Resuming rebuilds the whole state (random streams included) by playing the exercise again
    from T+0 with the journal's actions: every record must come out as it was written. Nothing
    is written until the replay has passed the last record, so a mismatch changes nothing.
    """

    def __init__(self, journal: Journal, wall: Callable[[], float]) -> None:
        super().__init__(journal, wall)
        self._existing: Iterator[Record] = (r for r in journal.records() if r.kind not in SIDE_KINDS)
        self._peek: Record | None = next(self._existing, None)
        self.replayed = 0

    @property
    def replaying(self) -> bool:
        return self._peek is not None

    def _check(self, sim: float, kind: str, role: str | None, payload: dict[str, Any]) -> int:
        record = self._peek
        assert record is not None
        if (
            record.kind != kind
            or record.role != role
            or record.payload != payload
            or not math.isclose(record.sim, sim, rel_tol=0, abs_tol=1e-6)
        ):
            raise ReplayMismatch(record, kind, payload)
        self._peek = next(self._existing, None)
        self.replayed += 1
        return record.seq

    def emit(self, sim: float, kind: str, role: str | None, payload: dict[str, Any]) -> int:
        if self._peek is not None:
            return self._check(sim, kind, role, payload)
        return super().emit(sim, kind, role, payload)

    def emit_post(self, post: PostRecord) -> None:
        if self._peek is not None:
            self._check(post.sim, "post", None, post.payload)
        else:
            super().emit_post(post)

    def flush(self) -> None:
        if self._peek is None:
            super().flush()
