"""A Dutch report says why events were skipped in Dutch, from reason codes: events and options by
their titles and labels, so that ids holding English words are never half translated."""

from __future__ import annotations

from pathlib import Path

from crisissim.debrief.export import report_text
from crisissim.engine.drivers import play
from crisissim.exercise import new_run
from crisissim.journal import Journal
from crisissim.scenario import parse

SCENARIO = """\
crisissim: 1
id: metro-drill
title: Oefening metro
language: nl
organisation: {name: Gemeentelijk Vervoerbedrijf, short: GVB}
duration: 2h
roles:
  comms: {name: Communicatie}
events:
  - {id: metro-call, to: [comms], at: 10m, when: {flag: metro-dicht}, title: Metro stil, body: De metro staat stil.}
  - {id: met-de-burgemeester, to: [comms], after: metro-call, title: Burgemeester belt, body: Bel terug.}
  - {id: fired-staff, to: [comms], at: 20m, title: Ontslagen medewerker, body: Een oud-medewerker belt.,
     options: {met: Spreek hem, skipped: Negeer hem}}
  - {id: met-hem, to: [comms], after: {chose: fired-staff.met}, title: Gesprek, body: Hij vertelt meer.}
"""


def _journal(tmp_path: Path) -> Path:
    loaded = parse(SCENARIO.encode(), "metro-drill.yaml")
    assert loaded.scenario is not None, [str(p) for p in loaded.errors]
    path = tmp_path / "run.sqlite"
    run = new_run(loaded.scenario, SCENARIO, "metro-drill.yaml", seed=1, journal_path=path, mode="simulate")
    run.engine.start()
    run.engine.advance_to(25 * 60)
    run.engine.act("comms", "choose", {"event": "fired-staff", "option": "skipped"})
    play(run.engine)
    run.journal.close()
    return path


def test_a_dutch_report_keeps_event_ids_that_hold_english_words(tmp_path):
    with Journal.open(_journal(tmp_path), readonly=True) as journal:
        markdown = report_text(journal, "md")
        html = report_text(journal, "html")
    for text in (markdown, html):
        assert "alleen als vlag metro-dicht, en dat was niet zo" in text
        assert "wachtte op “Metro stil” afgevuurd, maar “Metro stil” werd overgeslagen" in text
        assert (
            "wachtte op “Ontslagen medewerker” koos “Spreek hem”, maar “Ontslagen medewerker”: "
            "er is gekozen voor “Negeer hem”" in text
        )
        assert "gehaaldro" not in text and "afgevuurd-staff" not in text
