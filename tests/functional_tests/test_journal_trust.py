"""Journals you can trust, and reports written safely: the "Journals" and "Files written" examples of issue 13.

Each test does to a journal what the adversarial pass did (rows added by hand, a damaged byte, a
deleted row, an edited post, a forged action, a crafted event kind) or to a report what a
facilitator's machine does (an existing folder, a path that cannot be created, a full disk, a
read-only folder), and checks what a user sees: one line per problem naming the record, exit 2,
never a traceback, and what can be read still read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from bs4 import BeautifulSoup

from crisissim.cli import main
from crisissim.debrief.fold import fold
from crisissim.exercise import resume_simulation, start_simulation
from crisissim.journal import chain, open_store, records
from crisissim.journal import sqlite as sqlite_backend
from crisissim.journal.schema import APPLICATION_ID, TRIGGERS

ROOT = Path(__file__).resolve().parents[2]
SMALL = "first-hour-quickstart"  # 45 minutes, ~150 records over ~28 pages: quick, and more than one page


def crisissim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisissim", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=180
    )


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished headless run of the small scenario, kept pristine: tests work on copies."""
    path = tmp_path_factory.mktemp("played") / "played.sqlite"
    assert main(["simulate", SMALL, "--journal", str(path)]) == 0
    return path


@pytest.fixture
def journal(played: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "drill.sqlite"
    shutil.copy(played, copy)
    return copy


def raw(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """What anyone with the file and the sqlite3 shell can do to it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
    finally:
        conn.close()


def last_seq(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT max(seq) FROM records").fetchone()[0])
    finally:
        conn.close()


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    for marker in ("Traceback", "Exception ignored", "crisissim: error: "):
        assert marker not in result.stderr, result.stderr


FIRED_UNKNOWN = json.dumps(
    {
        "event": "no-such-event",
        "kind": "email",
        "channel": "email",
        "title": "Forged",
        "body": "An inject the scenario never had.",
        "from": "nobody",
        "to": ["comms"],
        "options": {},
        "deadline_s": None,
        "due_s": None,
        "forced": False,
    }
)

# (row added by hand, the field the line names, what it says would be right)
HAND_ADDED = {
    "action-payload-empty": (
        ("action", "comms", 300.0, "{}"),
        "payload.action: missing",
        'required: a text naming it, e.g. "statement"',
    ),
    "fired-unknown-event": (
        ("fired", None, 300.0, FIRED_UNKNOWN),
        "payload.event: 'no-such-event' is no event of this scenario",
        "it must be one of:",
    ),
    "sim-not-a-number": (
        ("action", "comms", "abc", '{"action": "statement", "text": "x"}'),
        "sim: 'abc' is not a number",
        "it must be the simulated seconds since T+0",
    ),
}


@pytest.mark.parametrize("case", sorted(HAND_ADDED))
@pytest.mark.parametrize("command", ["report", "verify", "simulate --resume"])
def test_a_row_added_by_hand_is_one_line_naming_its_seq_and_field_and_exit_2(
    journal: Path, tmp_path: Path, case: str, command: str
):
    (kind, role, sim, payload), field, right = HAND_ADDED[case]
    raw(
        journal,
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES (?, 1768213400, ?, ?, ?)",
        params=(sim, kind, role, payload),
    )
    seq = last_seq(journal)
    args = {
        "report": ["report", str(journal), "-o", str(tmp_path / "report.html")],
        "verify": ["verify", str(journal)],
        "simulate --resume": ["simulate", "--resume", str(journal)],
    }[command]
    result = crisissim(*args)
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    lines = result.stderr.splitlines()
    if command == "simulate --resume" and case == "fired-unknown-event":
        # a well-formed record the engine does not produce: the replay refuses, naming it
        assert lines == [
            f"{journal}: error: journal: cannot be resumed: the journal holds records this scenario and seed do not "
            f"produce, from record {seq} (fired) on; it may come from another version of crisissim or its personas "
            "(nothing was changed)"
        ]
        return
    [said] = [line for line in lines if field in line]
    assert said.startswith(f"{journal}: error: journal: record {seq} ({kind}): {field}")
    assert right in said
    if command == "report":
        assert (tmp_path / "report.html").is_file()  # what can be read is still reported


def test_a_replay_mismatch_prints_its_line_and_nothing_after_it(journal: Path):
    raw(
        journal,
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES (60, 0, 'fired', NULL, ?)",
        params=(FIRED_UNKNOWN,),
    )
    result = crisissim("simulate", "--resume", str(journal))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "cannot be resumed" in result.stderr
    no_traceback(result)


# -- one damaged byte --------------------------------------------------------------------------------


def _damage_page(path: Path, page: int) -> None:
    """One byte gone bad: the first byte of a b-tree page (its type) of the file."""
    size = 4096
    with open(path, "r+b") as handle:
        handle.seek(page * size)
        handle.write(b"\x00")


def _damage_text(path: Path, text: str) -> None:
    """One byte of a record's text gone bad (no longer UTF-8)."""
    data = bytearray(path.read_bytes())
    at = data.find(text.encode())
    assert at > 0, "the record's text is not in the file (still in the -wal?)"
    data[at + len(text) // 2] = 0xFF
    path.write_bytes(bytes(data))


def _middle_leaf(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()
    return pages // 2


def test_one_damaged_page_costs_its_records_only_and_report_and_verify_say_which(journal: Path, tmp_path: Path):
    total = last_seq(journal)
    _damage_page(journal, _middle_leaf(journal))
    verify = crisissim("verify", str(journal))
    assert verify.returncode == 2
    no_traceback(verify)
    [line] = verify.stderr.splitlines()
    assert line.startswith(f"{journal}: error: journal: record") and "cannot be read" in line
    report = crisissim("report", str(journal), "-o", str(tmp_path / "r.json"))
    assert report.returncode == 2
    assert report.stderr.splitlines() == [line]
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    [problem] = data["journal"]["problems"]
    lost = problem["last"] - problem["first"] + 1
    assert problem["code"] == "unreadable" and 1 <= lost < 20
    assert data["journal"]["records"] == total - lost and data["journal"]["intact"] is False


def test_a_damaged_record_of_an_interrupted_run_is_restored_by_replay_and_the_run_goes_on(tmp_path: Path):
    clean, damaged = tmp_path / "clean.sqlite", tmp_path / "damaged.sqlite"
    for path in (clean, damaged):
        simulation = start_simulation(SMALL, journal=path)
        with simulation.run.journal:
            simulation.run.engine.start()
            simulation.run.engine.advance_to(1500.0)  # interrupted at T+0:25
    with open_store(damaged, readonly=True) as store:
        post = next(r for r in store.records(kinds="post") if r.sim > 600)
    _damage_text(damaged, post.text)

    outcome = {path: resume_simulation(path) for path in (clean, damaged)}
    assert outcome[clean].run.lost == ()
    assert outcome[damaged].run.lost == (
        f"{damaged}: error: journal: record {post.seq}: cannot be read (its text is not UTF-8): "
        "the journal is damaged there; the replay restored what it said",
    )
    ended = {path: simulation.play() for path, simulation in outcome.items()}
    assert ended[damaged].posts == ended[clean].posts and ended[damaged].fired == ended[clean].fired
    with open_store(clean, readonly=True) as a, open_store(damaged, readonly=True) as b:
        kept, salvaged = fold(a), fold(b)
    assert [p.first for p in salvaged.journal.problems] == [post.seq]  # the byte stays bad in the file
    assert salvaged.posts_by_storm[post.data.storm] == kept.posts_by_storm[post.data.storm] - 1  # type: ignore[union-attr]
    assert salvaged.ended and salvaged.events.keys() == kept.events.keys()


# -- tamper evidence -------------------------------------------------------------------------------------


def _first(path: Path, kind: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT min(seq) FROM records WHERE kind = ?", (kind,)).fetchone()[0])
    finally:
        conn.close()


def test_verify_passes_an_intact_journal_and_prints_its_last_hash(journal: Path):
    result = crisissim("verify", str(journal))
    assert result.returncode == 0 and result.stderr == ""
    conn = sqlite3.connect(journal)
    head = conn.execute("SELECT hash FROM records ORDER BY seq DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert result.stdout.strip() == (
        f"{journal}: intact: {last_seq(journal)} records, each chained to the one before and the first to the "
        f"journal's meta; last hash {head}"
    )


def test_verify_finds_a_deleted_row_an_edited_post_and_a_forged_action_and_the_report_says_so(
    journal: Path, tmp_path: Path
):
    post = _first(journal, "post")
    deleted = post + 3
    raw(
        journal,
        "DROP TRIGGER records_no_update",
        "DROP TRIGGER records_no_delete",
        f"DELETE FROM records WHERE seq = {deleted}",
        f"UPDATE records SET payload = replace(payload, '\"likes\":', '\"likes\":1') WHERE seq = {post}",
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES "
        '(600, 1768213400, \'action\', \'comms\', \'{"action":"statement","text":"We informed everyone at once."}\')',
    )
    forged = last_seq(journal)
    result = crisissim("verify", str(journal))
    assert result.returncode == 2
    no_traceback(result)
    where = f"{journal}: error: journal: "
    assert result.stderr.splitlines() == [
        f"{where}record {post} (post) does not match its hash: it was changed after it was written",
        f"{where}record {deleted} is missing: deleted after it was written, or lost to damage",
        f"{where}record {forged} (action) carries no hash: it was not appended by crisissim (added by hand?)",
    ]

    assert main(["report", str(journal), "-o", str(tmp_path / "r.json")]) == 2
    verdict = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["journal"]
    assert verdict["chained"] is True and verdict["intact"] is False
    assert [(p["code"], p["first"]) for p in verdict["problems"]] == [
        ("changed", post),
        ("missing", deleted),
        ("unchained", forged),
    ]
    # the default scenario is Dutch: the report says it in Dutch, the section linked from the overview
    assert main(["report", str(journal), "-o", str(tmp_path / "r.html")]) == 2
    soup = BeautifulSoup((tmp_path / "r.html").read_text(encoding="utf-8"), "html5lib")
    section = soup.find(id="integrity")
    assert section is not None
    items = [li.get_text(" ", strip=True) for li in section.find_all("li")]
    assert items == [
        f"Record {post} (post) does not match its hash: it was changed after it was written.",
        f"Record {deleted} is missing: deleted after it was written, or lost to damage.",
        f"Record {forged} (action) carries no hash: it was not written by crisissim (added by hand?).",
    ]  # first-hour-quickstart is in English
    assert "not intact" in soup.find(id="overview").get_text()


def test_the_dutch_report_says_the_verdict_in_dutch(tmp_path: Path):
    path = tmp_path / "rijnoord.sqlite"
    simulation = start_simulation("rijnoord-ransomware", journal=path)
    with simulation.run.journal:
        simulation.run.engine.start()
        simulation.run.engine.advance_to(3600.0)
    assert main(["report", str(path), "-o", str(tmp_path / "r.md")]) == 0
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    [line] = [line for line in text.splitlines() if line.startswith("| Journaal |")]
    assert "intact:" in line and "vastleggingen, elk gekoppeld aan de vorige (SHA-256); laatste hash `" in line
    raw(
        path,
        "INSERT INTO records (sim, wall, kind, role, payload) "
        "VALUES (4000, 0, 'end', NULL, '{\"reason\":\"facilitator\"}')",
    )
    assert main(["report", str(path), "-o", str(tmp_path / "r.md")]) == 2
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Integriteit van het journaal" in text
    assert "heeft geen hash: crisissim heeft het niet geschreven (met de hand toegevoegd?)" in text
    assert "| Journaal | niet intact: zie „Integriteit van het journaal”" in text


def _schema_1(path: Path) -> None:
    """A journal as crisissim wrote them before the hash chain (schema 1), with one record."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(
        "CREATE TABLE records (seq INTEGER PRIMARY KEY, sim REAL NOT NULL, wall REAL NOT NULL, kind TEXT NOT NULL,"
        " role TEXT, payload TEXT NOT NULL)"
    )
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("scenario_id", "old"), ("schema", "1"), ("seed", "5")])
    for trigger in TRIGGERS:
        conn.execute(trigger)
    conn.execute(
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES (0, 1, 'end', NULL, '{\"reason\":\"duration\"}')"
    )
    conn.close()


def test_a_journal_of_schema_1_still_reads_goes_on_unchained_and_verify_says_it_carries_no_chain(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    _schema_1(path)
    with open_store(path) as store:
        assert not store.chained
        store.append(1.0, 2.0, "end", None, {"reason": "facilitator"})
        store.commit()
        assert [(r.seq, r.hash) for r in store.records()] == [(1, None), (2, None)]
    result = crisissim("verify", str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{path}: error: journal: carries no hash chain (journal schema 1, written by a crisissim before tamper "
        "evidence): whether records were deleted, changed or added cannot be told"
    ]


def _text_link(prev: bytes, seq: int, sim: float, wall: float, kind: str, role: str | None, payload: str) -> bytes:
    """A schema-2 record's hash, as docs/journal.md says it: the record's fields formatted as text."""
    who = "~" if role is None else f"{len(role)}:{role}"
    text = f"{seq}:{sim!r}:{wall!r}:{len(kind)}:{kind}{who}{len(payload)}:{payload}"
    return hashlib.sha256(prev + text.encode("utf-8")).digest()


def _as_schema_2(path: Path) -> None:
    """The journal as a crisissim of schema 2 wrote it: every link over the formatted text."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
        conn.execute("PRAGMA user_version = 2")
        prev = chain.anchor(dict(conn.execute("SELECT key, value FROM meta").fetchall()))
        rows = conn.execute("SELECT seq, sim, wall, kind, role, payload FROM records ORDER BY seq").fetchall()
        for seq, sim, wall, kind, role, payload in rows:
            prev = _text_link(prev, seq, sim, wall, kind, role, payload)
            conn.execute("UPDATE records SET hash = ? WHERE seq = ?", (prev.hex(), seq))
        for trigger in TRIGGERS:
            conn.execute(trigger)
    finally:
        conn.close()


def test_a_journal_of_schema_2_still_verifies_goes_on_with_its_own_chain_and_verify_names_an_edited_post(
    journal: Path,
):
    _as_schema_2(journal)
    assert crisissim("verify", str(journal)).returncode == 0
    with open_store(journal) as store:
        first_post = next(r.data for r in store.records() if isinstance(r.data, records.Post))
    with open_store(journal) as store:  # what a resumed run appends: a record, then a storm's batch
        assert store.version == 2 and store.chained
        store.append_record(2700.0, 3.0, None, records.Control(control="resume"))
        posts = [msgspec.structs.replace(first_post, n=900 + i, text=f"storm {i} 😡") for i in range(3)]
        store.append_many([(2701.0 + i, 4.0, "post", None, records.encode_post(p)) for i, p in enumerate(posts)])
        store.commit()
    with open_store(journal, readonly=True) as reader:
        back = list(reader.records())
        prev = chain.anchor(reader.meta)
    for record in back:
        prev = _text_link(prev, record.seq, record.sim, record.wall, record.kind, record.role, record.text)
        assert record.hash == prev.hex(), record.seq
    assert back[-1].data == posts[-1]
    result = crisissim("verify", str(journal))
    assert result.returncode == 0, result.stderr
    assert f"intact: {len(back)} records" in result.stdout

    post = next(r.seq for r in back if r.kind == "post")
    edit = f"UPDATE records SET payload = replace(payload, '\"likes\":', '\"likes\":1') WHERE seq = {post}"
    raw(journal, "DROP TRIGGER records_no_update", edit)
    result = crisissim("verify", str(journal))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{journal}: error: journal: record {post} (post) does not match its hash: it was changed after it was written"
    ]


# -- the report's SVG and HTML attributes ----------------------------------------------------------------

SCRIPT = 'x"><script>alert(document.domain)</script><g class="'


def test_a_crafted_event_kind_puts_no_live_script_into_the_report(journal: Path, tmp_path: Path):
    payload = json.loads(FIRED_UNKNOWN) | {"event": "crafted", "kind": SCRIPT, "adhoc": True, "title": "Crafted"}
    raw(
        journal,
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES (900, 0, 'fired', NULL, ?)",
        params=(json.dumps(payload),),
    )
    assert main(["report", str(journal), "-o", str(tmp_path / "r.html")]) == 2  # it carries no hash
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html5lib")
    assert soup.find_all("script") == []
    assert "<script>" not in html
    circles = [c for c in soup.find_all("circle") if "actual" in (c.get("class") or [])]
    assert any(SCRIPT.rstrip('"') in " ".join(c["class"]) for c in circles)  # the kind is there, as a class
    assert main(["report", str(journal), "-o", str(tmp_path / "r.md")]) == 2
    assert "<script>" not in (tmp_path / "r.md").read_text(encoding="utf-8")


# -- report files ------------------------------------------------------------------------------------


def test_a_report_is_written_0600_even_over_a_file_that_was_0644(journal: Path, tmp_path: Path):
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.write_text("an older report")
    target.chmod(0o644)
    old = os.umask(0o000)
    try:
        assert main(["report", str(journal), "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # no temporary file left


def test_o_naming_an_existing_folder_is_one_line_and_exit_2(journal: Path, tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    result = crisissim("report", str(journal), "-o", str(folder))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{folder}: error: report: is a folder; give a file name, e.g. -o {folder / 'report.html'}"
    ]
    assert list(folder.iterdir()) == []


def test_a_report_that_cannot_be_created_is_one_line_and_exit_2(journal: Path, tmp_path: Path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder would have to be")
    target = blocker / "report.html"
    result = crisissim("report", str(journal), "-o", str(target))
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.splitlines() == [
        f"{target}: error: report: cannot be written: {blocker} is a file, not a folder"
    ]


def test_a_full_disk_leaves_no_partial_report_and_the_old_one_as_it_was(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "report.md"
    target.write_text("last week's report")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def fileno(self):
            return self.handle.fileno()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])  # half of it reaches the disk, then it is full
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self):
            pass

    monkeypatch.setattr("crisissim.debrief.export.os.fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    assert main(["report", str(journal), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{target}: error: report: cannot be written (the disk is full: No space left on device); nothing was written"
    ]
    assert target.read_text() == "last week's report"
    assert [p.name for p in tmp_path.iterdir() if "report" in p.name] == ["report.md"]  # no temporary file left


def test_a_journal_in_a_read_only_folder_is_reported(journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Read as immutable: SQLite cannot make the -shm file it reads a WAL journal by in such a folder."""
    opened: list[str] = []
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        opened.append(str(target))
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite_backend, "_folder_writable", lambda folder: folder != journal.parent)
    monkeypatch.setattr(sqlite_backend.sqlite3, "connect", connect)
    assert main(["report", str(journal), "-o", str(tmp_path / "out" / "r.json")]) == 0
    assert opened and all(t.endswith("?immutable=1") for t in opened)
    assert not Path(f"{journal}-shm").exists()


def test_a_journal_with_records_in_its_wal_in_a_read_only_folder_is_refused_in_one_line(
    played: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "live.sqlite"
    shutil.copy(played, path)
    with open_store(path) as store:  # a live exercise, copied while it ran: its last records only in the -wal
        store.append(2800.0, 2.0, "end", None, {"reason": "facilitator"})
        store.commit()
        copy = tmp_path / "copy"
        copy.mkdir()
        shutil.copy(path, copy / "live.sqlite")
        shutil.copy(f"{path}-wal", copy / "live.sqlite-wal")
    monkeypatch.setattr(sqlite_backend, "_folder_writable", lambda folder: folder != copy)
    assert main(["report", str(copy / "live.sqlite"), "-o", str(tmp_path / "r.json")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{copy / 'live.sqlite'}: error: journal: cannot be read here: its newest records are in")


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs unshare -m to mount a folder read-only")
def test_a_journal_on_a_read_only_mount_is_reported(journal: Path, tmp_path: Path):
    folder = journal.parent
    out = tmp_path.parent / f"{tmp_path.name}-out.md"
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f"{sys.executable} -m crisissim report {journal} -o {out}"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# ")


# -- the console of a resumed run -----------------------------------------------------------------------


async def test_the_console_resumes_a_damaged_journal_and_shows_what_could_be_read(tmp_path: Path):
    from crisissim.exercise import resume_live
    from crisissim.tui.app import CrisisApp
    from crisissim.tui.screens.main import MainScreen
    from crisissim.tui.session import live_session
    from tests.functional_tests.tui_support import FrozenWall

    path = tmp_path / "interrupted.sqlite"
    simulation = start_simulation(SMALL, journal=path)
    with simulation.run.journal:
        simulation.run.engine.start()
        simulation.run.engine.advance_to(1500.0)
    with open_store(path, readonly=True) as store:
        post = next(r for r in store.records(kinds="post") if r.sim > 600)
    _damage_text(path, post.text)
    raw(path, "INSERT INTO records (sim, wall, kind, role, payload) VALUES (1500, 0, 'action', 'comms', '{}')")
    forged = last_seq(path)

    live = resume_live(path)
    assert [line.split(": error: journal: ")[1] for line in live.run.lost] == [
        f"record {post.seq}: cannot be read (its text is not UTF-8): the journal is damaged there; "
        "the replay restored what it said",
        f'record {forged} (action): payload.action: missing (required: a text naming it, e.g. "statement"); '
        "it is left out",
    ]
    session = live_session(live.run, speed=live.speed, wall=FrozenWall())
    app = CrisisApp(session, report_folder=tmp_path / "reports", live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        assert isinstance(app.screen, MainScreen) and app.session.view.paused  # a resumed run waits, paused
        assert 1400 < app.session.engine.now <= 1500.0  # where the readable journal left it, not T+0
        fired = [event for event in app.session.view.events.values() if event.fired_s is not None]
        assert fired and max(e.fired_s for e in fired) <= 1500.0  # type: ignore[type-var]
        assert sum(s.total for s in app.session.view.storms.values()) > 0
        await pilot.press("space")
        assert not app.session.clock.paused
    live.run.journal.close()


def test_a_seat_following_the_exercise_passes_over_rows_added_by_hand(journal: Path):
    from crisissim.journal.follower import Follower

    raw(
        journal,
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES ('abc', 0, 'action', 'comms', '{}')",
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES (2700, 0, 'action', 'comms', '{}')",
        "INSERT INTO records (sim, wall, kind, role, payload) VALUES "
        '(2700, 0, \'fired\', NULL, \'{"event":"x","kind":"article","channel":"news","title":"After",'
        '"body":"b","from":"n","to":[],"options":{},"deadline_s":null,"due_s":null,"forced":false}\')',
    )
    seen: list[str] = []
    with open_store(journal, readonly=True) as store:
        follower = Follower(store, "comms", lambda record: seen.append(record.kind))
        while follower.poll(limit=50):
            pass
        assert follower.last_seq == last_seq(journal)
    assert seen[-1] == "fired"  # the article after the bad rows still reached the seat
