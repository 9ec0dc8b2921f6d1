"""Tamper evidence: every record carries a SHA-256 hash chained to the one before it.

A journal is evidence (an auditor under NIS2 or DORA reads its report as what the team did), and
the append-only triggers stop only honest mistakes: anyone with the file and ``sqlite3`` can drop
them and delete, edit or insert rows. So each record of a chained journal (schema 2 and later)
carries a link to the one before it. A schema-3 journal (written since the storms' writes were
made cheaper) hashes the bytes the record is stored as:

    hash(n) = SHA-256( hash(n-1) ‖ be64(seq) ‖ f64(sim) ‖ f64(wall) ‖ nb(kind) ‖ nb(role) ‖ UTF-8(payload) )

where ``be64`` is the seq as a signed 64-bit big-endian integer, ``f64`` the stored double as its
8 IEEE 754 bytes (big-endian: exact, with no decimal to format), ``nb(s)`` is ``"{n}:"`` followed
by the ``n`` bytes of ``s`` in UTF-8 (so no field can run into the next), ``nb(role)`` is ``"~"``
for a record without a role, and ``payload`` is the JSON text exactly as stored, last and whole.
A schema-2 journal (:func:`link_text`, kept so that those journals still verify) hashes

    hash(n) = SHA-256( hash(n-1) ‖ UTF-8( "{seq}:{sim!r}:{wall!r}:" ‖ ns(kind) ‖ ns(role) ‖ ns(payload) ) )

where ``ns(s)`` is ``"{len(s)}:{s}"`` (the length in characters), ``ns(role)`` is ``"~"`` without a
role and ``sim`` and ``wall`` are Python's shortest round-trip decimal of the stored double
(``repr(float)``). Both say the same of a record; the schema-3 form costs less than half as much for a
storm's post, as it formats no floats and encodes no text a second time. ``hash(0)``, the anchor, is
SHA-256 of ``"crisissim journal chain 1\\n"`` and every meta row (sorted by key) as
``ns(key) ‖ ns(value)``: the scenario text and the seed cannot change either without breaking
record 1 (and the meta holds the schema, so a journal's chain cannot be passed off as the other
form). A record whose predecessor carries no valid hash (a row inserted by hand) chains from 32
zero bytes.

Wall time is inside the hash: it says when the exercise was played and how long the team took in
real time, which is evidence too. So two runs with the same seed have the same records but not the
same hashes; compare journals without the ``wall`` and ``hash`` columns.

Without a secret, a chain proves nothing against someone who rewrites every hash after an edit: it
finds rows deleted, edited or inserted by hand, and a rewrite from some record on when the head
(the last hash, which ``crisissim verify`` prints and the report shows) was written down elsewhere.
:class:`ChainCheck` is the one verifier, used by ``crisissim verify`` and by the report's fold.
"""

from __future__ import annotations

import enum
import hashlib
import re
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crisissim.journal.schema import BYTES_CHAINED_SINCE, SCHEMA_VERSION

if TYPE_CHECKING:
    from crisissim.journal.interface import Record, Store, Unreadable

__all__ = [
    "ZERO",
    "ChainCheck",
    "Linker",
    "Problem",
    "ProblemCode",
    "Verdict",
    "anchor",
    "link",
    "link_text",
    "linker",
    "usable",
    "verify",
]

ZERO = bytes(32)
"""What a record chains from when the one before it has no valid hash."""

_HEX = re.compile(r"[0-9a-f]{64}")


def anchor(meta: Mapping[str, str]) -> bytes:
    """``hash(0)``: the digest of the journal's meta, which record 1 chains from."""
    parts = ["crisissim journal chain 1\n"]
    for key in sorted(meta):
        value = meta[key]
        parts.append(f"{len(key)}:{key}{len(value)}:{value}")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).digest()


Linker = Callable[[bytes, int, float, float, str, "str | None", "str | bytes"], bytes]
"""A chain's link function: ``(prev, seq, sim, wall, kind, role, payload) -> hash``."""

HEAD = struct.Struct(">32sqdd")
"""``hash(n-1) ‖ be64(seq) ‖ f64(sim) ‖ f64(wall)``: the fixed-size head of a schema-3 link, packed at once."""


def tag(kind: str, role: str | None) -> bytes:
    """``nb(kind) ‖ nb(role)`` of a schema-3 link: the same few bytes for every post of a storm."""
    return _nb(kind) + (b"~" if role is None else _nb(role))


def _nb(text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return b"%d:%b" % (len(data), data)


def link(prev: bytes, seq: int, sim: float, wall: float, kind: str, role: str | None, payload: str | bytes) -> bytes:
    """The hash of one record of a schema-3 journal, chained to ``prev`` (see the module's docstring).

    ``payload`` is the stored JSON text, or its UTF-8 bytes as the storms encode it (the same hash).
    """
    data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")
    return hashlib.sha256(HEAD.pack(prev, seq, sim, wall) + tag(kind, role) + data).digest()


def link_text(
    prev: bytes, seq: int, sim: float, wall: float, kind: str, role: str | None, payload: str | bytes
) -> bytes:
    """The hash of one record of a schema-2 journal, chained to ``prev`` (see the module's docstring)."""
    text = payload.decode("utf-8", "surrogatepass") if isinstance(payload, bytes) else payload
    who = "~" if role is None else f"{len(role)}:{role}"
    message = f"{seq}:{float(sim)!r}:{float(wall)!r}:{len(kind)}:{kind}{who}{len(text)}:{text}"
    return hashlib.sha256(prev + message.encode("utf-8", "surrogatepass")).digest()


def linker(schema: int) -> Linker:
    """How the records of a journal of ``schema`` are linked (2 and later: see the module's docstring)."""
    return link if schema >= BYTES_CHAINED_SINCE else link_text


def usable(stored: object) -> bytes | None:
    """A stored hash as bytes, or None if it is none (missing, or not 64 lower-case hex digits)."""
    if isinstance(stored, str) and _HEX.fullmatch(stored):
        return bytes.fromhex(stored)
    return None


class ProblemCode(enum.StrEnum):
    """What is wrong at one place of a journal; the report words each in its own language."""

    MISSING = "missing"
    """Records ``first``..``last`` are not there: deleted (or lost with a damaged page)."""
    CHANGED = "changed"
    """The record does not match its hash: it was changed after it was written."""
    UNCHAINED = "unchained"
    """The record carries no hash: it was not appended by crisissim (inserted by hand)."""
    META = "meta"
    """Record 1 does not match its hash: it, or the journal's meta (scenario, seed), was changed."""
    UNREADABLE = "unreadable"
    """The record cannot be read (a damaged page, or a row that is not a record): it is left out."""


@dataclass(frozen=True)
class Problem:
    """One problem, at record ``first`` (to ``last`` for a run of missing records)."""

    code: ProblemCode
    first: int
    last: int
    kind: str = ""
    what: str = ""

    @property
    def seqs(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    def line(self) -> str:
        """The problem in English, as ``verify`` and ``report`` print it after ``JOURNAL: error: journal:``."""
        kind = f" ({self.kind})" if self.kind else ""
        match self.code:
            case ProblemCode.MISSING:
                if self.first == self.last:
                    return f"record {self.seqs} is missing: deleted after it was written, or lost to damage"
                return f"records {self.seqs} are missing: deleted after they were written, or lost to damage"
            case ProblemCode.CHANGED:
                return f"record {self.seqs}{kind} does not match its hash: it was changed after it was written"
            case ProblemCode.UNCHAINED:
                return f"record {self.seqs}{kind} carries no hash: it was not appended by crisissim (added by hand?)"
            case ProblemCode.META:
                return (
                    f"record {self.seqs}{kind} does not match its hash: it, or the journal's meta "
                    "(scenario, seed, ...), was changed after it was written"
                )
            case ProblemCode.UNREADABLE:
                if self.what.startswith("record "):
                    return self.what
                return f"record{'s' if self.first != self.last else ''} {self.seqs}: {self.what}"


@dataclass
class Verdict:
    """Whether a journal is as it was written, and where it is not."""

    chained: bool
    """The journal carries a hash chain (schema 2 and later)."""
    records: int = 0
    """Records read."""
    last_seq: int = 0
    head: str | None = None
    """The last record's hash (hex): write it down to know later that nothing was rewritten after."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Chained, and nothing missing, changed, added by hand or unreadable."""
        return self.chained and not self.problems

    def as_json(self) -> dict[str, object]:
        """The verdict in the debrief JSON: ``journal``."""
        return {
            "chained": self.chained,
            "intact": self.intact,
            "records": self.records,
            "head": self.head,
            "problems": [
                {"code": str(p.code), "first": p.first, "last": p.last, "kind": p.kind, "what": p.what}
                for p in self.problems
            ],
        }


class ChainCheck:
    """Checks a journal's rows in seq order, as they stream past: ``row(...)`` each, ``unreadable(...)``
    for one that could not be read, then :attr:`verdict`.

    A record after a gap or an unreadable one cannot be checked against its predecessor (the hash it
    chained from is gone); the check goes on from its stored hash, so one problem is reported once.
    """

    def __init__(self, meta: Mapping[str, str], *, chained: bool, schema: int = SCHEMA_VERSION) -> None:
        self.verdict = Verdict(chained=chained)
        self._prev: bytes | None = anchor(meta)
        self._expected = 1
        self._link = linker(schema)

    def _gap_before(self, seq: int) -> None:
        if seq > self._expected:
            self.verdict.problems.append(Problem(ProblemCode.MISSING, self._expected, seq - 1))
            self._prev = None

    def row(self, seq: int, sim: float, wall: float, kind: str, role: str | None, payload: str, stored: object) -> None:
        """One record as stored, with the hash stored beside it."""
        verdict = self.verdict
        verdict.records += 1
        verdict.last_seq = max(verdict.last_seq, seq)
        verdict.head = stored if isinstance(stored, str) else None
        self._gap_before(seq)
        if not verdict.chained:
            self._expected = seq + 1
            return
        own = usable(stored)
        if own is None:
            verdict.problems.append(Problem(ProblemCode.UNCHAINED, seq, seq, kind))
        elif self._prev is not None and self._link(self._prev, seq, sim, wall, kind, role, payload) != own:
            code = ProblemCode.META if seq == 1 else ProblemCode.CHANGED
            verdict.problems.append(Problem(code, seq, seq, kind))
        self._prev = own if own is not None else ZERO
        self._expected = seq + 1

    def record(self, record: Record) -> None:
        """One record as a store read it."""
        self.row(record.seq, record.sim, record.wall, record.kind, record.role, record.text, record.hash)

    def noted(self, salvage: list[Unreadable], before: int | None = None) -> None:
        """Take the unreadable records a salvaging read noted (those before seq ``before``, or all), in order."""
        while salvage and (before is None or salvage[0].seq < before):
            lost = salvage.pop(0)
            self.unreadable(lost.seq, lost.what, lost.kind)

    def bad(self, seq: int, kind: str, what: str) -> None:
        """A record that was read (and checked against its hash) but is not a record its exercise can hold."""
        self.verdict.problems.append(Problem(ProblemCode.UNREADABLE, seq, seq, kind, what))

    def unreadable(self, seq: int, what: str, kind: str = "") -> None:
        """A record that is there but cannot be read (a run of them on a damaged page is one problem)."""
        self._gap_before(seq)
        problems = self.verdict.problems
        last = problems[-1] if problems else None
        if (
            last is not None
            and last.code == ProblemCode.UNREADABLE
            and last.last == seq - 1
            and last.what == what
            and not what.startswith("record ")
        ):
            problems[-1] = Problem(ProblemCode.UNREADABLE, last.first, seq, "", what)
        else:
            problems.append(Problem(ProblemCode.UNREADABLE, seq, seq, kind, what))
        self.verdict.last_seq = max(self.verdict.last_seq, seq)
        self._prev = None
        self._expected = seq + 1


def verify(store: Store, inspect: Callable[[Record], str | None] | None = None) -> Verdict:
    """Read the whole journal (salvaging what can be read) and say whether it is as it was written.

    ``inspect(record)`` may say what is wrong with a record that was read (its payload is not a
    record of its kind, it names an event its scenario does not have): that is a problem too.
    """
    salvage: list[Unreadable] = []
    check = ChainCheck(store.meta, chained=store.chained, schema=store.version)
    for record in store.records(salvage=salvage):
        check.noted(salvage, record.seq)
        check.record(record)
        if inspect is not None and (what := inspect(record)) is not None:
            check.bad(record.seq, record.kind, what)
    check.noted(salvage)
    return check.verdict
