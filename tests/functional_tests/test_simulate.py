"""``simulate`` and ``report`` as a user runs them: journals, debriefs, determinism, kill and resume.

Every command runs as a subprocess (``python -m crisissim``), so exit codes, stdout and stderr are
what a facilitator sees. A fast run of the default scenario takes a second or two; the runs that
several tests share are module-scoped fixtures and tests work on copies of their journals.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from crisissim.scenario import load
from crisissim.scenario.library import DEFAULT_SCENARIO, resolve

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
QUICKSTART = "first-hour-quickstart"
CLI = (sys.executable, "-m", "crisissim")
PACED_SPEED = "20000"  # the default scenario's 72 hours in about 13 s of wall time

DEBRIEF_KEYS = {
    "scenario",
    "seed",
    "format",
    "sim_seconds",
    "wall_seconds",
    "events",
    "expectations",
    "clocks",
    "actions",
    "posts",
    "notification",
}

QUICKSTART_PLAYBOOK = """\
playbook: 1
scenario: first-hour-quickstart
actions:
  - {at: 6m, role: it, action: choose, event: login-alert, option: reset-all}
  - {after: it-findings, delay: 8m, role: dpo, action: decision, text: This is a notifiable breach, owner: DPO}
  - {after: reporter, delay: 5m, role: comms, action: statement, channels: [website, press], text: We investigate.}
"""

SILENT_PLAYBOOK = "playbook: 1\nactions: []\n"


# helpers ----------------------------------------------------------------------------------------


def crisissim(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def simulate(journal: Path, *extra: str | Path, scenario: str = DEFAULT_SCENARIO, playbook: Path | None = PLAYBOOK):
    args: list[str | Path] = ["simulate", scenario, "--journal", journal, *extra]
    if playbook is not None:
        args += ["--playbook", playbook]
    result = crisissim(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # no playbook step was refused
    return result


def debrief(journal: Path) -> dict[str, Any]:
    result = crisissim("report", journal, "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """The debrief without the fields that may differ between equal exercises: wall time, and the
    journal's last hash (the hash chain covers wall time, docs/journal.md)."""
    out = {k: v for k, v in summary.items() if k != "wall_seconds"}
    if "journal" in out:
        out["journal"] = {k: v for k, v in out["journal"].items() if k != "head"}
    return out


def sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def records(journal: Path) -> list[tuple[int, float, str, str | None, dict[str, Any]]]:
    """Every record as (seq, sim, kind, role, payload), read with plain sqlite3, read-only."""
    conn = sqlite3.connect(f"{journal.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT seq, sim, kind, role, payload FROM records ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [(seq, sim, kind, role, json.loads(payload)) for seq, sim, kind, role, payload in rows]


def record_count(journal: Path) -> int:
    """How many records a live journal holds now; 0 while it is still being created."""
    if not journal.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{journal.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def copy_journal(source: Path, target: Path) -> Path:
    """Copy a closed journal as a backup would: the file and its write-ahead log, if any."""
    shutil.copyfile(source, target)
    if sibling(source, "-wal").exists():
        shutil.copyfile(sibling(source, "-wal"), sibling(target, "-wal"))
    return target


def fold_wal(journal: Path) -> None:
    """Checkpoint the write-ahead log into the file itself, so that the file's bytes are the whole journal."""
    conn = sqlite3.connect(journal)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not sibling(journal, "-wal").exists() or sibling(journal, "-wal").stat().st_size == 0


def snapshot(journal: Path) -> tuple[str | None, str | None]:
    """The journal's bytes (file, and write-ahead log if it holds anything), as hashes."""

    def digest(path: Path) -> str | None:
        if not path.exists() or (path != journal and path.stat().st_size == 0):
            return None  # SQLite may leave an empty -wal beside a file it only read
        return hashlib.sha256(path.read_bytes()).hexdigest()

    return digest(journal), digest(sibling(journal, "-wal"))


def kill_paced_run(journal: Path, min_records: int) -> int:
    """Start a paced simulate of the default scenario, SIGKILL it once the journal holds
    ``min_records`` records, and return how many it held just before the kill."""
    proc = subprocess.Popen(
        [
            *CLI,
            "simulate",
            DEFAULT_SCENARIO,
            "--playbook",
            str(PLAYBOOK),
            "--journal",
            str(journal),
            "--speed",
            PACED_SPEED,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        count = 0
        while count < min_records:
            assert proc.poll() is None, f"the paced run ended before it could be killed: {proc.stderr.read()}"
            assert time.monotonic() < deadline, f"the journal holds only {count} records after 60 s"
            time.sleep(0.02)
            count = record_count(journal)
        assert proc.poll() is None, "the paced run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        return count
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def assert_one_journal_error(result: subprocess.CompletedProcess[str], journal: Path, *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert line.startswith(f"{journal}: error: journal: "), line
    for word in words:
        assert word in line, line
    return line


def mean_sentiment(journal: Path) -> float:
    posts = [payload["sentiment"] for _, _, kind, _, payload in records(journal) if kind == "post"]
    assert posts
    return sum(posts) / len(posts)


# shared runs ------------------------------------------------------------------------------------


@dataclass
class Played:
    journal: Path
    stdout: str
    debrief: dict[str, Any]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Played:
    """The default scenario with the example playbook, fast, the scenario's seed: the reference run."""
    journal = tmp_path_factory.mktemp("reference") / "reference.sqlite"
    result = simulate(journal)
    return Played(journal, result.stdout, debrief(journal))


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A paced run of the reference killed early: the journal as SIGKILL left it. Tests use copies."""
    journal = tmp_path_factory.mktemp("interrupted") / "killed.sqlite"
    kill_paced_run(journal, min_records=300)
    return journal


# 1. simulate writes a journal; report gives the debrief JSON -----------------------------------


def test_simulate_journals_and_report_gives_the_debrief_json(reference: Played):
    journal, summary = reference.journal, reference.debrief
    lines = reference.stdout.splitlines()
    assert lines[0] == f"journal: {journal}"
    assert lines[-1] == f"journal: {journal}"
    assert any(line.startswith("EndEx at T+72:00: ") for line in lines)
    assert journal.is_file()

    assert set(summary) >= DEBRIEF_KEYS
    assert summary["scenario"] == DEFAULT_SCENARIO
    scenario = load(resolve(DEFAULT_SCENARIO)).scenario
    assert scenario is not None
    assert summary["seed"] == scenario.seed
    assert summary["format"] == 1
    assert summary["sim_seconds"] == 72 * 3600
    assert isinstance(summary["wall_seconds"], int | float) and summary["wall_seconds"] >= 0

    events = summary["events"]
    # every scenario event, and the enquiries and articles the press desk generated (issue 11), and
    # the regulators' questions (issue 14)
    generated = {e["id"] for e in events if e["id"].startswith(("press-", "regulator-"))}
    assert {e["id"] for e in events} - generated == {e.id for e in scenario.events}
    for event in events:
        assert {"id", "status", "due_s", "fired_s", "reason"} <= set(event)
        assert event["status"] in ("fired", "skipped", "pending")
        assert (event["fired_s"] is not None) == (event["status"] == "fired")
        assert (event["reason"] is not None) == (event["status"] == "skipped")

    expectations = {x["id"]: x for x in summary["expectations"]}
    for expectation in expectations.values():
        assert {"id", "role", "status", "latency_s", "rating"} <= set(expectation)
        assert expectation["status"] in ("met", "late", "missed", "pending")
    assert expectations["holding"]["status"] == "met"
    assert expectations["holding"]["role"] == "comms"

    clocks = {c["id"]: c for c in summary["clocks"]}
    for clock in clocks.values():
        assert {"id", "status", "started_s", "stopped_s", "limit_s"} <= set(clock)
        assert clock["status"] in ("met", "breached", "running", "idle")
    gdpr = clocks["gdpr-33"]  # the GDPR regime's Art. 33(1) clock
    assert gdpr["status"] == "met"
    assert gdpr["limit_s"] == 72 * 3600
    assert gdpr["started_s"] <= gdpr["stopped_s"] <= gdpr["started_s"] + gdpr["limit_s"]

    steps = yaml.safe_load(PLAYBOOK.read_text(encoding="utf-8"))["actions"]
    actions = summary["actions"]
    assert len(actions) == len(steps)  # every step taken, none twice
    for action in actions:
        assert {"role", "action", "at_s"} <= set(action)
    assert [a["at_s"] for a in actions] == sorted(a["at_s"] for a in actions)
    filings = [a for a in actions if a["action"] == "notify_regulator"]
    assert [(a.get("regime", "gdpr"), a.get("stage", "initial"), a["at_s"] / 3600) for a in filings] == [
        ("nis2", "early_warning", 6),
        ("gdpr", "initial", 8),
        ("nis2", "notification", 30),
        ("gdpr", "followup", 48),
    ]

    posts = summary["posts"]
    assert {"total", "by_storm", "digest"} <= set(posts)
    assert posts["total"] == sum(posts["by_storm"].values()) > 0
    assert re.fullmatch(r"[0-9a-f]{64}", posts["digest"])

    notification = summary["notification"]
    assert {"filed_s", "complete", "missing"} <= set(notification)
    assert notification["filed_s"] == 8 * 3600
    assert notification["complete"] is True
    assert notification["missing"] == []


def test_the_journal_holds_the_whole_exercise(reference: Played):
    rows = records(reference.journal)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][2] == "start" and rows[-1][2] == "end"
    assert rows[-1][1] == 72 * 3600
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)  # simulated time never goes back
    kinds = [r[2] for r in rows]
    assert kinds.count("post") == reference.debrief["posts"]["total"]
    assert kinds.count("action") == len(reference.debrief["actions"])


# 2. determinism ---------------------------------------------------------------------------------


def test_same_scenario_seed_and_playbook_give_the_same_exercise(reference: Played, tmp_path: Path):
    journal = tmp_path / "again.sqlite"
    written = tmp_path / "again.json"
    simulate(journal, "--report", written)
    again = debrief(journal)
    assert comparable(again) == comparable(reference.debrief)
    assert records(journal) == records(reference.journal)
    assert json.loads(written.read_text(encoding="utf-8")) == again  # --report writes the same debrief


def test_another_seed_gives_other_posts(reference: Played, tmp_path: Path):
    journal = tmp_path / "seed.sqlite"
    seed = reference.debrief["seed"] + 1
    simulate(journal, "--seed", str(seed))
    other = debrief(journal)
    assert other["seed"] == seed
    assert other["posts"]["digest"] != reference.debrief["posts"]["digest"]


def test_paced_run_gives_the_same_exercise_as_a_fast_one(tmp_path: Path):
    playbook = tmp_path / "quickstart.playbook.yaml"
    playbook.write_text(QUICKSTART_PLAYBOOK, encoding="utf-8")
    fast, paced = tmp_path / "fast.sqlite", tmp_path / "paced.sqlite"
    simulate(fast, "--seed", "7", scenario=QUICKSTART, playbook=playbook)
    simulate(paced, "--seed", "7", "--speed", "600", scenario=QUICKSTART, playbook=playbook)  # 45m in ~4.5 s
    fast_summary, paced_summary = debrief(fast), debrief(paced)
    assert len(fast_summary["actions"]) == 3
    assert fast_summary["posts"]["total"] > 0
    assert comparable(paced_summary) == comparable(fast_summary)
    assert records(paced) == records(fast)


# 3. SIGKILL and resume --------------------------------------------------------------------------


@pytest.mark.parametrize("kill_after", [300, 4000], ids=["early", "mid-storm"])
def test_killed_run_resumes_to_the_uninterrupted_debrief(
    reference: Played, interrupted: Path, tmp_path: Path, kill_after: int
):
    journal = tmp_path / "killed.sqlite"
    if kill_after == 300:
        copy_journal(interrupted, journal)  # the shared early kill, file and write-ahead log as left
    else:
        kill_paced_run(journal, kill_after)
    before = records(journal)
    assert len(before) >= kill_after
    assert before[-1][2] != "end"

    result = crisissim("simulate", "--resume", journal, "--playbook", PLAYBOOK)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"journal: {journal} (resumed at T+")
    assert "EndEx at T+72:00" in result.stdout

    after = records(journal)
    assert after[: len(before)] == before  # nothing journaled was lost or rewritten
    assert after[-1][2] == "end"
    assert comparable(debrief(journal)) == comparable(reference.debrief)


# 4. resuming a journal that ended ----------------------------------------------------------------


@pytest.mark.parametrize("with_playbook", [True, False], ids=["playbook", "stored-playbook"])
def test_resume_of_an_ended_journal_says_so_and_changes_nothing(reference: Played, tmp_path: Path, with_playbook: bool):
    journal = copy_journal(reference.journal, tmp_path / "ended.sqlite")
    before, count = snapshot(journal), len(records(journal))
    args: list[str | Path] = ["simulate", "--resume", journal]
    if with_playbook:
        args += ["--playbook", PLAYBOOK]
    result = crisissim(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"the exercise in {journal} already ended at T+72:00" in result.stdout
    assert snapshot(journal) == before
    assert len(records(journal)) == count


# 5. bad journals --------------------------------------------------------------------------------


def _bad_journal(kind: str, folder: Path, reference: Path) -> tuple[Path, str]:
    """A journal broken in one way, and a word its error line must hold."""
    if kind == "text":
        path = folder / "notes.sqlite"
        path.write_text("minutes of the crisis team\n", encoding="utf-8")
        return path, "not a crisissim journal"
    if kind == "missing":
        return folder / "missing.sqlite", "does not exist"
    path = copy_journal(reference, folder / f"{kind}.sqlite")
    fold_wal(path)
    if kind == "truncated":
        os.truncate(path, path.stat().st_size // 2)
        return path, "damaged"
    if kind == "newer":
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA user_version = 99")
        finally:
            conn.close()
        fold_wal(path)
        return path, "newer crisissim"
    raise AssertionError(kind)


@pytest.mark.parametrize("command", ["report", "resume"])
@pytest.mark.parametrize("kind", ["text", "missing", "truncated", "newer"])
def test_a_bad_journal_gets_one_line_and_stays_as_it_was(reference: Played, tmp_path: Path, kind: str, command: str):
    journal, word = _bad_journal(kind, tmp_path, reference.journal)
    before = snapshot(journal)
    if command == "report":
        result = crisissim("report", journal, "-o", tmp_path / "debrief.json")
        assert not (tmp_path / "debrief.json").exists()
    else:
        result = crisissim("simulate", "--resume", journal, "--playbook", PLAYBOOK)
    assert_one_journal_error(result, journal, word)
    assert snapshot(journal) == before
    if kind == "missing":
        assert not list(tmp_path.iterdir())  # nothing made for a journal that is not there


def test_resume_waits_for_another_writer_then_says_it_is_locked(interrupted: Path, tmp_path: Path):
    journal = copy_journal(interrupted, tmp_path / "locked.sqlite")
    fold_wal(journal)
    before, count = snapshot(journal), len(records(journal))
    writer = sqlite3.connect(journal, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        # readers are not blocked by a writer: the debrief of a live exercise can be read
        assert debrief(journal)["posts"]["total"] >= 0
        # the CLI waits out the journal's busy timeout (5 s), then gives up
        result = crisissim("simulate", "--resume", journal, "--playbook", PLAYBOOK)
        line = assert_one_journal_error(result, journal)
        assert "locked" in line or "being played" in line
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert snapshot(journal) == before
    assert len(records(journal)) == count


def test_resume_refuses_a_journal_another_process_plays(interrupted: Path, tmp_path: Path):
    journal = copy_journal(interrupted, tmp_path / "played.sqlite")
    fold_wal(journal)
    before = snapshot(journal)
    fd = os.open(f"{journal}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = crisissim("simulate", "--resume", journal, "--playbook", PLAYBOOK)
        assert_one_journal_error(result, journal, "being played by another")
        assert crisissim("report", journal, "-o", "-").returncode == 0  # reading it is fine
    finally:
        os.close(fd)
    assert snapshot(journal) == before


# 6. bad playbooks -------------------------------------------------------------------------------

STEP = "  - {at: 25m, role: it, action: reply, event: soc-call, text: Crisisteam bijeengeroepen}"

# (id, playbook text, [(line, WHERE, words in WHAT, what the column may point at: the field's name or its value)])
BAD_PLAYBOOKS = [
    (
        "unknown-role",
        "playbook: 1\nactions:\n  - {at: 25m, role: itt, action: choose, event: soc-call, option: isolate}\n",
        [(3, "actions[#1].role", ["unknown role 'itt'", "did you mean 'it'"], ("role", "itt"))],
    ),
    (
        "unknown-after-event",
        "playbook: 1\nactions:\n  - {after: soc-cal, role: it, action: reply, event: soc-call, text: Gezien}\n",
        [(3, "actions[#1].after", ["unknown event 'soc-cal'", "did you mean 'soc-call'"], ("after", "soc-cal"))],
    ),
    (
        "unknown-option",
        "playbook: 1\nactions:\n  - {at: 25m, role: it, action: choose, event: soc-call, option: wachten}\n",
        [(3, "actions[#1].option", ["offers no option 'wachten'", "isolate"], ("option", "wachten"))],
    ),
    (
        "at-and-after",
        "playbook: 1\nactions:\n  - {at: 25m, after: soc-call, role: it, action: reply, event: soc-call, text: Hi}\n",
        [(3, "actions[#1].after", ["'at' and 'after'"], ("after", "at"))],
    ),
    (
        "no-version",
        f"actions:\n{STEP}\n",
        [(1, "file", ["playbook: 1"], None)],
    ),
    (
        "unknown-action",
        f"playbook: 1\nactions:\n{STEP}\n  - at: 1h\n    role: comms\n    action: statment\n    text: Onderzoek.\n",
        [(6, "actions[#2].action", ["unknown kind 'statment'", "did you mean 'statement'"], ("action", "statment"))],
    ),
    (
        "field-the-action-lacks",
        "playbook: 1\nactions:\n  - {at: 1h, role: comms, action: statement, text: Wij onderzoeken het., txt: x}\n",
        [(3, "actions[#1].txt", ["'statement' has no field 'txt'", "did you mean 'text'"], ("txt",))],
    ),
]

PROBLEM = re.compile(r"(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<where>[^:]+): (?P<what>.+)")


@pytest.mark.parametrize(("name", "text", "expected"), BAD_PLAYBOOKS, ids=[b[0] for b in BAD_PLAYBOOKS])
def test_a_bad_playbook_gets_one_line_per_problem_and_no_journal(tmp_path: Path, name: str, text: str, expected):
    playbook = tmp_path / f"{name}.playbook.yaml"
    playbook.write_text(text, encoding="utf-8")
    journal = tmp_path / "never.sqlite"
    result = crisissim("simulate", DEFAULT_SCENARIO, "--playbook", playbook, "--journal", journal)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), result.stderr
    source = text.splitlines()
    problems = [PROBLEM.fullmatch(line) for line in lines]
    assert all(problems), result.stderr
    for line, where, words, tokens in expected:
        [problem] = [p for p in problems if p and p["where"] == where]
        assert problem["file"] == str(playbook)
        assert int(problem["line"]) == line
        for word in words:
            assert word in problem["what"]
        if tokens is not None:
            assert source[line - 1][int(problem["col"]) - 1 :].startswith(tokens), problem.group(0)
    assert not list(tmp_path.glob("never.sqlite*"))
    assert not (tmp_path / "runs").exists()


def test_an_unknown_field_is_pointed_at_by_its_name(tmp_path: Path):
    """As in scenario files: a field that should not be there is shown where its name is, not its value."""
    playbook = tmp_path / "typo.playbook.yaml"
    playbook.write_text(
        "playbook: 1\nactions:\n  - at: 1h\n    role: comms\n    action: statement\n"
        "    text: Wij onderzoeken het.\n    txt: x\n",
        encoding="utf-8",
    )
    result = crisissim("simulate", DEFAULT_SCENARIO, "--playbook", playbook, "--journal", tmp_path / "j.sqlite")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{playbook}:7:5: error: actions[#1].txt: "), line


def test_a_bad_playbook_on_resume_leaves_the_journal_alone(interrupted: Path, tmp_path: Path):
    journal = copy_journal(interrupted, tmp_path / "killed.sqlite")
    fold_wal(journal)
    before = snapshot(journal)
    playbook = tmp_path / "bad.playbook.yaml"
    playbook.write_text(BAD_PLAYBOOKS[0][1], encoding="utf-8")
    result = crisissim("simulate", "--resume", journal, "--playbook", playbook)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{playbook}:3:") and "unknown role 'itt'" in line
    assert snapshot(journal) == before


# 7. the storm answers the team ------------------------------------------------------------------


def test_a_silent_team_gets_a_bigger_angrier_storm(reference: Played, tmp_path: Path):
    silent_book = tmp_path / "silent.playbook.yaml"
    silent_book.write_text(SILENT_PLAYBOOK, encoding="utf-8")
    silent = tmp_path / "silent.sqlite"
    simulate(silent, playbook=silent_book)
    quiet, active = debrief(silent), reference.debrief
    assert quiet["actions"] == []
    assert quiet["posts"]["total"] >= 1.5 * active["posts"]["total"]
    assert mean_sentiment(silent) < mean_sentiment(reference.journal) - 0.1
    assert {x["id"]: x["status"] for x in quiet["expectations"]}["holding"] == "missed"


# 8. where report writes -------------------------------------------------------------------------


def test_report_writes_under_reports_by_default(reference: Played, tmp_path: Path):
    result = crisissim("report", reference.journal, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = Path("reports") / f"{reference.journal.stem}.json"
    assert result.stdout.strip() == f"report: {target}"
    assert json.loads((tmp_path / target).read_text(encoding="utf-8")) == reference.debrief
    html = crisissim("report", reference.journal, cwd=tmp_path)  # no format, no -o: HTML
    assert html.stdout.strip() == f"report: {Path('reports') / f'{reference.journal.stem}.html'}"


def test_report_to_an_unknown_format_is_refused(reference: Played, tmp_path: Path):
    result = crisissim("report", reference.journal, "-o", "x.odt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("x.odt: error: report: unknown format 'odt'")
    assert not list(tmp_path.iterdir())


def test_simulate_refuses_a_report_format_before_it_plays(tmp_path: Path):
    journal = tmp_path / "never.sqlite"
    result = crisissim("simulate", QUICKSTART, "--journal", journal, "--report", tmp_path / "debrief.pdf")
    assert result.returncode == 2
    assert "unknown format 'pdf'" in result.stderr
    assert not journal.exists()
