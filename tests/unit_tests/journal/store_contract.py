"""What every journal backend must do: the contract of :class:`crisissim.journal.Store`, as tests.

A backend's test module subclasses :class:`StoreContract` and gives it one fixture, ``location``: a
fresh place where nothing has been created yet (a file path for SQLite, a URL of an empty database
for a server). Every test then makes its stores through :func:`crisissim.journal.create_store` and
:func:`crisissim.journal.open_store`, so the backend is reached the way the product reaches it::

    class TestSQLite(StoreContract):
        @pytest.fixture
        def location(self, tmp_path):
            return str(tmp_path / "drill.sqlite")

A backend that lets a test run raw statements against its tables overrides :meth:`StoreContract.rewrite`
(the append-only tests are skipped otherwise). The pattern is the eventsourcing library's abstract
recorder tests: one suite, many backends, none trusted until it passes.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from crisissim.journal import JournalError, Record, Store, chain, create_store, open_store
from crisissim.journal import records as r
from crisissim.journal.chain import ProblemCode

META = {
    "scenario_id": "test-drill",
    "seed": "5",
    "title": "Übung: Datenpanne bei Müller & Söhne",
    "scenario_text": "crisissim: 1\nid: test-drill\ntitle: 'Alerte SOC: exfiltration détectée'\n" * 50,
}

PLAYED = "is being played by another crisissim process; stop it first (nothing was changed)"

# (sim, wall, kind, role, payload): raw rows, in the languages exercises are run in.
ROWS: list[tuple[float, float, str, str | None, dict[str, Any]]] = [
    (0.0, 1_768_208_400.0, "start", None, {"scenario": "test-drill", "speed": 10}),
    (300.0, 1_768_208_430.0, "fired", "it", {"event": "alert", "title": "Alerte SOC: exfiltration détectée"}),
    (310.0, 1_768_208_431.0, "skipped", None, {"event": "press-call", "because": "condition false"}),
    (320.5, 1_768_208_432.0, "post", None, {"author": "@zoë_ångström", "text": "Wer hat meine Daten? 😡 #Datenleck"}),
    (400.0, 1_768_208_440.0, "action", "comms", {"action": "holding_statement", "text": "Wir prüfen den Vorfall."}),
    (410.0, 1_768_208_441.0, "control", None, {"control": "pause", "by": "facilitator"}),
    (900.0, 1_768_208_490.0, "expectation", "dpo", {"expectation": "holding", "met": True, "late_by": None}),
    (7200.0, 1_768_209_120.0, "end", None, {"reason": "duration", "notes": ["回顾", "Rückblick"]}),
]

# One small, valid typed record of every kind there is, with the role it would be appended by.
ONE_OF_EVERY_KIND: list[tuple[str | None, r.AnyRecord]] = [
    (
        None,
        r.Start(
            scenario="test-drill",
            title="Übung: Datenpanne",
            seed=5,
            language="de",
            start="2026-01-12T09:00:00+01:00",
            duration_s=7200,
            speed=10.0,
        ),
    ),
    (None, r.Due(event="press-call", due_s=600.0)),
    (
        None,
        r.Fired(
            event="press-call",
            kind="enquiry",
            channel="phone",
            title="Een verslaggever belt",
            body="Klopt het dat patiëntgegevens op straat liggen?",
            sender="press",
            to=["comms", "dpo"],
            options={"confirm": "Bevestigen", "hold": "Even wachten"},
            deadline_s=1800,
            due_s=600.0,
            forced=False,
            enquiry=r.Enquiry(
                reporter="Sanne de Vries",
                title="verslaggever",
                outlet="Rijnmond Dagblad",
                medium="krant",
                email="s.devries@example.org",
                phone="+31 10 000 0000",
            ),
        ),
    ),
    (
        None,
        r.Skipped(
            event="ransom-note",
            reason=r.Unreachable(
                after={"chose": "soc-call.isolate"},
                causes=(r.BranchNotTaken(event="soc-call", option="isolate", chosen="watch"),),
            ),
            due_s=900.0,
        ),
    ),
    (None, r.Clock(clock="gdpr-72h", status=r.ClockChange.STARTED, limit_s=259_200)),
    ("dpo", r.Expectation(expectation="notify", event="alert", status=r.ExpectationStatus.LATE, latency_s=4000.5)),
    (None, r.Storm(storm="rumour", status=r.StormChange.STARTED, crowd=300, until_s=5400.0)),
    (None, r.Reaction(storm="rumour", rate=1.5, sentiment=-0.25)),
    (
        None,
        r.Reception(
            answers=12,
            action="statement",
            points=(
                r.RubricPoint(code="apologises", delta=0.1, evidence="excuses"),
                r.RubricPoint(code="no-contact", delta=-0.08),
            ),
            mood=0.02,
            volume=0.98,
        ),
    ),
    (
        None,
        r.Post(
            storm="rumour",
            n=1,
            name="Zoë Ångström",
            handle="@zoe_a",
            persona="worried-patient",
            followers=120,
            verified=False,
            text="Wer hat meine Daten? 😡 #Datenleck",
            sentiment=-0.75,
            likes=3,
            reposts=1,
        ),
    ),
    ("comms", r.Action(action="statement", fields={"text": "Wir prüfen den Vorfall."}, playbook=2)),
    (None, r.Control(control="speed", fields={"speed": 60})),
    (None, r.End(reason=r.EndReason.FACILITATOR)),
    (None, r.Hotwash(answers=["回顾", "Rückblick", ""])),
    (None, r.SeatCode(role="comms", salt="00ff00ff", hash="9f86d081884c7d65")),
    ("comms", r.Request(action="reply", fields={"event": "press-call", "text": "Wir rufen."}, client_id="a1b2c3d4")),
    ("comms", r.Refused(request=14, reason="the exercise has ended")),
    ("comms", r.Join(ok=True, salt="00ff00ff", token_hash="9f86d081884c7d65")),
    (None, r.ControlRequest(control="inject", fields={"title": "Überall", "body": "Alle Teams", "to": ["comms"]})),
]


class Stores:
    """Stores at one fresh location, made the way the product makes them."""

    def __init__(self, contract: StoreContract, location: str) -> None:
        self.contract = contract
        self.location = location

    def create(self, meta: Mapping[str, str] = META) -> Store:
        return self.contract.create(self.location, meta)

    def open(self, *, readonly: bool = False) -> Store:
        return self.contract.open(self.location, readonly=readonly)

    def filled(self, rows: list[tuple[float, float, str, str | None, dict[str, Any]]] = ROWS) -> list[int]:
        """Create the journal with ``rows`` committed in it; their seqs."""
        with self.create() as store:
            seqs = [store.append(*row) for row in rows]
            store.commit()
        return seqs


def expected(seqs: list[int], rows: list[tuple[float, float, str, str | None, dict[str, Any]]] = ROWS) -> list[Record]:
    return [Record(seq, *row) for seq, row in zip(seqs, rows, strict=True)]


class StoreContract:
    """Subclass it (``class TestMyBackend(StoreContract)``) with a ``location`` fixture."""

    REWRITES = (
        "UPDATE records SET payload = '{}' WHERE seq = 1",
        "DELETE FROM records WHERE seq = 1",
        "UPDATE meta SET value = 'other' WHERE key = 'scenario_id'",
        "DELETE FROM meta",
    )
    """Raw statements that would change history; :meth:`rewrite` runs them."""

    @pytest.fixture
    def location(self) -> str:
        raise NotImplementedError("a backend's contract tests give a fresh location")

    @pytest.fixture
    def stores(self, location: str) -> Stores:
        return Stores(self, location)

    # -- hooks a backend may override --------------------------------------------------------------

    def create(self, location: str, meta: Mapping[str, str]) -> Store:
        return create_store(location, meta)

    def open(self, location: str, *, readonly: bool = False) -> Store:
        return open_store(location, readonly=readonly, busy_timeout=1.0)

    def rewrite(self, store: Store, statement: str) -> None:
        """Run ``statement`` through the backend's own connection; it must raise (saying "append-only")."""
        pytest.skip("this backend lets no test run raw statements")

    def tamper(self, location: str, how: str, seq: int) -> None:
        """Change the stored journal behind the store's back, as someone with the file (or the database) could.

        ``how``: ``delete`` record ``seq``; ``edit`` its payload (the text of a post); ``forge`` a new
        action at the end (``seq`` is ignored), as a row inserted by hand. Skipped if the backend
        cannot be reached but through itself.
        """
        pytest.skip("this backend cannot be changed behind its back in a test")

    # -- opening ------------------------------------------------------------------------------------

    def test_a_store_is_a_store_and_says_where_it_is(self, stores: Stores):
        with stores.create() as created:
            assert isinstance(created, Store)
            assert created.location == stores.location
        with stores.open() as opened, stores.open(readonly=True) as reader:
            assert isinstance(opened, Store) and isinstance(reader, Store)
            assert opened.location == reader.location == stores.location

    def test_nothing_is_opened_where_nothing_was_created(self, stores: Stores):
        with pytest.raises(JournalError):
            stores.open()
        with pytest.raises(JournalError):
            stores.open(readonly=True)

    def test_create_refuses_where_a_journal_is_and_leaves_it_as_it_was(self, stores: Stores):
        seqs = stores.filled()
        with pytest.raises(JournalError, match="already exists"):
            stores.create({"scenario_id": "another"})
        with stores.open() as store:
            assert list(store.records()) == expected(seqs)
            assert store.meta["scenario_id"] == "test-drill"

    def test_meta_round_trips(self, stores: Stores):
        with stores.create() as created:
            assert {k: created.meta[k] for k in META} == META
        with stores.open() as store, stores.open(readonly=True) as reader:
            assert {k: store.meta[k] for k in META} == META
            assert dict(store.meta) == dict(reader.meta) == dict(created.meta)
            assert store.meta["schema"] and store.meta["created_by"].startswith("crisissim ")

    def test_meta_maps_strings_to_strings(self, stores: Stores):
        with pytest.raises(TypeError):
            stores.create({"seed": 5})  # type: ignore[dict-item]

    # -- durability ---------------------------------------------------------------------------------

    def test_appended_then_committed_is_durable(self, stores: Stores):
        seqs = stores.filled()
        with stores.open() as store:
            assert list(store.records()) == expected(seqs)
        with stores.open(readonly=True) as reader:
            assert list(reader.records()) == expected(seqs)

    def test_closing_without_commit_discards(self, stores: Stores):
        seqs = stores.filled(ROWS[:2])
        store = stores.open()
        store.append(*ROWS[2])
        store.append_record(1.0, 1.0, None, ONE_OF_EVERY_KIND[0][1])
        store.append_many([(2.0, 2.0, "post", None, '{"text":"never"}')])
        store.close()
        store.close()  # closing twice is harmless
        with stores.open() as store:
            assert list(store.records()) == expected(seqs, ROWS[:2])

    def test_a_with_block_commits_when_it_ends_and_discards_on_an_exception(self, stores: Stores):
        with stores.create() as store:
            store.append(*ROWS[0])
        with pytest.raises(RuntimeError), stores.open() as store:
            store.append(*ROWS[1])
            raise RuntimeError("the step failed")
        with stores.open() as store:
            assert [rec.kind for rec in store.records()] == ["start"]

    def test_others_see_a_transaction_only_once_it_is_committed(self, stores: Stores):
        stores.create().close()
        with stores.open() as engine, stores.open(readonly=True) as seat:
            engine.append(*ROWS[0])
            assert seat.tail(0) == [] and seat.count() == 0 and seat.last() is None
            assert engine.count() == 1 and engine.last_seq() == 1  # its own pending appends it sees
            engine.commit()
            assert [rec.kind for rec in seat.tail(0)] == ["start"]
            engine.commit()  # nothing pending: nothing to do
            seat.commit()  # even read-only

    # -- seq ----------------------------------------------------------------------------------------

    def test_seq_starts_at_1_and_goes_up_by_one(self, stores: Stores):
        with stores.create() as store:
            assert store.last_seq() == 0
            assert [store.append(*row) for row in ROWS[:3]] == [1, 2, 3]
            store.append_many([(5.0, 5.0, "post", None, f'{{"n":{i}}}') for i in range(4)])
            assert store.last_seq() == 7
            assert store.append_record(6.0, 6.0, None, ONE_OF_EVERY_KIND[0][1]) == 8
            store.commit()
        with stores.open() as store:
            assert [rec.seq for rec in store.records()] == list(range(1, 9))
            assert store.append(*ROWS[3]) == 9

    def test_a_discarded_transaction_leaves_no_gap(self, stores: Stores):
        stores.filled(ROWS[:3])
        with pytest.raises(RuntimeError), stores.open() as store:
            assert store.append(*ROWS[3]) == 4
            raise RuntimeError("discard it")
        with stores.open() as store:
            assert store.append(*ROWS[4]) == 4
            store.commit()
            assert [rec.seq for rec in store.records()] == [1, 2, 3, 4]

    def test_seq_goes_on_where_another_store_left_it(self, stores: Stores):
        stores.create().close()
        with stores.open() as first, stores.open() as second:
            assert first.append(*ROWS[0]) == 1
            first.commit()
            assert second.append(*ROWS[1]) == 2
            second.commit()
            assert first.append(*ROWS[2]) == 3
            first.commit()
        with stores.open(readonly=True) as reader:
            assert [(rec.seq, rec.kind) for rec in reader.records()] == [(1, "start"), (2, "fired"), (3, "skipped")]

    # -- reading ------------------------------------------------------------------------------------

    def test_records_filters_by_seq_and_kind_in_seq_order(self, stores: Stores):
        stores.filled()
        with stores.open() as store:
            store.append_many(
                [(1000.0 + i, 2.0e9, "post", None, f'{{"text":"storm {i}"}}') for i in range(5)]
                + [(1010.0, 2.0e9, "action", "it", '{"action":"isolate"}')]
            )
            store.commit()
            assert [rec.seq for rec in store.records()] == list(range(1, 15))
            assert [rec.seq for rec in store.records(after_seq=11)] == [12, 13, 14]
            assert [rec.payload for rec in store.records(after_seq=9, kinds={"post"})] == [
                {"text": f"storm {i}"} for i in range(1, 5)
            ]
            assert [rec.kind for rec in store.records(kinds=["action", "start"])] == ["start", "action", "action"]
            assert [rec.kind for rec in store.records(kinds="end")] == ["end"]
            assert [rec.kind for rec in store.records(kinds=(r.Kind.END, r.Kind.START))] == ["start", "end"]
            assert list(store.records(kinds=[])) == []
            assert list(store.records(kinds=["nothing-of-this-kind"])) == []
            assert list(store.records(after_seq=14)) == []

    def test_records_does_not_chase_appends_made_while_iterating(self, stores: Stores):
        seqs = stores.filled()
        with stores.open() as store:
            replayed = []
            for rec in store.records():
                replayed.append(rec.seq)
                store.append(rec.sim, rec.wall, "control", None, {"echo": rec.seq})
                if rec.seq == 2:
                    store.commit()
            assert replayed == seqs
            assert store.count("control") == 1 + len(ROWS)
            assert [rec.seq for rec in store.records(after_seq=len(ROWS))] == list(
                range(len(ROWS) + 1, 2 * len(ROWS) + 1)
            )

    def test_tail_follows_in_order_up_to_a_limit(self, stores: Stores):
        seqs = stores.filled()
        with stores.open(readonly=True) as seat:
            assert seat.tail(0) == expected(seqs)
            assert seat.tail(0, limit=2) == expected(seqs)[:2]
            assert seat.tail(3, limit=2) == expected(seqs)[3:5]
            assert seat.tail(len(ROWS)) == []
            assert seat.tail(len(ROWS) + 10) == []

    def test_last_and_count(self, stores: Stores):
        with stores.create() as store:
            assert store.last() is None and store.last("post") is None and store.count() == 0
        with stores.open() as store:
            seqs = [store.append(*row) for row in ROWS]
            store.append_many([(2000.0, 2.0e9, "post", None, '{"text":"late"}')])
            store.commit()
            assert store.count() == len(ROWS) + 1
            assert store.count("post") == 2
            assert store.count("nothing-of-this-kind") == 0
            assert store.last() == Record(len(ROWS) + 1, 2000.0, 2.0e9, "post", None, {"text": "late"})
            assert store.last("post") == store.last()
            assert store.last("action") == expected(seqs)[4]
            assert store.last("nothing-of-this-kind") is None

    # -- typed records ------------------------------------------------------------------------------

    def test_the_examples_cover_every_record_kind(self):
        missing = sorted(set(r.TYPES) - {rec.KIND for _, rec in ONE_OF_EVERY_KIND})
        assert not missing, f"add an example of {missing} to ONE_OF_EVERY_KIND in {__name__}"
        assert len(ONE_OF_EVERY_KIND) == len(r.TYPES)

    def test_typed_records_of_every_kind_round_trip(self, stores: Stores):
        with stores.create() as store:
            seqs = [
                store.append_record(60.0 * i, 1.8e9 + i, role, rec) for i, (role, rec) in enumerate(ONE_OF_EVERY_KIND)
            ]
            store.commit()
        with stores.open(readonly=True) as store:
            back = list(store.records())
        assert [rec.seq for rec in back] == seqs
        for i, (got, (role, rec)) in enumerate(zip(back, ONE_OF_EVERY_KIND, strict=True)):
            assert (got.sim, got.wall, got.kind, got.role) == (60.0 * i, 1.8e9 + i, rec.KIND, role)
            assert got.data == rec
            assert got.payload == json.loads(r.encode(rec))

    def test_a_typed_record_and_its_payload_appended_raw_read_the_same(self, stores: Stores):
        with stores.create() as store:
            for role, rec in ONE_OF_EVERY_KIND:
                store.append_record(1.0, 1.0, role, rec)
                store.append(1.0, 1.0, rec.KIND, role, r.to_builtins(rec))
            store.commit()
            back = list(store.records())
        for typed, raw in zip(back[::2], back[1::2], strict=True):
            assert typed.data == raw.data and typed.payload == raw.payload

    # -- append-only --------------------------------------------------------------------------------

    @pytest.mark.parametrize("which", range(len(REWRITES)))
    def test_history_cannot_be_rewritten_even_with_raw_statements(self, stores: Stores, which: int):
        seqs = stores.filled()
        with stores.open() as store, pytest.raises(Exception, match="append-only"):
            self.rewrite(store, self.REWRITES[which])
        with stores.open() as store:
            assert list(store.records()) == expected(seqs)
            assert {k: store.meta[k] for k in META} == META

    def test_a_read_only_store_refuses_every_write(self, stores: Stores):
        seqs = stores.filled()
        writes: list[Callable[[Store], object]] = [
            lambda s: s.append(*ROWS[0]),
            lambda s: s.append_record(1.0, 1.0, None, ONE_OF_EVERY_KIND[0][1]),
            lambda s: s.append_many([(1.0, 1.0, "post", None, "{}")]),
        ]
        with stores.open(readonly=True) as reader:
            for write in writes:
                with pytest.raises(JournalError):
                    write(reader)
                    reader.commit()
            reader.commit()
        with stores.open() as store:
            assert list(store.records()) == expected(seqs)

    # -- the owner ----------------------------------------------------------------------------------

    def test_one_owner_at_a_time_until_it_closes(self, stores: Stores):
        stores.create().close()
        first, second = stores.open(), stores.open()
        try:
            first.acquire_owner()
            first.acquire_owner()  # asking again while holding it is fine
            with pytest.raises(JournalError) as refused:
                second.acquire_owner()
            assert refused.value.what == PLAYED
            with pytest.raises(JournalError, match=re.escape(PLAYED)):
                second.acquire_owner()  # still refused, and refusing changed nothing
            # The owner plays; a store that is not the owner may still append (seats send requests).
            first.append(*ROWS[0])
            first.commit()
            second.append(*ROWS[1])
            second.commit()
            first.close()
            second.acquire_owner()
        finally:
            first.close()
            second.close()
        with stores.open() as third:
            third.acquire_owner()  # closing gave it up
            assert [rec.kind for rec in third.records()] == ["start", "fired"]

    def test_a_refused_owner_can_still_read_and_close(self, stores: Stores):
        seqs = stores.filled()
        with stores.open() as owner, stores.open() as other:
            owner.acquire_owner()
            with pytest.raises(JournalError, match=re.escape(PLAYED)):
                other.acquire_owner()
            assert list(other.records()) == expected(seqs)
        with stores.open() as store:
            store.acquire_owner()

    # -- the hash chain -------------------------------------------------------------------------------

    def test_every_record_is_chained_to_the_one_before(self, stores: Stores):
        with stores.create() as store:
            assert store.chained
            store.append(*ROWS[0])
            store.append_record(1.0, 1.0, "comms", ONE_OF_EVERY_KIND[10][1])
            store.append_many([(2.0 + i, 2.0, "post", None, f'{{"text":"storm {i}"}}') for i in range(3)])
            store.commit()
        with pytest.raises(RuntimeError), stores.open() as seat:
            seat.append(*ROWS[4])  # discarded: the next append takes its seq and its place in the chain
            raise RuntimeError("discard it")
        with stores.open() as engine, stores.open() as seat:
            engine.append(*ROWS[1])
            engine.commit()
            seat.append_record(3.0, 3.0, "comms", ONE_OF_EVERY_KIND[15][1])  # another store, in between
            seat.commit()
            engine.append_many([(4.0, 4.0, "post", None, '{"text":"after the seat"}')])
            engine.commit()
        with stores.open(readonly=True) as reader:
            back = list(reader.records())
            verdict = chain.verify(reader)
            prev = chain.anchor(reader.meta)
        for record in back:  # exactly what docs/journal.md says is hashed (schema 3)
            role = b"~" if record.role is None else b"%d:%b" % (len(record.role.encode()), record.role.encode())
            head = struct.pack(">32sqdd", prev, record.seq, record.sim, record.wall)
            prev = hashlib.sha256(
                head + b"%d:%b" % (len(record.kind), record.kind.encode()) + role + record.text.encode()
            ).digest()
            assert record.hash == prev.hex()
        assert [rec.seq for rec in back] == list(range(1, 9))
        assert verdict.intact and verdict.records == 8 and verdict.head == back[-1].hash
        assert verdict.problems == []

    def test_what_is_kept_aside_is_replaced_and_no_record(self, stores: Stores):
        """A live console's clock, kept beside the records: rewritten, read by others, outside the chain."""
        seqs = stores.filled(ROWS[:2])
        with stores.open() as console, stores.open() as seats:
            assert console.aside("clock") is None
            console.set_aside("clock", '{"sim": 10}')
            assert seats.aside("clock") == '{"sim": 10}'  # committed at once
            console.set_aside("clock", '{"sim": 11}')
            assert seats.aside("clock") == '{"sim": 11}' and console.aside("other") is None
            console.append(*ROWS[2])
            console.set_aside("clock", '{"sim": 12}')  # goes with the pending appends
            assert seats.aside("clock") == '{"sim": 11}' and console.aside("clock") == '{"sim": 12}'
            console.commit()
            assert seats.aside("clock") == '{"sim": 12}'
        with stores.open(readonly=True) as reader:
            assert reader.aside("clock") == '{"sim": 12}'
            assert [r.seq for r in reader.records()] == [*seqs, seqs[-1] + 1]
            assert chain.verify(reader).intact
            with pytest.raises(JournalError):
                reader.set_aside("clock", "{}")

    def test_an_empty_journal_is_intact(self, stores: Stores):
        stores.create().close()
        with stores.open(readonly=True) as reader:
            verdict = chain.verify(reader)
        assert verdict.intact and verdict.records == 0 and verdict.head is None

    @pytest.mark.parametrize(
        ("how", "seq", "code", "where"),
        [
            ("delete", 4, ProblemCode.MISSING, (4, 4)),
            ("edit", 4, ProblemCode.CHANGED, (4, 4)),
            ("edit", 1, ProblemCode.META, (1, 1)),
            ("forge", 0, ProblemCode.UNCHAINED, (len(ROWS) + 1, len(ROWS) + 1)),
        ],
    )
    def test_verify_says_where_a_record_was_deleted_edited_or_forged(
        self, stores: Stores, how: str, seq: int, code: ProblemCode, where: tuple[int, int]
    ):
        stores.filled()
        with stores.open(readonly=True) as reader:
            assert chain.verify(reader).intact
        self.tamper(stores.location, how, seq)
        with stores.open(readonly=True) as reader:
            verdict = chain.verify(reader)
        assert not verdict.intact
        assert [(p.code, p.first, p.last) for p in verdict.problems] == [(code, *where)]
        assert str(where[0]) in verdict.problems[0].line()

    def test_appending_after_a_forged_record_chains_on_and_verify_still_finds_it(self, stores: Stores):
        stores.filled(ROWS[:3])
        self.tamper(stores.location, "forge", 0)
        with stores.open() as store:
            store.append(*ROWS[3])
            store.commit()
        with stores.open(readonly=True) as reader:
            verdict = chain.verify(reader)
        assert [(p.code, p.first) for p in verdict.problems] == [(ProblemCode.UNCHAINED, 4)]
        assert verdict.records == 5
