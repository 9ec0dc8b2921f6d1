"""The built-in NIS2 and DORA scenarios played headless by the scripted teams in docs/examples:
every deadline of each chain counted from the moment its article names, and met or missed as
the playbook says. One playbook meets every deadline, the other misses some.

Each playbook is played once per module (a few seconds each) and read as the report reads it;
the article a deadline comes from is in the test's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crisissim.debrief.fold import fold
from crisissim.debrief.report import render_markdown
from crisissim.debrief.summary import as_json
from crisissim.exercise.simulate import start_simulation
from crisissim.journal.backends import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
H = 3600
DAY = 24 * H
MONTH = 30 * DAY
#: the NIS2 scenario becomes aware at the operator's call, the DORA one at the hosting provider's: both at T+0:20
AWARE = 20 * 60


def played(tmp_path_factory: pytest.TempPathFactory, scenario: str, playbook: str) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp(playbook)
    journal = folder / "run.sqlite"
    outcome = start_simulation(scenario, playbook=str(EXAMPLES / f"{playbook}.playbook.yaml"), journal=journal).play()
    assert outcome.refused == ()
    with open_store(journal, readonly=True) as store:
        debrief = fold(store)
        summary = as_json(debrief)
        summary["markdown"] = render_markdown(debrief)
    return summary


@pytest.fixture(scope="module")
def lindemeer_team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return played(tmp_path_factory, "lindemeer-drinkwater", "lindemeer-team")


@pytest.fixture(scope="module")
def lindemeer_late(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return played(tmp_path_factory, "lindemeer-drinkwater", "lindemeer-late")


@pytest.fixture(scope="module")
def zuiderhaven_team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return played(tmp_path_factory, "zuiderhaven-bank-storing", "zuiderhaven-team")


@pytest.fixture(scope="module")
def zuiderhaven_late(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return played(tmp_path_factory, "zuiderhaven-bank-storing", "zuiderhaven-late")


def regime_of(summary: dict[str, Any], regime: str) -> dict[str, Any]:
    return next(r for r in summary["regimes"] if r["regime"] == regime)


def deadline(summary: dict[str, Any], regime: str, deadline_id: str) -> dict[str, Any]:
    return next(d for d in regime_of(summary, regime)["deadlines"] if d["id"] == deadline_id)


def moment(summary: dict[str, Any], regime: str, deadline_id: str) -> tuple[float, float, float | None]:
    d = deadline(summary, regime, deadline_id)
    return d["from_s"], d["due_s"], d["filed_s"]


def chosen_at(summary: dict[str, Any], event: str, option: str) -> float:
    return next(
        a["at_s"]
        for a in summary["actions"]
        if a["action"] == "choose" and a.get("event") == event and a.get("option") == option
    )


# NIS2: lindemeer-drinkwater -------------------------------------------------------------------


def test_nis2_art23_4_a_early_warning_within_24h_of_awareness(lindemeer_team, lindemeer_late):
    assert moment(lindemeer_team, "nis2", "nis2-early-warning") == (AWARE, AWARE + DAY, 4 * H)
    early = deadline(lindemeer_team, "nis2", "nis2-early-warning")
    assert early["status"] == "met" and early["article"] == "NIS2 Art. 23(4)(a)"
    late = deadline(lindemeer_late, "nis2", "nis2-early-warning")
    assert (late["from_s"], late["due_s"]) == (AWARE, AWARE + DAY)  # the same moment, whatever the team did
    assert late["status"] == "missed" and late["margin_s"] == AWARE + DAY - 26 * H


def test_nis2_art23_4_b_incident_notification_within_72h_of_awareness(lindemeer_team, lindemeer_late):
    assert moment(lindemeer_team, "nis2", "nis2-notification") == (AWARE, AWARE + 72 * H, 48 * H)
    assert deadline(lindemeer_team, "nis2", "nis2-notification")["status"] == "met"
    late = deadline(lindemeer_late, "nis2", "nis2-notification")
    assert late["filed_s"] == 70 * H and late["status"] == "met"  # just in time, after the early warning was late


def test_nis2_art23_4_c_intermediate_report_on_request_is_kept_in_the_chain_without_a_clock(lindemeer_team):
    stages = [f["stage"] for f in regime_of(lindemeer_team, "nis2")["filings"]]
    assert stages == ["early_warning", "intermediate", "notification"]
    assert "intermediate" not in {d["stage"] for d in regime_of(lindemeer_team, "nis2")["deadlines"]}


def test_nis2_art23_4_d_final_report_one_month_after_the_incident_notification(lindemeer_team, lindemeer_late):
    assert moment(lindemeer_team, "nis2", "nis2-final") == (48 * H, 48 * H + MONTH, None)
    assert moment(lindemeer_late, "nis2", "nis2-final") == (70 * H, 70 * H + MONTH, None)
    assert deadline(lindemeer_team, "nis2", "nis2-final")["status"] == "open"  # due long after EndEx


def test_gdpr_art33_1_notification_within_72h_of_awareness_beside_nis2(lindemeer_team, lindemeer_late):
    assert moment(lindemeer_team, "gdpr", "gdpr-33") == (AWARE, AWARE + 72 * H, 8 * H + 30 * 60)
    assert deadline(lindemeer_team, "gdpr", "gdpr-33")["status"] == "met"
    [stage] = regime_of(lindemeer_team, "gdpr")["stages"]
    assert stage["complete_s"] == 50 * H and stage["followup_owed"] is False  # Art. 33(4): complete after the follow-up
    late = deadline(lindemeer_late, "gdpr", "gdpr-33")
    assert late["status"] == "missed" and late["filed_s"] is None  # NIS2 filings are not a notification to the AP


def test_the_nis2_scenarios_report_says_which_deadline_was_missed_in_dutch(lindemeer_late):
    report = lindemeer_late["markdown"]
    assert (
        "| NIS2: vroegtijdige waarschuwing | NIS2 art. 23 lid 4 onder a | T+0:20 | T+24:20 | T+26:00 "
        "| 1 uur 40 minuten te laat | gemist |" in report
    )
    assert (
        "| NIS2: incidentmelding | NIS2 art. 23 lid 4 onder b | T+0:20 | T+72:20 | T+70:00 "
        "| 2 uur 20 minuten over | gehaald |" in report
    )


def test_a_dutch_report_reads_an_element_given_as_unknown_in_dutch_and_owes_it_to_a_later_filing(lindemeer_late):
    report = lindemeer_late["markdown"]
    # the playbook wrote "unknown"; the DPO reads the report's words, and NIS2 has no "vervolgmelding"
    assert "| indicatoren van compromittering | ? | onbekend / wordt onderzocht |" in report
    assert "| unknown |" not in report and "vervolgmelding moet" not in report
    assert "niet volledig: een latere melding moet nog geven wat onbekend was of ontbrak" in report


# DORA: zuiderhaven-bank-storing ---------------------------------------------------------------


def test_dora_art19_4_a_initial_notification_within_4h_of_classification_as_the_team_decided(
    zuiderhaven_team, zuiderhaven_late
):
    classified = chosen_at(zuiderhaven_team, "classify", "major")
    assert classified == 1 * H + 20 * 60  # the first assessment came at T+1:00, the team took 20 minutes
    assert moment(zuiderhaven_team, "dora", "dora-initial-4h") == (classified, classified + 4 * H, 3 * H + 30 * 60)
    assert deadline(zuiderhaven_team, "dora", "dora-initial-4h")["status"] == "met"
    # the hesitant team classified only at the reassessment, so its 4 hours count from then
    reclassified = chosen_at(zuiderhaven_late, "reassess", "major")
    assert reclassified == 5 * H
    late = deadline(zuiderhaven_late, "dora", "dora-initial-4h")
    assert (late["from_s"], late["due_s"]) == (reclassified, reclassified + 4 * H)
    assert late["status"] == "missed" and late["margin_s"] == -(H + 10 * 60)


def test_dora_art19_4_a_initial_notification_no_later_than_24h_after_awareness(zuiderhaven_team, zuiderhaven_late):
    assert moment(zuiderhaven_team, "dora", "dora-initial-24h") == (AWARE, AWARE + DAY, 3 * H + 30 * 60)
    late = deadline(zuiderhaven_late, "dora", "dora-initial-24h")
    assert (late["from_s"], late["due_s"]) == (AWARE, AWARE + DAY)
    assert late["status"] == "met"  # late against the 4 hours, in time against the 24


def test_dora_art19_4_b_intermediate_report_within_72h_of_the_initial_notification(zuiderhaven_team, zuiderhaven_late):
    initial = 3 * H + 30 * 60
    assert moment(zuiderhaven_team, "dora", "dora-intermediate") == (initial, initial + 72 * H, 30 * H)
    assert deadline(zuiderhaven_team, "dora", "dora-intermediate")["status"] == "met"
    late_initial = 10 * H + 10 * 60
    assert moment(zuiderhaven_late, "dora", "dora-intermediate") == (late_initial, late_initial + 72 * H, None)
    assert deadline(zuiderhaven_late, "dora", "dora-intermediate")["status"] == "open"  # due after EndEx (T+76h)


def test_dora_art19_4_c_final_report_one_month_after_the_latest_intermediate_report(zuiderhaven_team, zuiderhaven_late):
    assert moment(zuiderhaven_team, "dora", "dora-final") == (30 * H, 30 * H + MONTH, None)
    assert deadline(zuiderhaven_late, "dora", "dora-final")["status"] == "idle"  # no intermediate report to count from


def test_gdpr_art33_1_notification_within_72h_of_awareness_beside_dora(zuiderhaven_team, zuiderhaven_late):
    team = deadline(zuiderhaven_team, "gdpr", "gdpr-33")
    assert (team["from_s"], team["due_s"], team["status"]) == (AWARE, AWARE + 72 * H, "met")
    assert deadline(zuiderhaven_late, "gdpr", "gdpr-33")["status"] == "missed"
