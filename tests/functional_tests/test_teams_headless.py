"""Many teams headless, as a user runs them: ``simulate --teams`` into PostgreSQL, then ``report --teams``.

Three teams play the default scenario in the session's throwaway PostgreSQL (``postgresql`` in
tests/conftest.py; skipped with the reason where none can be started), each with its own
playbook: the example team, a hesitant team (docs/examples/rijnoord-hesitant.playbook.yaml) and a
silent one. Each team's debrief must be the one that team gets when it plays alone on SQLite, and
the comparative report must show the three side by side. Bad input is refused, one located line
each, with nothing written. Every command runs as a subprocess.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from crisissim.exercise.teams import team_location
from crisissim.journal import open_store
from crisissim.scenario.library import DEFAULT_SCENARIO
from tests.postgres_server import Server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
PLAYBOOKS = {
    "rijnoord": EXAMPLES / "rijnoord-team.playbook.yaml",
    "noordwest": EXAMPLES / "rijnoord-hesitant.playbook.yaml",
    "zuid": None,  # plays silent
}
TEAMS = ",".join(PLAYBOOKS)
CLI = (sys.executable, "-m", "crisissim")
QUICK = "first-hour-quickstart"
"""A 45-minute scenario: for the cases that need a run but not the default scenario's 72 hours."""


def crisissim(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def debrief(journal: str | Path) -> dict[str, Any]:
    result = crisissim("report", journal, "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """A team's debrief JSON without what differs by design between a team's journal and the same
    team played alone: ``wall_seconds`` (how long the machine took) and ``journal.head``, the last
    hash of the chain, which covers the records' wall times and the journal's meta, where a team's
    journal also says whose it is (exercise, team, teams). Everything else must be equal: events,
    expectations, clocks, actions, posts and their digest, regimes, Art. 34, the record count."""
    out = {k: v for k, v in summary.items() if k != "wall_seconds"}
    out["journal"] = {k: v for k, v in out["journal"].items() if k != "head"}
    return out


@pytest.fixture(scope="module")
def exercise(postgresql: Server) -> tuple[str, subprocess.CompletedProcess[str]]:
    """The three teams on PostgreSQL: the exercise's base location, and what simulate said."""
    base = postgresql.url(f"natex{uuid.uuid4().hex[:6]}")
    args: list[str | Path] = ["simulate", DEFAULT_SCENARIO, "--teams", TEAMS, "--journal", base]
    for team, book in PLAYBOOKS.items():
        args += ["--playbook", f"{team}={book or ''}"]
    result = crisissim(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return base, result


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each team's playbook played alone, the single-team way, on SQLite: the reference."""
    folder = tmp_path_factory.mktemp("alone")
    journals = {}
    for team, book in PLAYBOOKS.items():
        journal = folder / f"{team}.sqlite"
        played = crisissim("simulate", DEFAULT_SCENARIO, *(["--playbook", book] if book else []), "--journal", journal)
        assert played.returncode == 0, played.stderr
        journals[team] = journal
    return journals


def test_each_team_on_postgres_gets_the_debrief_it_gets_alone_on_sqlite(
    exercise: tuple[str, subprocess.CompletedProcess[str]], alone: dict[str, Path]
):
    base, _ = exercise
    reports = {team: debrief(team_location(base, team)) for team in PLAYBOOKS}
    for team, journal in alone.items():
        assert comparable(reports[team]) == comparable(debrief(journal)), team
    # three playbooks, three different exercises: the comparison compares something
    digests = {r["posts"]["digest"] for r in reports.values()}
    assert len(digests) == 3
    assert [r["notification"]["filed_s"] for r in reports.values()] == [8 * 3600.0, 40 * 3600.0, None]


def test_simulate_says_where_each_team_is_and_how_to_report_it(exercise: tuple[str, subprocess.CompletedProcess[str]]):
    base, result = exercise
    out = result.stdout
    assert out.startswith(f"exercise: {base} (3 teams of {DEFAULT_SCENARIO})\n")
    for team in PLAYBOOKS:
        assert f"journal of {team}: {team_location(base, team)}\n" in out
        assert f"report of {team}: crisissim report '{team_location(base, team)}'\n" in out
    assert "team zuid: EndEx at T+72:00" in out and "playbook none (silent)" in out
    assert out.endswith(f"comparative report: crisissim report '{base}' --teams\n")
    with open_store(team_location(base, "noordwest"), readonly=True) as journal:
        assert (journal.meta["team"], journal.meta["teams"]) == ("noordwest", TEAMS)
        assert journal.meta["exercise"] == base.rsplit("exercise=", 1)[1]


def test_the_comparative_json_holds_each_teams_debrief_and_the_comparison(
    exercise: tuple[str, subprocess.CompletedProcess[str]],
):
    base, _ = exercise
    result = crisissim("report", base, "--teams", "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    both = json.loads(result.stdout)
    assert list(both["teams"]) == list(PLAYBOOKS)
    for team in PLAYBOOKS:
        assert comparable(both["teams"][team]) == comparable(debrief(team_location(base, team)))
    comparison = both["comparison"]
    assert comparison["teams"] == list(PLAYBOOKS)
    deadlines = {row["id"]: row["teams"] for row in comparison["deadlines"]}
    gdpr = deadlines["gdpr-33"]
    assert (gdpr["rijnoord"]["status"], gdpr["rijnoord"]["at_s"]) == ("met", 8 * 3600.0)
    assert (gdpr["noordwest"]["status"], gdpr["noordwest"]["at_s"]) == ("met", 40 * 3600.0)
    assert gdpr["zuid"]["at_s"] is None
    early = deadlines["nis2-early-warning"]
    assert [early[t]["status"] for t in PLAYBOOKS] == ["met", "missed", "missed"]
    response = {row["id"]: row["teams"] for row in comparison["response"]}
    assert [response["first_statement"][t]["at_s"] for t in PLAYBOOKS] == [3 * 3600.0, 7 * 3600.0 + 2400, None]
    filings = {row["id"]: row["teams"] for row in comparison["filings"]}
    assert filings["gdpr.initial"]["rijnoord"]["status"] == "complete"
    assert filings["gdpr.initial"]["noordwest"]["status"] == "incomplete"
    assert "informed" in filings["gdpr.initial"]["noordwest"]["missing"]
    assert filings["gdpr.initial"]["zuid"]["status"] == "not_filed"
    curves = comparison["curves"]
    assert [sum(v for _, v in curves[t]["volume"]) > 0 for t in PLAYBOOKS] == [True] * 3
    assert comparison["journals"] == {t: team_location(base, t) for t in PLAYBOOKS}


def test_the_comparative_html_sets_the_teams_side_by_side_and_links_their_own_reports(
    exercise: tuple[str, subprocess.CompletedProcess[str]], tmp_path: Path
):
    base, _ = exercise
    # from any one team's journal, as from the base: the same exercise
    target = tmp_path / "out" / "national.html"
    result = crisissim("report", team_location(base, "zuid"), "--teams", "-o", target)
    assert result.returncode == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600
    header = re.search(r"<tr><th></th>(.*?)</tr>", html)
    assert header is not None and [re.sub(r"<[^>]+>", "", cell) for cell in header[1].split("</th>")[:-1]] == list(
        PLAYBOOKS
    )
    assert html.count('class="team-line"') >= 6  # volume and mood, a line for each team at least
    assert "<script" not in html and "src=" not in html
    assert 'href="http' not in html and "url(" not in html
    for team in PLAYBOOKS:
        own = target.parent / f"{team_location(base, team).rsplit('exercise=', 1)[1]}.html"
        assert f'href="{own.name}"' in html
        assert own.is_file() and "<svg" in own.read_text(encoding="utf-8")
        assert f"report of {team}: {own}" in result.stdout
    # the exercise's language (the scenario's): Dutch words, the deadlines' margins, the filings' gaps
    assert "Vergelijkende debrief" in html and "Termijnen gehaald" in html
    assert "gemist" in html and "onvolledig:" in html


def test_the_comparative_markdown_has_a_column_per_team(exercise: tuple[str, subprocess.CompletedProcess[str]]):
    base, _ = exercise
    result = crisissim("report", base, "--teams", "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert "| | rijnoord | noordwest | zuid |" in md
    met = next(line for line in md.splitlines() if line.startswith("| Termijnen gehaald |"))
    assert met == "| Termijnen gehaald | 4 / 4 | 2 / 3 | 0 / 2 |"
    statement = next(line for line in md.splitlines() if line.startswith("| Eerste verklaring |"))
    assert statement == "| Eerste verklaring | T+3:00 | T+7:40 | nooit |"
    for team in PLAYBOOKS:  # written to stdout, no file beside it: the command that makes each team's own
        assert f"`crisissim report '{team_location(base, team)}'`" in md


# bad input: one line each, exit 2, nothing written --------------------------------------------


def test_a_playbook_for_a_team_not_in_the_exercise_is_refused_and_nothing_is_written(tmp_path: Path):
    result = crisissim(
        "simulate",
        QUICK,
        "--teams",
        "a,b",
        "--journal",
        tmp_path / "runs" / "ex.sqlite",
        "--playbook",
        "c=x.yaml",
        "--playbook",
        "a=missing.yaml",
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines == [
        "crisissim: error: simulate: --playbook c=x.yaml: no team 'c' in this exercise; expected one of: a, b",
        "missing.yaml:1:1: error: file: cannot be read: No such file or directory",
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "runs").exists()


def test_a_bad_teams_file_is_refused_line_by_line(tmp_path: Path):
    teams = tmp_path / "teams.yaml"
    teams.write_text("teams: 1\nseed: each\nlist:\n  - name: a\n  - {name: b, langauge: en}\n  - name: a\n")
    result = crisissim("simulate", QUICK, "--teams-file", teams, "--journal", tmp_path / "ex.sqlite")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{teams}:2:7: error: seed: 'seed' is one of same, per-team",
        f"{teams}:5:15: error: list[#2].langauge: unknown field 'langauge'; did you mean 'language'?",
        f"{teams}:6:11: error: list[#3].name: team 'a' is named twice",
    ]
    assert list(tmp_path.iterdir()) == [teams]


def test_a_team_whose_journal_exists_is_refused_before_any_team_plays(tmp_path: Path):
    base = tmp_path / "ex.sqlite"
    first = crisissim("simulate", QUICK, "--journal", team_location(base, "b"))
    assert first.returncode == 0, first.stderr
    result = crisissim("simulate", QUICK, "--teams", "a,b,c", "--journal", base)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{team_location(base, 'b')}: error: journal: already exists; choose a new --journal for a new exercise"
    ]
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith("ex.b.sqlite")]  # its journal, its lock


def test_bad_teams_and_options_are_refused(tmp_path: Path):
    for name in ("x.yaml", "y.yaml"):
        (tmp_path / name).write_text(f"playbook: 1\nscenario: {QUICK}\nactions: []\n")
    cases = {
        ("--teams", "a,,b"): "crisissim: error: simulate: --teams: an empty team name (two commas, or one at the end)",
        ("--teams", "a.b"): "crisissim: error: simulate: --teams: 'a.b' is not a team name",
        ("--teams", "a", "--speed", "60"): "crisissim: error: simulate: --teams plays each team as fast as possible",
        ("--teams", "a", "--teams-file", "t.yaml"): "crisissim: error: simulate: give the teams once",
        ("--teams", "a", "--playbook", "x.yaml", "--playbook", "y.yaml"): (
            "crisissim: error: simulate: --playbook y.yaml: a playbook for every team is given already (x.yaml)"
        ),
    }
    for args, line in cases.items():
        result = crisissim("simulate", QUICK, *args, "--journal", tmp_path / "ex.sqlite", cwd=tmp_path)
        assert result.returncode == 2, args
        assert result.stderr.startswith(line), (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml", "y.yaml"]


def test_a_teams_file_gives_each_team_its_seed_and_language(tmp_path: Path):
    teams = tmp_path / "teams.yaml"
    teams.write_text(
        "teams: 1\nseed: per-team\nlist:\n  - name: a\n  - {name: b, language: en}\n  - {name: c, seed: 7}\n"
    )
    base = tmp_path / "ex.sqlite"
    report = tmp_path / "reports" / "ex.md"
    result = crisissim("simulate", QUICK, "--teams-file", teams, "--journal", base, "--seed", "100", "--report", report)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"report of c: {report.parent / 'ex.c.md'}\ncomparative report: {report}\n")
    assert "| | a | b | c |" in report.read_text(encoding="utf-8")
    seeds = {}
    for team in "abc":
        with open_store(team_location(base, team), readonly=True) as journal:
            seeds[team] = int(journal.meta["seed"])
            assert journal.meta.get("language") == ("en" if team == "b" else None)
    assert seeds == {"a": 100, "b": 101, "c": 7}
    alone = crisissim("simulate", QUICK, "--seed", "101", "--journal", tmp_path / "alone.sqlite")
    assert alone.returncode == 0, alone.stderr
    assert comparable(debrief(team_location(base, "b"))) == comparable(debrief(tmp_path / "alone.sqlite"))


def test_report_teams_says_where_no_team_is(tmp_path: Path):
    lone = tmp_path / "lone.sqlite"
    assert crisissim("simulate", QUICK, "--journal", lone).returncode == 0
    result = crisissim("report", lone, "--teams", "-o", "-")
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"{lone}: error: journal: is the journal of an exercise played alone, not of a team"
    )
    nothing = crisissim("report", tmp_path / "none.sqlite", "--teams", "-o", "-")
    assert nothing.returncode == 2
    assert nothing.stderr.startswith(f"{tmp_path / 'none.sqlite'}: error: journal: holds no journal, and no team's")
    assert len(nothing.stderr.splitlines()) == 1 and "Traceback" not in nothing.stderr


def test_the_comparative_report_escapes_what_it_shows(tmp_path: Path):
    """Names reach the chart and the tables escaped, whatever they hold (the command line allows
    only plain team names, but the report does not rely on it)."""
    from crisissim.debrief.compare import TeamDebrief, compare, render_comparison
    from crisissim.debrief.fold import fold
    from crisissim.exercise.simulate import start_simulation

    start_simulation(QUICK, journal=tmp_path / "one.sqlite").play()
    with open_store(tmp_path / "one.sqlite", readonly=True) as journal:
        folded = fold(journal)
    evil = '<script>alert(1)</script>"'
    comparison = compare([TeamDebrief(evil, "x.sqlite", folded), TeamDebrief("b", "y.sqlite", folded)])
    html = render_comparison(comparison, "html", exercise=evil, commands={evil: evil, "b": "b"})
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "&lt;script&gt;" in svg and "<script" not in svg
