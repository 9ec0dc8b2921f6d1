"""What if: a finished exercise played again with changes, and the comparison in the debrief.

On the default scenario with the example playbook (the reference run of docs/playbooks.md), and
on the same team with its holding statement an hour late.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crisissim.cli import main
from crisissim.exercise.simulate import start_simulation
from crisissim.exercise.whatif import Change, whatif_of, whatif_report
from crisissim.journal import open_store

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
LATE = ROOT / "docs" / "examples" / "rijnoord-late.playbook.yaml"
STATEMENT = "{after: regional-enquiry, delay: 20m, role: comms, action: statement"
LATE_STATEMENT = STATEMENT.replace("delay: 20m", "delay: 1h20m")


def _simulated(folder: Path, playbook: Path) -> Path:
    journal = folder / "run.sqlite"
    outcome = start_simulation("rijnoord-ransomware", playbook=str(playbook), journal=journal).play()
    assert outcome.refused == ()
    return journal


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    """The example playbook's run: its holding statement 20 minutes after the first enquiry."""
    return _simulated(tmp_path_factory.mktemp("team"), PLAYBOOK)


@pytest.fixture(scope="module")
def late(tmp_path_factory) -> Path:
    """The same team, its holding statement 80 minutes after the first enquiry: 20 minutes late."""
    text, team_text = LATE.read_text(encoding="utf-8"), PLAYBOOK.read_text(encoding="utf-8")
    assert text.endswith(team_text[team_text.index("playbook: 1") :].replace(STATEMENT, LATE_STATEMENT))
    return _simulated(tmp_path_factory.mktemp("late"), LATE)


@pytest.fixture(scope="module")
def earlier(late, tmp_path_factory):
    """The late team's first statement 60 simulated minutes earlier, its journal kept."""
    kept = tmp_path_factory.mktemp("earlier") / "whatif.sqlite"
    seen: list[float] = []
    base, result = whatif_of(
        late, [Change("move", "statement#1=-1h")], journal=kept, progress=lambda now, _: seen.append(now)
    )
    return base, result, kept, seen


def _volume_after(curve, start_s: float) -> float:
    return sum(v for t, v, _ in curve if t >= start_s)


def test_an_earlier_statement_gives_a_lower_storm_and_names_the_expectation_it_changed(earlier) -> None:
    base, result, _, _ = earlier
    assert [a.text for a in result.replayed.applied] == ["statement#1 (comms) moved from T+4:00 to T+3:00"]
    assert result.replayed.dropped == []
    changed = {x["id"]: (x["original"]["status"], x["whatif"]["status"]) for x in result.expectations() if x["changed"]}
    assert changed == {"holding": ("late", "met")}
    # the storm after the statement, lower all along in the what-if; the crowd before it the same
    original, whatif = result.curve("original"), result.curve("whatif")
    assert _volume_after(whatif, 3 * 3600) < 0.8 * _volume_after(original, 3 * 3600)
    assert [v for t, v, _ in original if t < 3 * 3600] == [v for t, v, _ in whatif if t < 3 * 3600]
    assert sum(result.other.posts_by_storm.values()) < sum(base.posts_by_storm.values())
    # the harsher article of a missed holding statement came in the exercise, not in the what-if
    harsh = {e["id"]: e for e in result.events()}["article-harsh"]
    assert (harsh["original"]["status"], harsh["whatif"]["status"]) == ("fired", "skipped")


def test_the_unchanged_part_of_the_two_journals_is_identical(late, earlier) -> None:
    _, result, kept, _ = earlier
    first = result.replayed.first_change_s
    with open_store(late, readonly=True) as a, open_store(kept, readonly=True) as b:
        before_a = [(r.seq, r.kind, r.role, r.sim, r.text) for r in a.records() if r.sim < first]
        before_b = [(r.seq, r.kind, r.role, r.sim, r.text) for r in b.records() if r.sim < first]
        assert len(before_a) > 40  # the first three hours: StartEx, the injects and their clocks, the team's steps
        assert before_a == before_b
        assert b.meta["mode"] == "whatif"
    assert result.diverged_s == first
    assert result.sides["whatif"] is not None and result.sides["whatif"].what == "comms statement"


def test_the_replay_reports_its_progress_to_endex(earlier) -> None:
    *_, seen = earlier
    assert seen == sorted(seen) and seen[-1] == 72 * 3600 and len(seen) > 20


def test_the_report_shows_both_curves_on_one_chart_and_the_changed_expectation(late, tmp_path) -> None:
    out = tmp_path / "whatif.html"
    code = main(["whatif", str(late), "--move", "statement#1=-1h", "-o", str(out)])
    assert code == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html5lib")
    section = soup.find("section", id="whatif")
    assert section is not None
    assert soup.find("a", href="#whatif") is not None
    chart = section.find("svg", class_="whatif")
    assert chart is not None
    assert chart.find("polyline", class_="run-original") is not None
    assert chart.find("polyline", class_="run-whatif") is not None
    assert not soup.find_all("script") and "http://" not in str(chart).replace("http://www.w3.org/2000/svg", "")
    text = section.get_text(" ")
    assert "Wat als 1" in text  # the exercise's language: Dutch
    assert re.search(r"Verwachtingen waarvan de status veranderde: holding\.", text)
    # the first record that differs in the report's words: the role's name, the action as the screens call it
    assert "Communicatie: Publieke verklaring" in text
    assert not re.search(r"· (fired|action|post|reception) ·", text)


def test_on_the_example_playbook_a_statement_before_the_first_enquiry_is_the_holding_statement(team, tmp_path) -> None:
    """The example team's statement came 20 minutes after the first enquiry: an hour earlier is
    40 minutes before it. The statement is out when the reporter calls, so ``holding`` (``early:
    true``) stays met, the harsh article of a silent hospital still does not come, and the crowd,
    which met the statement two hours before the storm either way, is the same."""
    out = tmp_path / "whatif.json"
    assert main(["whatif", str(team), "--move", "statement#1=T+2:00", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    (w,) = data["whatifs"]
    assert [x["id"] for x in w["expectations"] if x["changed"]] == []
    (holding,) = [x for x in w["whatif"]["expectations"] if x["id"] == "holding"]
    assert holding["status"] == "met"
    assert set(w["whatif"]) >= {"events", "expectations", "clocks", "posts", "regimes", "notification"}
    assert w["diverged"]["at_s"] == 7200
    assert [p["whatif"]["status"] for p in w["press"] if p["id"] == "article-harsh"] != ["fired"]
    assert w["whatif"]["posts"]["total"] == data["posts"]["total"]
    assert len(w["storm"]["original"]) == len(w["storm"]["whatif"]) > 50


def test_another_option_fires_the_other_branch_and_dropping_the_decision_fires_neither(team, tmp_path) -> None:
    """Two what-ifs in one debrief (``report --whatif`` repeated): the ransom decision taken the
    other way, and not taken at all."""
    out = tmp_path / "report.json"
    code = main(
        [
            "report",
            str(team),
            "--whatif",
            "--choose ransom-demand=pay",
            "--whatif",
            "--drop choose#2",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    pay, dropped = data["whatifs"]
    fate = {e["id"]: (e["original"]["status"], e["whatif"]["status"]) for e in pay["events"]}
    assert fate["pay-followup"] == ("skipped", "fired")
    assert fate["refuse-followup"] == ("fired", "skipped")
    assert fate["leak-publication"] == ("fired", "skipped")  # nothing is published once paid
    assert pay["whatif"]["posts"]["by_storm"].get("storm-publication", 0) == 0
    fate = {e["id"]: (e["original"]["status"], e["whatif"]["status"]) for e in dropped["events"]}
    assert fate["refuse-followup"] == ("fired", "pending")
    clocks = {c["id"]: c["whatif"]["status"] for c in dropped["clocks"] if c["changed"]}
    assert clocks == {"ultimatum": "breached"}
    assert [x["id"] for x in dropped["expectations"] if x["changed"]] == ["ransom-choice"]


def test_actions_that_no_longer_make_sense_are_dropped_and_listed(team, tmp_path) -> None:
    out = tmp_path / "whatif.md"
    code = main(["whatif", str(team), "--add", "{at: 1h, facilitator: skip, event: national-enquiry}", "-o", str(out)])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    section = text[text.index("## Wat als") :]
    # the team's reply to the national enquiry, which never came
    assert re.search(r"- reply\\#5 van Communicatie, gepland T\+27:00: .*Landelijke media", section)
    report = whatif_report(team, [[Change("add", "{at: 1h, facilitator: skip, event: national-enquiry}")]], "json", "-")
    (w,) = json.loads(report.text)["whatifs"]
    assert [(x["action"], x["role"], x["at_s"]) for x in w["dropped"]] == [("reply#5", "comms", 97200.0)]


def test_bad_changes_get_one_located_line_each_and_exit_2(team) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crisissim",
            "whatif",
            str(team),
            "--move",
            "statement#9=T+0:40",
            "--move",
            "statement#1=T+80:00",
            "--drop",
            "stament#1",
            "--add",
            "{at: 1h, role: comz, action: statement, text: x}",
            "--choose",
            "ransom-demand=pya",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines == [
        "--move #1:1:1: error: move: the journal holds 1 statement action(s), not statement#9: statement#1 at T+3:00",
        "--move #2:1:13: error: move: T+80:00 is outside the exercise (T+0:00 to T+72:00)",
        "--drop #1:1:1: error: drop: the journal holds no stament; did you mean 'statement'?",
        "--add #1:1:16: error: role: unknown role 'comz'; did you mean 'comms'?",
        "--choose #1:1:15: error: choose: event 'ransom-demand' offers no option 'pya'; did you mean 'pay'? "
        "(its options: pay, refuse, negotiate)",
    ]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_bad_group_of_report_whatif_is_named(team, capsys) -> None:
    assert main(["report", str(team), "--whatif", "move", "-o", "-"]) == 2
    assert capsys.readouterr().err.splitlines() == ["--whatif #1:1:1: error: whatif: --move needs a value"]
    assert main(["report", str(team), "--whatif", "--drop choose#9", "-o", "-"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "--whatif #1 --drop #1:1:1: error: drop: the journal holds 2 choose action(s), not choose#9: "
        "choose#1 at T+0:25, choose#2 at T+3:00"
    ]


def test_an_unfinished_exercise_is_refused(tmp_path, capsys) -> None:
    journal = tmp_path / "half.sqlite"
    simulation = start_simulation("first-hour-quickstart", journal=journal)
    simulation.run.engine.start()
    simulation.run.engine.advance_to(600)
    simulation.run.journal.close()
    assert main(["whatif", str(journal), "--drop", "statement#1"]) == 2
    assert "has not ended" in capsys.readouterr().err


def test_an_action_changed_twice_is_refused(team, capsys) -> None:
    assert main(["whatif", str(team), "--move", "statement#1=-1h", "--drop", "statement#1"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "--drop #1:1:1: error: drop: statement#1 is changed twice; give it one change"
    ]


EVIL = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def test_a_what_if_is_the_same_every_time_and_escapes_what_it_was_given(tmp_path) -> None:
    """The same journal and changes give the same what-if, record for record; a statement with
    markup added by the facilitator reaches the report as text."""
    journal = tmp_path / "quick.sqlite"
    start_simulation("first-hour-quickstart", journal=journal).play()
    add = f"{{at: 10m, role: comms, action: statement, text: '{EVIL}'}}"
    kept = [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
    for path in kept:
        assert main(["whatif", str(journal), "--add", add, "--journal", str(path), "-o", str(tmp_path / "r.html")]) == 0
    with open_store(kept[0], readonly=True) as a, open_store(kept[1], readonly=True) as b:
        rows = [[(r.seq, r.kind, r.role, r.sim, r.text) for r in store.records()] for store in (a, b)]
    assert rows[0] == rows[1] and len(rows[0]) > 50
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # the change, as it was given, shown as text
