"""The journal is the exercise: what is appended comes back exactly, nothing rewrites it, and a bad file is refused.

Every refusal must be one line a facilitator can act on, and must leave the file's bytes as they were.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crisissim import __version__
from crisissim.journal import SCHEMA_VERSION, Journal, JournalError, Record
from crisissim.journal.store import APPLICATION_ID

META = {"scenario": "test-drill", "seed": "5", "title": "Übung: Datenpanne bei Müller & Söhne"}

# One record of every kind the engine writes, with roles and text in the languages exercises are run in.
ONE_OF_EACH = [
    (0.0, 1_768_208_400.0, "start", None, {"scenario": "test-drill", "speed": 10}),
    (300.0, 1_768_208_430.0, "fired", "it", {"event": "alert", "title": "Alerte SOC: exfiltration détectée"}),
    (310.0, 1_768_208_431.0, "skipped", None, {"event": "press-call", "because": "condition false"}),
    (320.5, 1_768_208_432.0, "post", None, {"author": "@zoë_ångström", "text": "Wer hat meine Daten? 😡 #Datenleck"}),
    (400.0, 1_768_208_440.0, "action", "comms", {"action": "holding_statement", "text": "Wir prüfen den Vorfall."}),
    (410.0, 1_768_208_441.0, "control", None, {"control": "pause", "by": "facilitator"}),
    (900.0, 1_768_208_490.0, "expectation", "dpo", {"expectation": "holding", "met": True, "late_by": None}),
    (960.0, 1_768_208_496.0, "clock", "dpo", {"clock": "gdpr", "state": "started", "limit": 259_200}),
    (7200.0, 1_768_209_120.0, "end", None, {"reason": "duration reached", "notes": ["回顾", "Rückblick"]}),
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "runs" / "drill.journal"


def write_all(journal: Journal, rows=ONE_OF_EACH) -> list[int]:
    seqs = [journal.append(*row) for row in rows]
    journal.commit()
    return seqs


def test_what_was_appended_comes_back_exactly_after_reopening(path):
    with Journal.create(path, META) as journal:
        seqs = write_all(journal)
    assert seqs == list(range(1, len(ONE_OF_EACH) + 1))

    with Journal.open(path) as again:
        assert list(again.records()) == [Record(seq, *row) for seq, row in zip(seqs, ONE_OF_EACH, strict=True)]
        assert again.meta == {**META, "schema": str(SCHEMA_VERSION), "created_by": f"crisissim {__version__}"}


def test_a_journal_is_marked_as_ours_in_the_sqlite_header(path):
    Journal.create(path, META).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_journal_and_its_side_files_are_readable_only_by_their_owner(path):
    old = os.umask(0o000)  # the most careless umask: the 0600 must not depend on the user's
    try:
        journal = Journal.create(path, META)
        journal.append(1.0, 2.0, "post", None, {"text": "the breach, in detail"})
        journal.commit()
        journal.acquire_driver()
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
        journal.close()
    finally:
        os.umask(old)
    assert modes == {f.name: 0o600 for f in files}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE records SET payload = '{}' WHERE seq = 1",
        "DELETE FROM records WHERE seq = 1",
        "INSERT OR REPLACE INTO records (seq, sim, wall, kind, role, payload) VALUES (1, 0, 0, 'post', NULL, '{}')",
        "UPDATE meta SET value = 'other' WHERE key = 'scenario'",
        "DELETE FROM meta",
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('scenario', 'other')",
    ],
)
def test_history_cannot_be_rewritten_even_with_raw_sql(path, statement):
    with Journal.create(path, META) as journal:
        write_all(journal)
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute(statement)
    raw.close()
    with Journal.open(path) as again:
        assert [r.payload for r in again.records()] == [row[4] for row in ONE_OF_EACH]
        assert again.meta["scenario"] == "test-drill"


@pytest.mark.parametrize("existing", [b"notes from last week\n", None])
def test_create_never_overwrites_what_is_there(path, existing):
    if existing is None:
        with Journal.create(path, META) as journal:
            write_all(journal)
    else:
        path.parent.mkdir(parents=True)
        path.write_bytes(existing)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="already exists") as refused:
        Journal.create(path, {"scenario": "another"})
    assert str(refused.value).startswith(f"{path}: error: journal: ")
    assert path.read_bytes() == before


# -- files that are not a journal we can read ------------------------------------------------------


def _text_file(path: Path) -> None:
    path.write_text("scenario: test-drill\nthis is YAML, not a journal\n")


def _empty_file(path: Path) -> None:
    path.touch()


def _other_application(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    raw.execute("INSERT INTO contacts VALUES ('Press office', '+44 20 7946 0000')")
    raw.commit()
    raw.close()


def _newer_schema(path: Path) -> None:
    Journal.create(path, META).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()


def _truncated(path: Path) -> None:
    with Journal.create(path, META) as journal:
        for i in range(2000):
            journal.append(i * 1.5, 0.0, "post", None, {"i": i, "text": "Zoë: who leaked my address? " * 5})
        journal.commit()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    size = path.stat().st_size
    assert size > 40 * 4096, "the test needs a journal of many pages"
    os.truncate(path, size // 2)


def open_and_read_all(path: Path, *, readonly: bool) -> None:
    """Opening checks cheaply; a damaged page may only be met when reading, which must say the same."""
    with Journal.open(path, readonly=readonly) as journal:
        for _ in journal.records():
            pass


@pytest.mark.parametrize("readonly", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (None, "does not exist"),
        (_text_file, "is not a crisissim journal (not an SQLite database)"),
        (_empty_file, "is an empty file, not a crisissim journal (was its creation interrupted?)"),
        (_other_application, "is not a crisissim journal"),
        (
            _newer_schema,
            "was written by a newer crisissim (journal schema 99); "
            f"this one reads schema {SCHEMA_VERSION}: upgrade crisissim",
        ),
        (_truncated, "is damaged (database disk image is malformed): it cannot be read; nothing was changed"),
    ],
    ids=["missing", "text", "empty", "other-application", "newer-schema", "truncated"],
)
def test_a_bad_journal_gets_one_clear_line_and_is_left_as_it_was(
    path: Path, make: Callable[[Path], None] | None, expected: str, readonly: bool
):
    path.parent.mkdir(parents=True)
    if make is not None:
        make(path)
    before = path.read_bytes() if path.exists() else None

    with pytest.raises(JournalError) as refused:
        open_and_read_all(path, readonly=readonly)

    assert str(refused.value) == f"{path}: error: journal: {expected}"
    assert "\n" not in str(refused.value)
    assert (path.read_bytes() if path.exists() else None) == before


# -- other processes -------------------------------------------------------------------------------


def test_a_busy_writer_elsewhere_is_reported_and_nothing_is_lost(path):
    Journal.create(path, META).close()
    journal = Journal.open(path, busy_timeout=0.2)
    journal.append(1.0, 1.0, "action", "comms", {"text": "sent before the other writer came"})
    journal.commit()

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(JournalError) as refused:
        # The write lock is taken by the first append of a transaction, so that is where a writer
        # elsewhere is met (commit() reports the same line if it is met there).
        journal.append(2.0, 2.0, "action", "comms", {"text": "holding statement"})
        journal.commit()
    assert str(refused.value) == (
        f"{path}: error: journal: is locked by another process that is writing to it; "
        "nothing was lost: try again when it has finished"
    )
    other.execute("ROLLBACK")
    other.close()

    journal.append(2.0, 2.0, "action", "comms", {"text": "holding statement"})
    journal.commit()
    assert [r.payload["text"] for r in journal.records()] == ["sent before the other writer came", "holding statement"]
    journal.close()


def test_only_one_process_plays_a_journal(path):
    Journal.create(path, META).close()
    engine = Journal.open(path)
    engine.acquire_driver()
    engine.acquire_driver()  # asking again while holding it is fine

    second = Journal.open(path)
    with pytest.raises(JournalError) as refused:
        second.acquire_driver()
    assert str(refused.value) == (
        f"{path}: error: journal: is being played by another crisissim process; stop it first (nothing was changed)"
    )
    engine.close()
    second.acquire_driver()
    second.close()


def test_a_crashed_engine_does_not_leave_the_journal_unplayable(path):
    Journal.create(path, META).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from crisissim.journal import Journal\n"
            "Journal.open(sys.argv[1]).acquire_driver()\n"
            "print('playing', flush=True)\n"
            "time.sleep(60)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "playing"
        with Journal.open(path) as journal, pytest.raises(JournalError, match="being played by another"):
            journal.acquire_driver()
        holder.kill()  # no close(), no cleanup: the kernel drops the lock with the process
        holder.wait(timeout=10)
        with Journal.open(path) as journal:
            journal.acquire_driver()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_seat_following_the_exercise_sees_each_fact_once_it_is_committed(path):
    engine = Journal.create(path, META)
    seat = Journal.open(path, readonly=True)
    write_all(engine, ONE_OF_EACH[:3])
    seen = seat.tail(0)
    assert [r.kind for r in seen] == ["start", "fired", "skipped"]

    engine.append(*ONE_OF_EACH[3])
    assert seat.tail(seen[-1].seq) == []  # appended is not yet true
    engine.commit()
    assert [r.kind for r in seat.tail(seen[-1].seq)] == ["post"]
    assert len(seat.tail(0, limit=2)) == 2

    seat.commit()  # nothing pending: nothing to do, even read-only
    with pytest.raises(JournalError, match="cannot be written"):
        seat.append(1.0, 1.0, "action", "comms", {})
    seat.close()
    engine.close()


# -- reading ---------------------------------------------------------------------------------------


def test_records_count_and_last_answer_what_the_engine_and_debrief_ask(path):
    with Journal.create(path, META) as journal:
        assert journal.last() is None and journal.last_seq() == 0 and journal.count() == 0
        write_all(journal)
        journal.append_many(
            [(1000.0 + i, 2.0e9, "post", None, f'{{"text":"storm {i}"}}') for i in range(5)]
            + [(1010.0, 2.0e9, "action", "it", '{"action":"isolate"}')]
        )
        journal.commit()

        assert journal.last_seq() == 15
        assert journal.count() == 15
        assert journal.count("post") == 6
        assert journal.count("nothing-of-this-kind") == 0
        assert [r.seq for r in journal.records(after_seq=12)] == [13, 14, 15]
        assert [r.payload for r in journal.records(after_seq=10, kinds={"post"})] == [
            {"text": f"storm {i}"} for i in range(1, 5)
        ]
        assert [r.kind for r in journal.records(kinds=["action", "start"])] == ["start", "action", "action"]
        assert [r.kind for r in journal.records(kinds="end")] == ["end"]
        assert list(journal.records(kinds=[])) == []
        assert journal.last() == Record(15, 1010.0, 2.0e9, "action", "it", {"action": "isolate"})
        assert journal.last("post") == Record(14, 1004.0, 2.0e9, "post", None, {"text": "storm 4"})
        assert journal.last("clock") == Record(8, *ONE_OF_EACH[7])


def test_replaying_while_appending_stops_where_the_journal_ended(path):
    with Journal.create(path, META) as journal:
        write_all(journal)
        replayed = []
        for record in journal.records():
            replayed.append(record.seq)
            journal.append(record.sim, record.wall, "control", None, {"echo": record.seq})
        assert replayed == list(range(1, len(ONE_OF_EACH) + 1))
        assert journal.count("control") == len(ONE_OF_EACH) + 1


def test_only_committed_records_survive_close_and_an_exception_discards_the_step(path):
    with Journal.create(path, META) as journal:
        journal.append(0.0, 0.0, "start", None, {})
    # leaving the block normally commits
    with Journal.open(path) as journal:
        assert journal.count() == 1

    with pytest.raises(RuntimeError), Journal.open(path) as journal:
        journal.append(1.0, 1.0, "fired", None, {"event": "half-done"})
        raise RuntimeError("the step failed")
    journal = Journal.open(path)
    journal.append(2.0, 2.0, "fired", None, {"event": "never committed"})
    journal.close()
    journal.close()  # closing twice is harmless

    with Journal.open(path) as journal:
        assert [r.kind for r in journal.records()] == ["start"]


def test_a_storms_posts_given_as_utf8_bytes_are_stored_as_the_same_json_text(path):
    """The storms hand ``append_many`` each post's JSON as the bytes they encoded: the journal must
    hold them as TEXT (what every reader, seat and older crisissim reads), not as a BLOB."""
    payload = '{"text":"Wie heeft mijn gegevens? 😡 #datalek","handle":"zoë_ångström"}'
    with Journal.create(path, META) as journal:
        journal.append_many([(1.0, 2.0, "post", None, payload.encode()), (2.0, 3.0, "post", None, payload)])
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT typeof(payload), payload FROM records ORDER BY seq").fetchall() == [
            ("text", payload),
            ("text", payload),
        ]
    finally:
        raw.close()
    with Journal.open(path, readonly=True) as journal:
        assert [r.text for r in journal.records()] == [payload, payload]
