"""Art. 34 GDPR played by a scripted team: a communication to the people affected judged element
by element and credited when it came before the event that expects it, an Art. 34(3) exception
judged on its reasoning against what the scenario says of the breach, and the authority's
requirement of Art. 34(4) answered.

Each test plays a scenario headless (the use case ``simulate`` runs) and reads the debrief a
report is made of; the article is in the test's name.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from crisissim.debrief.fold import Debrief, fold
from crisissim.debrief.report import render_markdown
from crisissim.debrief.summary import as_json
from crisissim.exercise.errors import BadInput
from crisissim.exercise.simulate import start_simulation
from crisissim.journal.backends import open_store

H = 3600

LETTER = (
    "{role: dpo, action: notify_subjects, audience: Alle patiënten sinds 2019, channel: brief,"
    " nature: 'Criminelen hebben uw naam, BSN en medische gegevens uit ons dossier gestolen.',"
    " consequences: 'U kunt berichten krijgen die van ons lijken te komen (phishing), en misbruik van uw BSN.',"
    " measures: 'Wij hebben de systemen afgesloten en aangifte gedaan."
    " Klik niet op links; wij vragen nooit om uw BSN.',"
    " contact: 'Functionaris gegevensbescherming, fg@rijnoord.example, 071 555 0100'}"
)
ENCRYPTED = (
    "{role: dpo, action: subjects_exception, ground: unintelligible,"
    " reasoning: 'De gestolen export was met AES-256 versleuteld; de sleutel stond in de HSM en is niet buitgemaakt,"
    " dus niemand buiten het ziekenhuis kan de gegevens lezen.'}"
)


def play(tmp_path: Path, scenario: str, steps: list[str], *, run: str = "run") -> Debrief:
    playbook = tmp_path / f"{run}.playbook.yaml"
    playbook.write_text("playbook: 1\nactions:\n" + "".join(f"  - {s}\n" for s in steps), encoding="utf-8")
    journal = tmp_path / f"{run}.sqlite"
    outcome = start_simulation(scenario, playbook=str(playbook), journal=journal).play()
    assert outcome.refused == ()
    store = open_store(journal, readonly=True)
    with store:
        return fold(store)


def drill(tmp_path: Path, breach: str) -> str:
    """A small hospital drill: the report that expects the letter comes a day in, as in the default."""
    path = tmp_path / "drill.yaml"
    path.write_text(
        textwrap.dedent(f"""\
            crisissim: 1
            id: art34-drill
            title: Art. 34 drill
            language: en
            duration: 60h
            regime: gdpr
            aware: {{fired: alert}}
            breach: {breach}
            roles:
              dpo: {{name: DPO}}
            objectives:
              patients: Tell the patients in time, completely
            events:
              - {{id: alert, to: [dpo], at: 1h, title: Alert, body: Data left the network.}}
              - id: report
                to: [dpo]
                at: 24h
                title: Forensic report
                body: About 48,000 patients.
                expects:
                  - {{id: art34, role: dpo, action: notify_subjects, within: 24h, objective: patients, early: true}}
            """),
        encoding="utf-8",
    )
    return str(path)


def test_gdpr_art_34_a_letter_at_t_plus_3h_before_the_event_that_expects_it_credits_the_patients_objective(
    tmp_path: Path,
):
    d = play(tmp_path, "rijnoord-ransomware", [f"{{at: 3h, {LETTER[1:]}"])
    art34 = d.expectations["art34"]
    assert art34.status == "met"
    assert art34.early_s == 24.5 * H - 3 * H  # sent 21h30 before the forensic report that expects it
    assert art34.score == "P"
    patients = next(o for o in d.objectives if o.id == "patienten")
    assert art34 in patients.expectations
    # the AP's requirement (Art. 34(4)) comes only when no letter went out
    assert d.events["ap-art34-eis"].status == "skipped"
    [letter] = d.art34.communications
    assert letter.complete and letter.at_s == 3 * H
    report = render_markdown(d)
    assert "Art. 34 AVG: mededeling aan de betrokkenen" in report
    assert "volledig: elk onderdeel dat art. 34 lid 2 vraagt" in report
    assert "kennisgeving" not in report.lower()


def test_without_early_the_same_letter_leaves_the_expectation_missed(tmp_path: Path):
    scenario = Path(drill(tmp_path, "{}"))
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(", early: true", ""), encoding="utf-8")
    d = play(tmp_path, str(scenario), [f"{{at: 3h, {LETTER[1:]}"])
    assert d.expectations["art34"].status == "missed"
    assert d.expectations["art34"].score == "U"


def test_gdpr_art_34_2_a_letter_without_the_contact_point_and_consequences_is_incomplete_and_scored_so(
    tmp_path: Path,
):
    thin = (
        "{at: 3h, role: dpo, action: notify_subjects, text: 'Er was een storing; uw gegevens zijn misschien ingezien.'}"
    )
    d = play(tmp_path, drill(tmp_path, "{}"), [thin])
    [letter] = d.art34.communications
    assert [e.name for e in letter.missing] == ["contact", "consequences", "measures"]
    assert d.expectations["art34"].status == "met"
    assert d.expectations["art34"].score == "M"  # met in time, but three elements of Art. 34(2) short
    assert next(o for o in d.objectives if o.id == "patients").rating == "M"


def test_gdpr_art_34_3_a_exception_with_reasons_is_judged_on_its_reasoning_not_as_not_performed(tmp_path: Path):
    d = play(tmp_path, drill(tmp_path, "{encrypted: true, exfiltrated: true}"), [f"{{at: 3h, {ENCRYPTED[1:]}"])
    [exception] = d.art34.exceptions
    assert (exception.ground, exception.point, exception.verdict) == ("unintelligible", "a", "sound")
    art34 = d.expectations["art34"]
    assert art34.status == "met" and art34.score == "P"
    report = render_markdown(d)
    assert "the ground holds as reasoned" in report
    assert "AES-256" in report
    assert "No communication to the people affected was sent" not in report
    assert as_json(d)["art34"]["exceptions"][0]["verdict"] == "sound"


def test_gdpr_art_34_3_a_exception_on_data_the_scenario_says_were_not_encrypted_does_not_hold(tmp_path: Path):
    d = play(tmp_path, "rijnoord-ransomware", [f"{{at: 3h, {ENCRYPTED[1:]}"])
    [exception] = d.art34.exceptions
    assert exception.verdict == "wrong"
    art34 = d.expectations["art34"]
    assert art34.status == "met"  # the team answered: judged on its reasoning, not as not performed
    assert art34.score == "M"
    report = render_markdown(d)
    assert "de grond houdt geen stand" in report
    assert "grond a is niet van toepassing" in report
    # and the AP, finding no letter at T+50h, requires one (Art. 34(4)); nobody answered it
    [order] = d.art34.orders
    assert order.event == "ap-art34-eis" and order.fired_s == 50 * H and order.answer is None
    assert "Verplicht door de toezichthoudende autoriteit (art. 34 lid 4)" in report


def test_gdpr_art_34_3_c_disproportionate_effort_without_a_public_communication_is_incomplete(tmp_path: Path):
    step = (
        "{at: 3h, role: dpo, action: subjects_exception, ground: disproportionate,"
        " reasoning: 'Van veel oud-patiënten hebben wij geen actueel adres meer, dus een brief bereikt hen niet.'}"
    )
    d = play(tmp_path, drill(tmp_path, "{}"), [step])
    assert d.art34.exceptions[0].verdict == "incomplete"
    assert d.expectations["art34"].score == "M"

    public = (
        "{at: 4h, role: dpo, action: notify_subjects, public: yes, channel: website en regionale pers,"
        " nature: 'Patient data were stolen.', consequences: Phishing.,"
        " measures: 'Systems closed; never give your BSN.',"
        " contact: 'DPO, dpo@example.org'}"
    )
    d = play(tmp_path, drill(tmp_path, "{}"), [step, public], run="with-public")
    [exception] = d.art34.exceptions
    assert exception.verdict == "sound" and exception.public_s == 4 * H
    assert d.art34.communications[0].public
    assert "A public communication informed them instead, at T+4:00." in render_markdown(d)


def test_gdpr_art_34_4_the_authoritys_requirement_answered_with_a_letter(tmp_path: Path):
    d = play(tmp_path, "rijnoord-ransomware", [f"{{at: 52h, {LETTER[1:]}"])
    [order] = d.art34.orders
    assert order.fired_s == 50 * H
    assert order.answer is not None and order.answer.at_s == 52 * H
    assert d.expectations["art34-eis"].status == "met"
    assert d.expectations["art34-eis"].score == "P"
    assert "om T+52:00 beantwoord met een mededeling aan de betrokkenen." in render_markdown(d)


def test_an_exception_names_one_of_the_three_grounds(tmp_path: Path):
    playbook = tmp_path / "bad.playbook.yaml"
    playbook.write_text(
        "playbook: 1\nactions:\n  - {at: 3h, role: dpo, action: subjects_exception, ground: encryptd, reasoning: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(BadInput, match=r"unknown Art\. 34\(3\) ground 'encryptd'"):
        start_simulation(drill(tmp_path, "{}"), playbook=str(playbook), journal=tmp_path / "bad.sqlite")
