"""The debrief in HTML and Markdown, from journals that playbooks produced."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crisissim.debrief.export import report_text
from crisissim.engine.drivers import play
from crisissim.exercise import load_checked, new_run
from crisissim.journal import Journal
from crisissim.scenario.library import resolve
from crisissim.scenario.playbook import parse_playbook

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
EVIL = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
SECTIONS = (
    "overview",
    "timeline",
    "expectations",
    "clocks",
    "notification",
    "media",
    "decisions",
    "notes",
    "hotwash",
    "improvement-plan",
)

EXTRA = f"""
  - {{at: 5h, role: comms, action: statement, text: '{EVIL}'}}
  - {{at: 5h10m, role: exec, action: decision, text: Geen interviews vandaag, owner: Jan Jansen}}
  - {{at: 5h20m, facilitator: note, text: "Het team overlegde rustig <b>vet</b>", event: crisis-team}}
  - {{at: 5h30m, facilitator: rate, expectation: crisis-decision, rating: S}}
"""


@pytest.fixture(scope="module")
def journal_path(tmp_path_factory) -> Path:
    """The default scenario with the example playbook plus a hostile statement, a decision
    with an owner, a note and a rating; and the hot wash after EndEx."""
    folder = tmp_path_factory.mktemp("report")
    path = resolve("rijnoord-ransomware")
    loaded = load_checked(path)
    scenario = loaded.scenario
    book = parse_playbook((PLAYBOOK.read_text(encoding="utf-8") + EXTRA).encode(), "playbook.yaml", scenario)
    assert book.problems == []
    journal = folder / "run.sqlite"
    run = new_run(
        scenario,
        loaded.text,
        str(path),
        seed=scenario.seed,
        journal_path=journal,
        mode="simulate",
        playbook_text=book.text,
    )
    report = play(run.engine, book.entries)
    assert report.refused == []
    run.engine.hotwash("comms", ["Het holding statement ging op tijd uit.", EVIL])
    run.journal.close()
    return journal


@pytest.fixture(scope="module")
def html(journal_path) -> str:
    with Journal.open(journal_path, readonly=True) as journal:
        return report_text(journal, "html")


@pytest.fixture(scope="module")
def soup(html) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def resolve_events() -> list:
    return load_checked(resolve("rijnoord-ransomware")).scenario.events


def test_every_section_is_there_with_a_heading(soup):
    for section in SECTIONS:
        element = soup.find(id=section)
        assert element is not None, section
        assert element.find("h2") is not None and element.get_text(strip=True)


def test_overview_rates_the_objectives(soup):
    overview = soup.find(id="overview")
    badges = [b.get_text() for b in overview.select(".badge")]
    assert len(badges) == 6 and set(badges) <= {"P", "S", "M", "U"}
    assert "Ziekenhuis Rijnoord" in overview.get_text()


def test_timeline_chart_shows_actual_planned_and_skipped(soup, journal_path):
    timeline = soup.find(id="timeline")
    svg = timeline.find("svg")
    assert svg is not None
    assert len(svg.select("circle.actual")) >= 20
    assert svg.select("path.cross"), "skipped branches are visible"
    lanes = [t.get_text() for t in svg.select("text.lane")]
    assert "Communicatie" in lanes and "Raad van Bestuur" in lanes
    rows = timeline.find("table").find_all("tr")
    with Journal.open(journal_path, readonly=True) as journal:
        generated = sum(1 for r in journal.records(kinds=("fired",)) if r.payload.get("trigger"))
    # header, every event, and what the press desk generated (issue 11)
    assert len(rows) == 1 + len(resolve_events()) + generated


def test_media_chart_per_storm_with_statements_marked(soup):
    media = soup.find(id="media")
    charts = media.find_all("svg")
    assert len(charts) == 2
    assert all(chart.select("rect") for chart in charts)
    assert any(t.get_text().startswith("S") for t in charts[0].select("text.marker-label"))
    assert "Berichten met de meeste interactie" in media.get_text()


def test_notification_checklist_element_by_element(soup):
    section = soup.find(id="notification")
    rows = section.find("table").find_all("tr")[1:]
    assert len(rows) == 7  # six Art. 33(3) elements and the reason for delay
    assert all(row.find(class_="ok") for row in rows[:6])
    assert "Alle patiënten van de polikliniek infectieziekten" in section.get_text()


def test_hostile_text_is_shown_never_run(soup, html):
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find(id="notes").find("b") is None  # a note with <b> is text, not markup
    assert EVIL in soup.find(id="hotwash").get_text()
    assert "&lt;script&gt;" in html


def test_no_outside_resource_is_referenced(soup, html):
    for element in soup.find_all(True):
        for attribute in ("src", "href", "srcset", "data", "action", "poster"):
            value = element.get(attribute)
            if value:
                assert str(value).startswith("#"), (element.name, attribute, value)
    assert soup.find("link") is None and soup.find("iframe") is None
    assert not re.search(r"@import|url\(|https?://", html.replace('xmlns="http://www.w3.org/2000/svg"', ""))


def test_improvement_plan_lists_strengths_and_areas_with_blank_cells(soup):
    plan = soup.find(id="improvement-plan")
    tables = plan.find_all("table")
    assert len(tables) == 2
    areas = tables[1].find_all("tr")[1:]
    assert any("Verzoek live-interview" in row.get_text() for row in areas)  # the missed TV reply
    assert any("Uitgevoerd" not in row.get_text() and row.select("td.blank") for row in areas)
    headers = [th.get_text() for th in tables[0].find_all("th")]
    assert headers == [
        "Doelstelling",
        "Waarneming",
        "Oorzaak",
        "Verbeteractie",
        "Capaciteitselement",
        "Eigenaar",
        "Uiterlijk",
    ]


def test_decisions_notes_and_ratings(soup):
    assert "Geen interviews vandaag" in soup.find(id="decisions").get_text()
    assert "Jan Jansen" in soup.find(id="decisions").get_text()
    notes = soup.find(id="notes").get_text()
    assert "Crisisbeleidsteam om 08:00" in notes and "<b>vet</b>" in notes
    assert soup.find(id="expectations").select(".badge.S")


def test_anonymise_replaces_names_by_roles(journal_path):
    with Journal.open(journal_path, readonly=True) as journal:
        soup = BeautifulSoup(report_text(journal, "html", anonymous=True), "html5lib")
    decisions = soup.find(id="decisions").get_text()
    assert "Jan Jansen" not in decisions and "Raad van Bestuur" in decisions
    assert "fg@rijnoord.example" not in soup.find(id="notification").get_text()


def test_markdown_has_the_same_sections_and_escapes(journal_path):
    with Journal.open(journal_path, readonly=True) as journal:
        text = report_text(journal, "md")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [
        "Overzicht",
        "Tijdlijn",
        "Verwachtingen",
        "Klokken",
        "Melding datalek",
        "Media en sociale media",
        "Besluitenlog",
        "Notities",
        "Hot wash",
        "Verbeterplan",
    ]
    assert "<script>" not in text and r"\<script\>" in text
    assert "| ZorgDossier sinds 03:14 onbereikbaar (inject) |" in text


def test_report_command_formats_and_default_folder(journal_path, tmp_path):
    def crisissim(*args: str):
        return subprocess.run(
            [sys.executable, "-m", "crisissim", *args], capture_output=True, text=True, cwd=tmp_path, timeout=120
        )

    result = crisissim("report", str(journal_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reports" / "run.html").exists()
    assert crisissim("report", str(journal_path), "-o", "out.md").returncode == 0
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# Evaluatierapport")
    stdout = crisissim("report", str(journal_path), "--format", "html", "-o", "-")
    assert stdout.stdout.startswith("<!DOCTYPE html>")


def test_the_overview_gives_every_speed_the_exercise_ran_at(tmp_path):
    """A facilitator who sped the clock up halfway wants the report to say so, not only the speed it started at."""
    from crisissim.journal import records as rec

    path = resolve("first-hour-quickstart")
    loaded = load_checked(path)
    scenario = loaded.scenario
    run = new_run(scenario, loaded.text, str(path), seed=1, journal_path=tmp_path / "j.sqlite", mode="run", speed=30)
    run.engine.start()
    run.engine.advance_to(600)
    run.engine.control(rec.Pace.SPEED, speed=120)
    run.engine.advance_to(1200)
    run.engine.control(rec.Pace.SPEED, speed=60)
    run.journal.close()
    with Journal.open(tmp_path / "j.sqlite", readonly=True) as journal:
        text = report_text(journal, "md")
    speed_row = next(line for line in text.splitlines() if "×30" in line)
    words = ("from", "vanaf")[scenario.language == "nl"]
    assert f"×30, ×120 {words} T+0:10, ×60 {words} T+0:20" in speed_row
