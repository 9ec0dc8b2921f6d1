"""The PostgreSQL journal passes the store contract, and what only a database server has.

Run against a throwaway PostgreSQL the session starts (``postgresql`` in tests/conftest.py); where
none can be started these tests are skipped with the reason, and the SQLite ones still run.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from crisissim.journal import JournalError, Store, chain, create_store, open_store
from crisissim.journal.postgres import CHANNEL, PostgresJournal, PostgresLocation
from tests.postgres_server import Server
from tests.unit_tests.journal.store_contract import META, PLAYED, ROWS, StoreContract, expected

ROOT = Path(__file__).resolve().parents[3]


def exercise_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["exercise"][0]


class TestPostgreSQL(StoreContract):
    @pytest.fixture
    def location(self, pg_location: str) -> str:
        return pg_location

    @pytest.fixture(autouse=True)
    def _server(self, postgresql: Server) -> None:
        self.server = postgresql

    def rewrite(self, store: Store, statement: str) -> None:
        assert isinstance(store, PostgresJournal)
        store._conn.execute("SET search_path = crisissim")  # the statements name the tables bare
        try:
            store._conn.execute(statement)
        finally:
            store._conn.execute("RESET search_path")

    def tamper(self, location: str, how: str, seq: int) -> None:
        """What a superuser of the database can do: switch the triggers off, then delete, edit or insert."""
        exercise = exercise_of(location)
        with psycopg.connect(self.server.conninfo, autocommit=True) as raw:
            raw.execute("SET session_replication_role = replica")  # no user triggers fire
            if how == "forge":
                raw.execute(
                    "INSERT INTO crisissim.records (exercise, seq, sim, wall, kind, role, payload) SELECT %s,"
                    " max(seq) + 1, 5000, 1768213400, 'action', 'dpo',"
                    ' \'{"action":"notify_regulator","summary":"on time"}\' FROM crisissim.records WHERE exercise = %s',
                    (exercise, exercise),
                )
            elif how == "delete":
                raw.execute("DELETE FROM crisissim.records WHERE exercise = %s AND seq = %s", (exercise, seq))
            else:
                raw.execute(
                    "UPDATE crisissim.records SET payload = replace(payload, 'a', 'o')"
                    " WHERE exercise = %s AND seq = %s",
                    (exercise, seq),
                )


# -- many exercises in one database ---------------------------------------------------------------------


def test_exercises_in_one_database_are_streams_of_their_own(postgresql: Server):
    first, second = postgresql.url("team-a-stream"), postgresql.url("team-b-stream")
    with create_store(first, META) as a, create_store(second, {**META, "seed": "6"}) as b:
        assert [a.append(*row) for row in ROWS[:3]] == [1, 2, 3]
        assert [b.append(*row) for row in ROWS[3:5]] == [1, 2]
        a.commit()
        b.commit()
    with open_store(first, readonly=True) as a, open_store(second, readonly=True) as b:
        assert list(a.records()) == expected([1, 2, 3], ROWS[:3])
        assert list(b.records()) == expected([1, 2], ROWS[3:5])
        assert a.meta["seed"] == "5" and b.meta["seed"] == "6"
        assert chain.verify(a).intact and chain.verify(b).intact


def test_one_owner_per_exercise_not_per_database(postgresql: Server):
    a_url, b_url = postgresql.url("owner-a"), postgresql.url("owner-b")
    create_store(a_url, META).close()
    create_store(b_url, META).close()
    with open_store(a_url) as a, open_store(b_url) as b, open_store(a_url) as a_again:
        a.acquire_owner()
        b.acquire_owner()  # another team's engine plays on beside it
        with pytest.raises(JournalError, match=PLAYED.split(";")[0]):
            a_again.acquire_owner()


def test_the_same_records_have_the_same_hashes_as_in_sqlite(postgresql: Server, tmp_path: Path):
    """A record's hash says what it is, not where it is kept."""
    stores = [create_store(postgresql.url("same-as-sqlite"), META), create_store(tmp_path / "same.sqlite", META)]
    for store in stores:
        with store:
            for row in ROWS:
                store.append(*row)
            store.append_many(
                [(5000.0 + i, 2.0e9, "post", None, f'{{"text":"Storm {i} ü \\\\ \\"q\\""}}') for i in range(3)]
            )
    backs = []
    for location in (postgresql.url("same-as-sqlite"), tmp_path / "same.sqlite"):
        with open_store(location, readonly=True) as store:
            backs.append([(r.seq, r.hash, r.text) for r in store.records()])
    assert backs[0] == backs[1] and len(backs[0]) == len(ROWS) + 3


# -- locations --------------------------------------------------------------------------------------------


def test_a_password_in_the_url_is_never_shown(postgresql: Server):
    url = postgresql.url("secret-one").replace("crisissim@", "crisissim:s3cret@")
    with create_store(url + "&password=hunter2", META) as store:  # trust: the password is not asked
        assert "s3cret" not in store.location and "hunter2" not in store.location
        assert store.location == postgresql.url("secret-one")
    refused = "postgresql://crisis:s3cret@127.0.0.1:1/exercises?password=hunter2&exercise=x"
    with pytest.raises(JournalError) as failed:
        open_store(refused)
    assert "s3cret" not in str(failed.value) and "hunter2" not in str(failed.value)
    assert str(failed.value).startswith("postgresql://crisis@127.0.0.1:1/exercises?exercise=x: error: journal: ")


@pytest.mark.parametrize(
    ("location", "what"),
    [
        ("postgresql://db.example.org/exercises", "the URL names no exercise"),
        ("postgres://db.example.org/exercises?exercise=a&exercise=b", "more than one exercise"),
        ("postgresql://db.example.org/exercises?exercise=../etc", "is not a name"),
        ("postgresql://db.example.org/exercises?exercise=a#top", "no #fragment"),
    ],
)
def test_a_url_that_names_no_exercise_is_refused_in_one_line(location: str, what: str):
    for opening in (lambda: open_store(location), lambda: create_store(location, META)):
        with pytest.raises(JournalError, match=what) as refused:
            opening()
        assert "\n" not in str(refused.value)
        assert what == "is not a name" or "postgresql://[user@]host[:port]/database?exercise=NAME" in str(refused.value)


def test_a_database_that_cannot_be_reached_is_one_line():
    with pytest.raises(JournalError) as refused:
        open_store("postgresql://nobody@127.0.0.1:1/nowhere?exercise=drill&connect_timeout=2")
    line = str(refused.value)
    assert line.startswith("postgresql://nobody@127.0.0.1:1/nowhere?exercise=drill&connect_timeout=2: error: journal: ")
    assert "cannot be opened: cannot connect to the database (" in line and "\n" not in line


def test_no_such_exercise_and_an_exercise_already_there_say_so(postgresql: Server):
    with pytest.raises(JournalError, match="does not exist: the database holds no exercise 'never-made'"):
        open_store(postgresql.url("never-made"))
    create_store(postgresql.url("made-once"), META).close()
    with pytest.raises(JournalError, match="already exists; choose a new exercise name"):
        create_store(postgresql.url("made-once"), META)


def test_the_exercise_parameter_is_ours_and_the_rest_is_libpqs():
    where = PostgresLocation.parse(
        "postgresql://u:pw@h:5/db?sslmode=require&exercise=team%2Da&application_name=x", "cannot be opened"
    )
    assert where.exercise == "team-a"
    assert where.conninfo == "postgresql://u:pw@h:5/db?sslmode=require&application_name=x"
    assert where.shown == "postgresql://u@h:5/db?sslmode=require&exercise=team%2Da&application_name=x"


# -- writers, the lock and the nudge ----------------------------------------------------------------------


APPEND = """\
import sys
from crisissim.journal import open_store
with open_store(sys.argv[1]) as store:
    for i in range(int(sys.argv[2])):
        store.append(float(i), 1.0, "request", sys.argv[3], {"n": i})
        store.commit()
"""


def test_writers_in_other_processes_chain_on_without_gaps(postgresql: Server):
    url = postgresql.url("many-writers")
    create_store(url, META).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", APPEND, url, "40", role], cwd=ROOT) for role in ("comms", "dpo", "it")
    ]
    with open_store(url) as engine:
        for i in range(40):
            engine.append(float(i), 1.0, "post", None, {"n": i})
            engine.commit()
    assert [w.wait(timeout=60) for w in writers] == [0, 0, 0]
    with open_store(url, readonly=True) as reader:
        seqs = [r.seq for r in reader.records()]
        verdict = chain.verify(reader)
    assert seqs == list(range(1, 161))
    assert verdict.intact, verdict.problems


def test_a_writer_waits_for_another_and_gives_up_after_its_busy_timeout(postgresql: Server):
    url = postgresql.url("busy-writer")
    create_store(url, META).close()
    with open_store(url) as first, open_store(url, busy_timeout=0.3) as second:
        first.append(*ROWS[0])  # holds the exercise's write lock until it commits
        started = time.monotonic()
        with pytest.raises(JournalError, match="is locked by another process that is writing to it"):
            second.append(*ROWS[1])
        assert 0.2 < time.monotonic() - started < 5
        first.commit()
        assert second.append(*ROWS[1]) == 2  # refused once, fine the next time
        second.commit()


def test_the_owner_lock_ends_with_the_owners_process(postgresql: Server):
    url = postgresql.url("owner-killed")
    create_store(url, META).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom crisissim.journal import open_store\ns = open_store(sys.argv[1])\n"
            "s.acquire_owner()\nprint('playing', flush=True)\ntime.sleep(600)",
            url,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "playing"
        with open_store(url) as store:
            with pytest.raises(JournalError) as refused:
                store.acquire_owner()
            assert str(refused.value) == f"{url}: error: journal: {PLAYED}"
            holder.kill()  # kill -9: no close, no goodbye
            holder.wait(timeout=20)
            for _ in range(100):  # the server notices the connection is gone
                try:
                    store.acquire_owner()
                    break
                except JournalError:
                    time.sleep(0.05)
            else:
                pytest.fail("the killed owner's lock outlived it")
    finally:
        holder.kill()
        holder.wait(timeout=20)
        holder.stdout.close()


def test_a_commit_nudges_listeners_with_the_exercise_and_seq(postgresql: Server):
    url = postgresql.url("nudged")
    create_store(url, META).close()
    other = postgresql.url("not-this-one")
    create_store(other, META).close()
    with open_store(url, readonly=True) as seat:
        assert seat.wait(0.05) is None  # nothing committed: a timeout
        assert isinstance(seat, PostgresJournal)

        def engine() -> None:
            time.sleep(0.1)
            with open_store(other) as elsewhere:
                elsewhere.append(*ROWS[0])  # another exercise's commit does not wake this seat
            with open_store(url) as store:
                store.append(*ROWS[0])
                store.append(*ROWS[1])
                store.append(*ROWS[2])  # one nudge per commit, naming the last seq

        thread = threading.Thread(target=engine)
        thread.start()
        assert seat.wait(10) == 3
        thread.join()
        assert [r.seq for r in seat.tail(0)] == [1, 2, 3]  # the nudge says there is news; the journal says what


def test_the_nudge_is_on_one_channel_per_database(postgresql: Server):
    url = postgresql.url("channel")
    with psycopg.connect(postgresql.conninfo, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with create_store(url, META) as store:
            store.append(*ROWS[0])
        got = next(listener.notifies(timeout=10, stop_after=1))
    assert (got.channel, got.payload) == (CHANNEL, '{"exercise": "' + exercise_of(url) + '", "seq": 1}')


def test_a_read_only_store_is_read_only_in_the_database_too(postgresql: Server):
    url = postgresql.url("read-only")
    create_store(url, META).close()
    with open_store(url, readonly=True) as reader:
        assert isinstance(reader, PostgresJournal)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reader._conn.execute(
                "INSERT INTO crisissim.records (exercise, seq, sim, wall, kind, payload)"
                " VALUES (%s, 1, 0, 0, 'x', '{}')",
                (exercise_of(url),),
            )


def test_meta_cannot_be_added_to_later_even_with_raw_statements(postgresql: Server):
    url = postgresql.url("meta-later")
    create_store(url, META).close()
    with open_store(url) as store:
        assert isinstance(store, PostgresJournal)
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            store._conn.execute(
                "INSERT INTO crisissim.meta (exercise, key, value) VALUES (%s, 'seed', '6')", (exercise_of(url),)
            )
        for statement in ("TRUNCATE crisissim.records", "UPDATE crisissim.exercises SET schema = 9"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                store._conn.execute(statement)


def test_an_owner_that_lost_a_transaction_writes_no_more(postgresql: Server):
    """A failed commit cannot be retried in PostgreSQL: the engine must not journal on past the hole."""
    url = postgresql.url("lost-commit")
    create_store(url, META).close()
    engine = open_store(url)
    with psycopg.connect(postgresql.conninfo, autocommit=True) as admin:
        assert isinstance(engine, PostgresJournal)
        engine.acquire_owner()
        engine.append(*ROWS[0])
        engine.commit()
        engine.append(*ROWS[1])
        pid = engine._conn.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(JournalError, match="records since the last commit were not saved"):
            engine.commit()
        for write in (lambda: engine.append(*ROWS[2]), engine.commit):
            with pytest.raises(JournalError, match="cannot be written any more: 1 records of the engine were lost"):
                write()
        engine.close()
    with open_store(url) as store:
        store.acquire_owner()  # a new store (a resume) plays on from what was saved
        assert [r.seq for r in store.records()] == [1]


def test_a_journal_reopened_by_its_location_connects_as_it_was_first_given():
    """The seats' server reopens the console's journal by its location, which shows no password."""
    given = "postgresql://crisis:s3cret@db.example.org/exercises?exercise=reopened"
    first = PostgresLocation.parse(given, "cannot be opened")
    again = PostgresLocation.parse(first.shown, "cannot be opened")
    assert first.shown == again.shown == again.given == "postgresql://crisis@db.example.org/exercises?exercise=reopened"
    assert again.conninfo == first.conninfo == "postgresql://crisis:s3cret@db.example.org/exercises"
