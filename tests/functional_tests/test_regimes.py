"""Regimes played by a scripted team: every deadline of each chain counted from the moment its
article names, met or missed as the playbook says, and each filing judged element by element.

Each test plays a small scenario headless (the use case ``simulate`` runs) and reads the debrief
a report is made of; the article a deadline comes from is in the test's name.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from crisissim.debrief.fold import fold
from crisissim.debrief.report import render_markdown
from crisissim.debrief.summary import as_json
from crisissim.exercise.simulate import start_simulation
from crisissim.journal.backends import open_store

H = 3600
DAY = 24 * H

HEAD = """\
crisissim: 1
id: regime-drill
title: Regime drill
language: {language}
duration: {duration}
regime: {regime}
aware: {{fired: alert}}
{extra}
roles:
  dpo: {{name: DPO}}
  it: {{name: IT}}
events:
  - {{id: alert, to: [it, dpo], at: 1h, title: Alert, body: Data left the network.}}
  - {{id: triage, to: [it], at: 3h, title: Is it major, body: Classify it.,
     options: {{major: Major, minor: Not major}}}}
"""

GDPR_COMPLETE = {
    "contact": "FG, fg@example.org, 088 123 4567",
    "occurred": "1 March 2026, 22:00",
    "discovered": "2 March 2026, 07:30",
    "ongoing": "no",
    "nature": "Ransomware with exfiltration of about 40 GB",
    "subjects": "Patients (10,001 to 100,000)",
    "records": "Appointments, referrals (10,001 to 100,000)",
    "special": "Health data and BSN",
    "encrypted": "no",
    "consequences": "Identity fraud, phishing",
    "informed": "By letter on 4 March",
    "measures": "Systems isolated, forensic investigation",
    "international": "none",
}


def play(tmp_path: Path, steps: list[str], *, regime: str, duration: str = "72h", extra: str = "") -> dict[str, Any]:
    scenario = tmp_path / "drill.yaml"
    scenario.write_text(HEAD.format(language="en", duration=duration, regime=regime, extra=extra), encoding="utf-8")
    playbook = tmp_path / "drill.playbook.yaml"
    playbook.write_text("playbook: 1\nactions:\n" + "".join(f"  - {s}\n" for s in steps), encoding="utf-8")
    journal = tmp_path / "drill.sqlite"
    outcome = start_simulation(str(scenario), playbook=str(playbook), journal=journal).play()
    assert outcome.refused == ()
    store = open_store(journal, readonly=True)
    with store:
        debrief = fold(store)
        summary = as_json(debrief)
        summary["markdown"] = render_markdown(debrief)
    return summary


def regime_of(summary: dict[str, Any], regime: str) -> dict[str, Any]:
    return next(r for r in summary["regimes"] if r["regime"] == regime)


def deadline(summary: dict[str, Any], regime: str, deadline_id: str) -> dict[str, Any]:
    return next(d for d in regime_of(summary, regime)["deadlines"] if d["id"] == deadline_id)


def flow(fields: dict[str, str]) -> str:
    return ", ".join(f'{k}: "{v}"' for k, v in fields.items())


def test_gdpr_art_33_1_and_33_4_phased_notification_met_and_complete_after_the_follow_up(tmp_path: Path):
    initial = {**dict.fromkeys(GDPR_COMPLETE, "unknown"), "contact": GDPR_COMPLETE["contact"]}
    initial["nature"] = "Ransomware; what was taken is being investigated"
    summary = play(
        tmp_path,
        [
            f"{{at: 6h, role: dpo, action: notify_regulator, {flow(initial)}}}",
            f"{{at: 48h, role: dpo, action: notify_regulator, stage: followup, {flow(GDPR_COMPLETE)}}}",
        ],
        regime="gdpr",
    )
    art33 = deadline(summary, "gdpr", "gdpr-33")
    assert art33["from_s"] == 1 * H  # from becoming aware: the alert at T+1h
    assert art33["due_s"] == 73 * H
    assert art33["filed_s"] == 6 * H and art33["status"] == "met" and art33["margin_s"] == 67 * H

    first, follow_up = regime_of(summary, "gdpr")["filings"]
    assert first["stage"] == "initial" and not first["complete"]
    assert "occurred" in first["unknown"] and "contact" not in first["unknown"]
    assert follow_up["stage"] == "followup" and follow_up["complete"] and follow_up["at_s"] == 48 * H

    [stage] = regime_of(summary, "gdpr")["stages"]
    assert stage["complete_s"] == 48 * H and stage["followup_owed"] is False
    assert set(stage["elements"].values()) == {"given"}
    assert summary["notification"]["complete"] is True  # Art. 33(3): every element given, in the follow-up

    # the report says it in words: met, with the margin, and complete from the follow-up
    assert "complete from T+48:00" in summary["markdown"]
    assert "| GDPR 33: notification | GDPR Art. 33(1) |" in summary["markdown"]


def test_gdpr_art_33_4_notification_with_unknowns_and_no_follow_up_still_owes_one(tmp_path: Path):
    initial = {**dict.fromkeys(GDPR_COMPLETE, "onbekend"), "contact": GDPR_COMPLETE["contact"]}
    summary = play(tmp_path, [f"{{at: 6h, role: dpo, action: notify_regulator, {flow(initial)}}}"], regime="gdpr")
    [stage] = regime_of(summary, "gdpr")["stages"]
    assert stage["complete_s"] is None and stage["followup_owed"] is True
    assert stage["elements"]["nature"] == "unknown" and stage["elements"]["contact"] == "given"
    assert summary["notification"]["complete"] is False


def test_gdpr_art_33_1_missed_when_filed_after_72_hours_from_awareness(tmp_path: Path):
    summary = play(
        tmp_path,
        [f"{{at: 74h, role: dpo, action: notify_regulator, {flow(GDPR_COMPLETE)}, delay_reason: Forensics}}"],
        regime="gdpr",
        duration="80h",
    )
    art33 = deadline(summary, "gdpr", "gdpr-33")
    assert art33["status"] == "missed" and art33["margin_s"] == -1 * H


def test_an_amendment_and_a_withdrawal_are_kept_beside_the_filing_they_change(tmp_path: Path):
    summary = play(
        tmp_path,
        [
            f"{{at: 6h, role: dpo, action: notify_regulator, {flow(GDPR_COMPLETE)}}}",
            '{at: 8h, role: dpo, action: notify_regulator, change: amend, subjects: "Patients (1,001 to 10,000)"}',
            "{at: 9h, role: dpo, action: notify_regulator, change: withdraw, reason: No personal data left after all}",
        ],
        regime="gdpr",
    )
    filings = regime_of(summary, "gdpr")["filings"]
    assert [f["change"] for f in filings] == ["new", "amend", "withdraw"]
    assert [a["subjects"] for a in summary["actions"] if "subjects" in a] == [
        "Patients (10,001 to 100,000)",
        "Patients (1,001 to 10,000)",
    ]  # the journal keeps every filing as filed
    [stage] = regime_of(summary, "gdpr")["stages"]
    assert stage["withdrawn_s"] == 9 * H


NIS2 = "action: notify_regulator, regime: nis2"
NIS2_STEPS = [
    f'{{at: 20h, role: it, {NIS2}, stage: early_warning, malicious: "yes, ransomware", cross_border: "unknown"}}',
    f"{{at: 70h, role: it, {NIS2}, stage: notification, assessment: Severe, indicators: hashes,"
    " malicious: yes, cross_border: no}",
]


def test_nis2_art_23_4_a_early_warning_within_24_hours_of_becoming_aware(tmp_path: Path):
    summary = play(tmp_path, NIS2_STEPS, regime="nis2", duration="4d")
    early = deadline(summary, "nis2", "nis2-early-warning")
    assert (early["from_s"], early["due_s"], early["filed_s"]) == (1 * H, 25 * H, 20 * H)
    assert early["status"] == "met" and early["article"] == "NIS2 Art. 23(4)(a)"


def test_nis2_art_23_4_b_incident_notification_within_72_hours_of_becoming_aware(tmp_path: Path):
    summary = play(tmp_path, NIS2_STEPS, regime="nis2", duration="4d")
    notification = deadline(summary, "nis2", "nis2-notification")
    assert (notification["from_s"], notification["due_s"], notification["filed_s"]) == (1 * H, 73 * H, 70 * H)
    assert notification["status"] == "met"


def test_nis2_art_23_4_b_missed_when_the_notification_comes_after_72_hours(tmp_path: Path):
    late = [NIS2_STEPS[0], NIS2_STEPS[1].replace("at: 70h", "at: 74h")]
    summary = play(tmp_path, late, regime="nis2", duration="4d")
    assert deadline(summary, "nis2", "nis2-notification")["status"] == "missed"
    assert deadline(summary, "nis2", "nis2-early-warning")["status"] == "met"


def test_nis2_art_23_4_d_final_report_one_month_after_the_incident_notification(tmp_path: Path):
    summary = play(tmp_path, NIS2_STEPS, regime="nis2", duration="4d")
    final = deadline(summary, "nis2", "nis2-final")
    assert final["from_s"] == 70 * H  # from the notification, not from awareness
    assert final["due_s"] == 70 * H + 30 * DAY
    assert final["status"] == "open"  # the exercise ended long before it was due


def test_nis2_art_23_4_a_early_warning_missed_when_none_is_filed(tmp_path: Path):
    summary = play(tmp_path, [NIS2_STEPS[1]], regime="nis2", duration="4d")
    early = deadline(summary, "nis2", "nis2-early-warning")
    assert early["status"] == "missed" and early["filed_s"] is None


DORA_EXTRA = "classified: {chose: triage.major}"
DORA = "action: notify_regulator, regime: dora"
DORA_STEPS = [
    "{at: 5h, role: it, action: choose, event: triage, option: major}",
    f'{{at: 8h, role: it, {DORA}, stage: initial, description: "Payments down", detected: "T+1h; major at T+5h",'
    ' criteria: "clients affected", impact: "unknown"}',
    f'{{at: 70h, role: it, {DORA}, stage: intermediate, impact: "40,000 clients", actions: "failover"}}',
]


def test_dora_art_19_4_a_initial_notification_within_4_hours_of_classification(tmp_path: Path):
    summary = play(tmp_path, DORA_STEPS, regime="dora", extra=DORA_EXTRA, duration="4d")
    initial = deadline(summary, "dora", "dora-initial-4h")
    assert (initial["from_s"], initial["due_s"], initial["filed_s"]) == (5 * H, 9 * H, 8 * H)
    assert initial["status"] == "met"


def test_dora_art_19_4_a_initial_notification_no_later_than_24_hours_after_awareness(tmp_path: Path):
    # classified late (T+22h): 4 hours from then would be T+26h, but 24 hours from awareness end at T+25h
    steps = [
        "{at: 22h, role: it, action: choose, event: triage, option: major}",
        DORA_STEPS[1].replace("at: 8h", "at: 25h30m"),
    ]
    summary = play(tmp_path, steps, regime="dora", extra=DORA_EXTRA, duration="4d")
    assert deadline(summary, "dora", "dora-initial-4h")["status"] == "met"
    aware = deadline(summary, "dora", "dora-initial-24h")
    assert (aware["from_s"], aware["due_s"]) == (1 * H, 25 * H)
    assert aware["status"] == "missed" and aware["margin_s"] == -H / 2


def test_dora_art_19_4_b_intermediate_report_within_72_hours_of_the_initial_notification(tmp_path: Path):
    summary = play(tmp_path, DORA_STEPS, regime="dora", extra=DORA_EXTRA, duration="4d")
    intermediate = deadline(summary, "dora", "dora-intermediate")
    assert (intermediate["from_s"], intermediate["due_s"], intermediate["filed_s"]) == (8 * H, 80 * H, 70 * H)
    assert intermediate["status"] == "met"


def test_dora_art_19_4_b_intermediate_report_missed_when_late(tmp_path: Path):
    steps = [*DORA_STEPS[:2], DORA_STEPS[2].replace("at: 70h", "at: 81h")]
    summary = play(tmp_path, steps, regime="dora", extra=DORA_EXTRA, duration="4d")
    assert deadline(summary, "dora", "dora-intermediate")["status"] == "missed"


def test_dora_art_19_4_c_final_report_one_month_after_the_latest_intermediate_report(tmp_path: Path):
    steps = [
        *DORA_STEPS,
        f'{{at: 90h, role: it, {DORA}, stage: intermediate, impact: "45,000 clients", actions: "restored"}}',
    ]
    summary = play(tmp_path, steps, regime="dora", extra=DORA_EXTRA, duration="4d")
    final = deadline(summary, "dora", "dora-final")
    assert final["from_s"] == 90 * H  # the latest intermediate report, not the first
    assert final["due_s"] == 90 * H + 30 * DAY and final["status"] == "open"


def test_regimes_combine_each_with_its_own_chain(tmp_path: Path):
    summary = play(tmp_path, NIS2_STEPS, regime="[gdpr, nis2]", duration="4d")
    assert [r["regime"] for r in summary["regimes"]] == ["gdpr", "nis2"]
    assert deadline(summary, "gdpr", "gdpr-33")["status"] == "missed"  # NIS2 filings are not a GDPR notification
    assert {c["id"] for c in summary["clocks"]} >= {"gdpr-33", "nis2-early-warning", "nis2-notification"}


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        ("{at: 2h, role: dpo, action: notify_regulator, regime: nis3, assessment: x}", "unknown regime 'nis3'"),
        (
            "{at: 2h, role: dpo, action: notify_regulator, regime: nis2, stage: initial, assessment: x}",
            "no filing 'initial'",
        ),
        ("{at: 2h, role: dpo, action: notify_regulator, contact: unknown, nature: x}", "cannot be left unknown"),
    ],
)
def test_a_filing_the_regime_does_not_know_is_refused_by_name(tmp_path: Path, step: str, problem: str):
    from crisissim.exercise import BadInput

    with pytest.raises(BadInput, match=problem):
        play(tmp_path, [step], regime="[gdpr, nis2]")


def test_the_clocks_read_in_the_scenarios_language(tmp_path: Path):
    scenario = tmp_path / "drill.yaml"
    scenario.write_text(
        textwrap.dedent(HEAD.format(language="nl", duration="72h", regime="gdpr", extra="")), encoding="utf-8"
    )
    from crisissim.scenario import load

    loaded = load(scenario)
    assert loaded.scenario is not None
    assert loaded.scenario.clocks["gdpr-33"].label == "AVG 33: melding AP"


def drill_text(regime: str = "gdpr", extra: str = "") -> str:
    return HEAD.format(language="en", duration="72h", regime=regime, extra=extra)


def test_a_regime_without_aware_is_refused_at_regime(problems_of):
    text = drill_text().replace("aware: {fired: alert}\n", "")
    assert problems_of(text) == [
        "drill.yaml:6:9: error: regime: a regime's deadlines count from when the organisation becomes aware: "
        "add 'aware', the condition that says when, e.g. aware: {fired: soc-call}"
    ]


def test_aware_names_an_event_the_scenario_has(problems_of):
    [problem] = problems_of(drill_text().replace("aware: {fired: alert}", "aware: {fired: alret}"))
    assert "aware.fired: unknown event 'alret'" in problem


def test_a_filing_condition_names_a_regime_of_the_scenario(problems_of):
    text = drill_text().replace("title: Alert,", "title: Alert, when: {filed: nis2.notification},")
    [problem] = problems_of(text)
    assert "'nis2' is not one of this scenario's regimes (regime: gdpr)" in problem


def test_a_regime_clock_takes_an_objective_and_keeps_its_preset(write_scenario):
    from crisissim.scenario import load

    text = drill_text().replace(
        "roles:", "objectives: {notify: Notify in time}\nclocks:\n  gdpr-33: {objective: notify}\nroles:"
    )
    loaded = load(write_scenario(text))
    assert loaded.scenario is not None, loaded.errors
    clock = loaded.scenario.clocks["gdpr-33"]
    assert clock.objective == "notify" and clock.limit == 72 * H


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 48)])
async def test_the_status_bar_shows_the_most_urgent_regime_clock_with_its_value_at_every_size(
    tmp_path: Path, size: tuple[int, int]
):
    from crisissim.tui.widgets.status_bar import StatusBar

    from .tui_support import make_app

    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=2 * H + 45 * 60)
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape")  # StartEx
        await pilot.pause()
        line = str(app.main.query_one(StatusBar).render())
    lines = line.split("\n")
    assert len(lines) <= 2 and all(len(part) <= size[0] for part in lines)
    # at T+2:45 the NIS2 early warning (24 h from the SOC's call at T+0:20) is the first to run out
    assert "21:35 NIS2: vroegtijdige waarschuwing" in lines[0]
    assert line.index("21:35") < min(line.index(v) for v in ("47:15", "69:35"))
    # every running clock's value shows: AVG art. 33 and NIS2's notification (69:35 each), the
    # ultimatum (47:15); the final report is idle; none is counted away in +N
    assert line.count("69:35") == 2 and "47:15" in line and "+" not in line.replace("T+", "")


@pytest.mark.parametrize("written", ["5", "{gdpr: 1}", "true"])
def test_a_regime_that_is_not_a_name_or_a_list_is_one_problem_at_regime(problems_of, written):
    problems = problems_of(drill_text(regime=written))
    assert problems and problems[0].startswith("drill.yaml:6:9: error: regime: should be a list")
