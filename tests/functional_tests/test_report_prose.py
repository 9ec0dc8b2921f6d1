"""The Dutch report of the default scenario reads as Dutch prose a board reads: no ids of the
scenario, no action kinds of the registry, no English words or units, durations as people write
them, and every chart and number explained in a sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crisissim.debrief.export import report_text
from crisissim.debrief.words import duration
from crisissim.exercise.simulate import start_simulation
from crisissim.journal import Journal
from crisissim.scenario.actions import ACTIONS
from crisissim.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"

#: English words a Dutch reader would trip over: the report's own words before they were
#: translated, the journal's statuses, the units of a duration. (Words that are Dutch too, such as
#: "met", "was", "over", "storm" or "inject", which Dutch exercise staff say, are not in it.)
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """
        the and with after before within window latency pending fired skipped missed late posts post reply
        choose choice decision note notify subjects exception regulator mood mean event events seed hours
        hour minutes minute days day phone email news social internal press article enquiry answered none
        unknown yes spare running breached rating records
        """,
    )
)
#: A duration in the engine's shorthand ("2d 23h", "40m") instead of words.
SHORTHAND = re.compile(r"\b\d+\s?[dhm]\b")


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> tuple[Scenario, Path]:
    """The default scenario played by the example team's playbook."""
    journal = tmp_path_factory.mktemp("prose") / "run.sqlite"
    simulation = start_simulation("rijnoord-ransomware", playbook=str(PLAYBOOK), journal=journal)
    scenario = simulation.run.engine.scenario
    assert simulation.play().refused == ()
    return scenario, journal


@pytest.fixture(scope="module")
def shown(played) -> str:
    """What a reader of the HTML report sees: its text, the charts' labels and tooltips included."""
    with Journal.open(played[1], readonly=True) as journal:
        soup = BeautifulSoup(report_text(journal, "html"), "html5lib")
    for style in soup(["style"]):
        style.decompose()
    return soup.get_text(" ")


@pytest.fixture(scope="module")
def markdown(played) -> str:
    with Journal.open(played[1], readonly=True) as journal:
        return report_text(journal, "md")


def _ids(scenario: Scenario) -> set[str]:
    """Every id a scenario author wrote that a reader should never see: of events, options,
    expectations, objectives and roles, and every action kind, when it cannot pass for a word."""
    ids = {e.id for e in scenario.events} | {x.id for _, x in scenario.expectations}
    ids |= {option for e in scenario.events for option in e.options}
    ids |= set(scenario.objectives) | set(scenario.roles) | {spec.kind for spec in ACTIONS}
    ids.add(scenario.id)
    return {i for i in ids if re.search(r"[-_]", i) or i in ("comms", "dpo", "exec", "it", "contact")}


def test_the_dutch_report_names_no_id_of_the_scenario(played, shown, markdown):
    scenario, _ = played
    for text in (shown, markdown.replace("\\_", "_")):
        words = set(re.findall(r"[\w][\w'-]*[\w]|\w", text))
        assert sorted(words & _ids(scenario)) == []


def test_the_dutch_report_has_no_english_words_or_units(shown, markdown):
    for text in (shown, markdown):
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        assert sorted(words & ENGLISH) == []
        assert SHORTHAND.findall(text) == []


def test_durations_are_written_out_in_the_report_language(shown):
    assert duration(2 * 86400 + 23 * 3600 + 40 * 60, "nl") == "2 dagen 23 uur 40 minuten"
    assert duration(2 * 3600 + 41 * 60, "nl") == "2 uur 41 minuten"
    assert duration(3600 + 60, "en") == "1 hour 1 minute"
    assert duration(12, "nl") == "12 seconden"
    assert "2 dagen 23 uur 40 minuten" in shown  # the regulator's window of the AVG notification


def test_events_never_reached_and_the_mood_are_explained(shown):
    assert "niet aan de orde" not in shown
    assert "kwam niet aan bod" in shown
    assert "een reserve-inject voor de facilitator, niet gebruikt" in shown
    assert re.search(r"gemiddelde stemming van het publiek was −0,\d\d op een schaal van −1 \(vijandig\)", shown)
    assert "Elke regel is een gebeurtenis uit het scenario" in shown  # the timeline chart's sentence
    assert "De staven tonen hoeveel berichten per minuut" in shown  # the storm chart's sentence


def test_skipped_events_are_explained_by_titles_and_labels(shown):
    assert (
        "wachtte op “Losgeldeis van DuskLocker” koos “Betalen, onder voorwaarden (verzekeraar, sanctietoets, "
        "testontsleuteling)”, maar “Losgeldeis van DuskLocker”: er is gekozen voor “Niet betalen en niet in "
        "gesprek gaan”"
    ) in shown
    assert "alleen als de verwachte publieke verklaring van Communicatie na “Ambulances omgeleid" in shown
