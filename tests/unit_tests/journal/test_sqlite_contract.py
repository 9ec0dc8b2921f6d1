"""The SQLite journal passes the store contract, opened by path and by ``sqlite:`` URL; and what only SQLite has.

The owner lock is on the journal file itself: a symlink or a hard link to a journal is the same
journal, in this process and in another one.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import crisissim.journal
import crisissim.journal.store
from crisissim.journal import Journal, JournalError, SQLiteJournal, Store, create_store, open_store
from crisissim.journal.backends import sqlite_path
from tests.unit_tests.journal.store_contract import META, PLAYED, ROWS, StoreContract

ROOT = Path(__file__).resolve().parents[3]


class TestSQLite(StoreContract):
    @pytest.fixture(params=["path", "url"])
    def location(self, request: pytest.FixtureRequest, tmp_path: Path) -> str:
        path = tmp_path / "runs" / "drill.sqlite"
        return str(path) if request.param == "path" else f"sqlite://{path}"

    def rewrite(self, store: Store, statement: str) -> None:
        assert isinstance(store, SQLiteJournal)
        store._conn.execute(statement)  # the backend's own connection: the triggers refuse it too

    def tamper(self, location: str, how: str, seq: int) -> None:
        tamper_sqlite(sqlite_path(location), how, seq)


def tamper_sqlite(path: Path, how: str, seq: int) -> None:
    """What someone with the file and the sqlite3 shell can do: drop the triggers, then delete, edit or insert."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        if how == "forge":  # no trigger stops an insert at the end
            raw.execute(
                "INSERT INTO records (sim, wall, kind, role, payload) VALUES "
                '(5000, 1768213400, \'action\', \'dpo\', \'{"action":"notify_regulator","summary":"on time"}\')'
            )
            return
        raw.execute("DROP TRIGGER records_no_update")
        raw.execute("DROP TRIGGER records_no_delete")
        if how == "delete":
            raw.execute("DELETE FROM records WHERE seq = ?", (seq,))
        else:
            raw.execute("UPDATE records SET payload = replace(payload, 'a', 'o') WHERE seq = ?", (seq,))
    finally:
        raw.close()


# -- the names ---------------------------------------------------------------------------------------


def test_journal_is_the_sqlite_store_under_every_name_it_had():
    assert crisissim.journal.Journal is crisissim.journal.store.Journal is SQLiteJournal
    assert crisissim.journal.store.Record is crisissim.journal.Record
    assert crisissim.journal.store.JournalError is crisissim.journal.JournalError
    assert SQLiteJournal.acquire_driver is SQLiteJournal.acquire_owner


def test_journal_create_and_open_are_stores(tmp_path: Path):
    path = tmp_path / "drill.sqlite"
    with Journal.create(path, META) as created:
        assert isinstance(created, Store) and created.location == str(path)
    with Journal.open(path) as opened:
        assert isinstance(opened, Store) and opened.path == path


# -- locations ---------------------------------------------------------------------------------------


def test_every_form_of_location_reaches_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "runs" / "my drill.sqlite"
    with create_store("sqlite:runs/my%20drill.sqlite", META) as store:
        store.append(*ROWS[0])
    assert path.is_file()
    for location in (
        str(path),
        path,
        "runs/my drill.sqlite",
        f"sqlite://{path}",
        "sqlite:///" + str(path).lstrip("/").replace(" ", "%20"),
        "sqlite:runs/my drill.sqlite",
        f"sqlite:{path}",
        "SQLite:runs/my drill.sqlite",
    ):
        with open_store(location, readonly=True) as store:
            assert store.location == os.fspath(location)
            assert [r.kind for r in store.records()] == ["start"]


def test_a_name_with_a_colon_is_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    create_store("notes:v2.sqlite", META).close()
    create_store(":memory:", META).close()  # a file like any other, not SQLite's in-memory database
    assert (tmp_path / "notes:v2.sqlite").is_file() and (tmp_path / ":memory:").stat().st_size > 0
    with open_store(":memory:") as store:
        assert store.meta["scenario_id"] == "test-drill"


@pytest.mark.parametrize(
    ("location", "shown", "scheme"),
    [
        (
            "mysql://crisis:s3cret@db.example.org:3306/exercises",
            "mysql://crisis:***@db.example.org:3306/exercises",
            "mysql",
        ),
        ("https://example.org/journal.sqlite", "https://example.org/journal.sqlite", "https"),
        ("file:///tmp/journal.sqlite", "file:///tmp/journal.sqlite", "file"),
    ],
)
@pytest.mark.parametrize("opening", ["open", "open read-only", "create"])
def test_other_urls_are_refused_in_one_line(tmp_path: Path, location: str, shown: str, scheme: str, opening: str):
    calls: dict[str, Callable[[], Store]] = {
        "open": lambda: open_store(location),
        "open read-only": lambda: open_store(location, readonly=True),
        "create": lambda: create_store(location, META),
    }
    with pytest.raises(JournalError) as refused:
        calls[opening]()
    doing = "cannot be created" if opening == "create" else "cannot be opened"
    assert str(refused.value) == (
        f"{shown}: error: journal: {doing}: journals at {scheme!r} URLs are not supported by this crisissim; "
        "give a file path (.sqlite) or a postgresql:// URL"
    )
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    ("location", "what"),
    [
        ("sqlite://server/runs/drill.sqlite", "names a file on this machine"),
        ("sqlite:", "names no file"),
        ("sqlite:///", "names no file"),
        ("sqlite:///tmp/drill.sqlite?mode=ro", "takes no options"),
    ],
)
def test_a_sqlite_url_that_names_no_file_here_is_refused(location: str, what: str):
    with pytest.raises(JournalError, match=what) as refused:
        open_store(location)
    assert str(refused.value).startswith(f"{location}: error: journal: cannot be opened: ")
    assert "sqlite:///absolute/path.sqlite or sqlite:relative/path.sqlite" in str(refused.value)


# -- the owner lock holds for the journal, not its name ---------------------------------------------------


def _symlink(path: Path, link: Path) -> None:
    link.symlink_to(path)


def _relative_symlink(path: Path, link: Path) -> None:
    link.symlink_to(os.path.relpath(path, link.parent))


def _hard_link(path: Path, link: Path) -> None:
    link.hardlink_to(path)


LINKS = pytest.mark.parametrize(
    "make_link", [_symlink, _relative_symlink, _hard_link], ids=["symlink", "relative-symlink", "hard-link"]
)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "runs" / "b.sqlite"
    with create_store(path, META) as store:
        store.append(*ROWS[0])
    return path


@pytest.fixture
def other_name(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"  # another folder, so not even a lock file beside it is shared
    folder.mkdir()
    return folder / "link.sqlite"


@LINKS
@pytest.mark.parametrize("first", ["journal", "link"])
def test_a_link_to_a_played_journal_is_refused_in_this_process(journal: Path, other_name: Path, make_link, first: str):
    make_link(journal, other_name)
    names = [journal, other_name] if first == "journal" else [other_name, journal]
    owner, second = open_store(names[0]), open_store(names[1])
    try:
        owner.acquire_owner()
        with pytest.raises(JournalError) as refused:
            second.acquire_owner()
        assert str(refused.value) == f"{names[1]}: error: journal: {PLAYED}"
        owner.close()
        second.acquire_owner()
    finally:
        owner.close()
        second.close()


HOLD = """\
import sys
from crisissim.journal import JournalError, open_store
store = open_store(sys.argv[1])
try:
    store.acquire_owner()
except JournalError as exc:
    print(exc, flush=True)
    sys.exit(3)
print("playing", flush=True)
sys.stdin.read()  # until the test closes our stdin
store.close()
"""


@contextlib.contextmanager
def played_elsewhere(name: Path) -> Iterator[None]:
    """Another process plays the journal by ``name`` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(name)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "playing"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
        holder.stdout.close()


def try_to_play_elsewhere(name: Path) -> tuple[int, str]:
    """Another process tries to play the journal by ``name``: its exit code and what it said."""
    done = subprocess.run(
        [sys.executable, "-c", HOLD, str(name)], input="", capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    return done.returncode, done.stdout.strip()


@LINKS
@pytest.mark.parametrize("first", ["journal", "link"])
def test_a_link_to_a_journal_another_process_plays_is_refused(journal: Path, other_name: Path, make_link, first: str):
    make_link(journal, other_name)
    names = [journal, other_name] if first == "journal" else [other_name, journal]
    with played_elsewhere(names[0]), open_store(names[1]) as store:
        with pytest.raises(JournalError) as refused:
            store.acquire_owner()
        assert str(refused.value) == f"{names[1]}: error: journal: {PLAYED}"
    with open_store(names[1]) as store:
        store.acquire_owner()  # the other process has ended: its claim went with it
        assert try_to_play_elsewhere(names[0]) == (3, f"{names[0]}: error: journal: {PLAYED}")
    assert try_to_play_elsewhere(names[0]) == (0, "playing")


SEAT = """import sys
from crisissim.journal import open_store
with open_store(sys.argv[1]) as seat:
    seen = [r.kind for r in seat.tail(0)]
    seat.append(5.0, 5.0, "request", "comms", {"action": "reply", "text": "from the seat"})
print(",".join(seen), flush=True)
"""


# Not through a hard link: SQLite keeps the newest writes in a "-wal" file beside the name a journal
# was opened by, so a process that opens another name for the same file does not see them (docs/journal.md).
@pytest.mark.parametrize("make_link", [_symlink, _relative_symlink], ids=["symlink", "relative-symlink"])
def test_sqlite_works_as_ever_while_the_journal_file_is_locked(journal: Path, other_name: Path, make_link):
    make_link(journal, other_name)
    with open_store(journal) as engine:
        engine.acquire_owner()
        engine.append(*ROWS[1])
        engine.commit()
        seat = subprocess.run(
            [sys.executable, "-c", SEAT, str(other_name)], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert (seat.returncode, seat.stdout.strip()) == (0, "start,fired"), seat.stderr
        assert [(r.kind, r.role) for r in engine.tail(2)] == [("request", "comms")]
        engine.append(*ROWS[2])
        engine.commit()
    with open_store(other_name, readonly=True) as reader:
        assert [r.kind for r in reader.records()] == ["start", "fired", "request", "skipped"]


CLOSE_ONE = """import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM records").fetchone()
conn.close()  # the last connection anywhere to close deletes the WAL
"""


def test_closing_one_journal_keeps_the_locks_sqlite_holds_for_another_in_this_process(journal: Path):
    """Closing any descriptor of a file drops all of this process's POSIX locks on it, SQLite's too."""
    wal = Path(f"{journal}-wal")
    seat = open_store(journal)
    assert seat.count() == 1  # a WAL connection now holds its shared lock on the file
    for _ in range(3):
        with open_store(journal) as engine:
            engine.acquire_owner()
        with open_store(journal, readonly=True):
            pass
        subprocess.run([sys.executable, "-c", CLOSE_ONE, str(journal)], check=True, timeout=60)
        assert wal.exists(), "another process took the journal for closed while this one still had it open"
    seat.append(*ROWS[1])
    seat.commit()
    seat.close()
    subprocess.run([sys.executable, "-c", CLOSE_ONE, str(journal)], check=True, timeout=60)
    assert not wal.exists()  # with nothing open here, the last close elsewhere does delete it
    with open_store(journal) as store:
        assert [r.kind for r in store.records()] == ["start", "fired"]


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_opening_a_journal_again_and_again_keeps_no_more_descriptors(journal: Path):
    def open_and_close() -> None:
        with open_store(journal, readonly=True) as seat:
            seat.tail(0)
        with open_store(journal) as other, pytest.raises(JournalError, match=re.escape(PLAYED)):
            other.acquire_owner()

    with open_store(journal) as engine:
        engine.acquire_owner()
        open_and_close()  # SQLite, too, keeps a closed connection's descriptor while another is open
        before = _open_descriptors()
        for _ in range(50):
            open_and_close()
        assert _open_descriptors() == before
    assert _open_descriptors() < before
