"""A regulator that asks back, played by a scripted team: the AP, the CSIRT and the supervisor write
about the gaps and contradictions of what was filed, and the debrief judges the answers.

Each test plays a small scenario headless (the use case ``simulate`` runs), reads the questions
as the team's inbox gets them (the journal's ``fired`` records on the regulator channel) and the
debrief a report is made of.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crisissim.debrief.fold import fold
from crisissim.debrief.report import render_markdown
from crisissim.debrief.summary import as_json
from crisissim.exercise.simulate import resume_simulation, start_simulation
from crisissim.journal import records as rec
from crisissim.journal.backends import open_store

H = 3600

HEAD = """\
crisissim: 1
id: asking-drill
title: Asking drill
language: {language}
duration: {duration}
start: 2026-03-02T07:00:00+01:00
regime: {regime}
aware: {{fired: alert}}
organisation: {{name: Ziekenhuis Rijnoord, short: Rijnoord}}
{regulator}
roles:
  dpo: {{name: DPO}}
  it: {{name: IT}}
events:
  - {{id: alert, to: [it, dpo], at: 1h, title: Alert, body: Data left the network.}}
"""

COMPLETE = {
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
#: Filed at T+74h, an hour past the 72 hours from awareness (T+1h), without reasons for the delay;
#: the consequences and the measures left out, the number of records still unknown.
LATE_INCOMPLETE = {k: v for k, v in COMPLETE.items() if k not in ("consequences", "measures")} | {"records": "unknown"}
ASKS_IN_A_DAY = "regulator:\n  gdpr: {asks_within: 1d, answer_within: 24h}"


def flow(fields: dict[str, str]) -> str:
    return ", ".join(f'{k}: "{v}"' for k, v in fields.items())


def filing(at: str, fields: dict[str, str], *, role: str = "dpo", extra: str = "") -> str:
    return f"{{at: {at}, role: {role}, action: notify_regulator, {extra}{flow(fields)}}}"


class Played:
    def __init__(self, journal: Path) -> None:
        store = open_store(journal, readonly=True)
        with store:
            self.records = [(r.seq, r.sim, r.data) for r in store.records()]
            debrief = fold(store)
            self.summary: dict[str, Any] = as_json(debrief)
            self.markdown = render_markdown(debrief)

    @property
    def letters(self) -> list[tuple[float, rec.Fired]]:
        """The regulators' questions as the team's inbox gets them."""
        return [(sim, d) for _, sim, d in self.records if isinstance(d, rec.Fired) and d.question is not None]

    def questions(self, regime: str = "gdpr") -> list[dict[str, Any]]:
        return next(r for r in self.summary["regimes"] if r["regime"] == regime)["questions"]


def play(
    tmp_path: Path,
    steps: list[str],
    *,
    regime: str = "gdpr",
    duration: str = "6d",
    language: str = "en",
    regulator: str = ASKS_IN_A_DAY,
    name: str = "drill",
) -> Played:
    scenario = tmp_path / f"{name}.yaml"
    scenario.write_text(
        HEAD.format(language=language, duration=duration, regime=regime, regulator=regulator), encoding="utf-8"
    )
    playbook = tmp_path / f"{name}.playbook.yaml"
    playbook.write_text("playbook: 1\nactions:\n" + "".join(f"  - {s}\n" for s in steps), encoding="utf-8")
    journal = tmp_path / f"{name}.sqlite"
    outcome = start_simulation(str(scenario), playbook=str(playbook), journal=journal).play()
    assert outcome.refused == ()
    return Played(journal)


# the done-when: a late, incomplete filing draws a question naming the missing element ----------------


def test_a_late_incomplete_notification_draws_a_question_from_the_ap_naming_the_missing_elements_and_the_filing(
    tmp_path: Path,
):
    played = play(tmp_path, [filing("74h", LATE_INCOMPLETE)])
    [(sim, letter)] = played.letters
    assert sim == 98 * H  # asks_within: 1d after the filing
    assert letter.channel == "regulator" and letter.to == ["dpo"]  # to the role that filed
    assert letter.sender == "Data Protection Authority" and letter.deadline_s == 24 * H
    # it names the filing by its date, and each element it lacks in the regime's words
    assert "5 March 2026 at 09:00" in letter.body  # T+74h of a start at 07:00 on 2 March
    for words in ("likely consequences", "measures taken or proposed", "personal data records"):
        assert words in letter.body
    assert "Article 33(1) GDPR" in letter.body  # and the reasons for the delay it owes
    [question] = played.questions()
    assert [(a["what"], a["element"]) for a in question["asks"]] == [
        ("unknown", "records"),
        ("missing", "consequences"),
        ("missing", "measures"),
        ("delay", "delay_reason"),
    ]
    assert question["status"] == "unanswered"
    assert question["missing"] == ["records", "consequences", "measures", "delay_reason"]


def test_answering_with_a_follow_up_that_supplies_what_was_asked_is_journaled_and_scored_answered(tmp_path: Path):
    answer = {"records": "Appointments (10,001 to 100,000)", "consequences": "Fraud", "measures": "Isolated"}
    played = play(
        tmp_path,
        [
            filing("74h", LATE_INCOMPLETE),
            filing("100h", {**answer, "delay_reason": "The forensic report came late"}, extra="stage: followup, "),
        ],
    )
    [question] = played.questions()
    assert question["status"] == "answered" and question["answered_s"] == 100 * H
    assert question["missing"] == []
    assert {a["by"] for a in question["asks"]} == {"filing"}
    assert "answered in time, at T+100:00" in played.markdown


def test_answered_unanswered_and_answered_in_part_are_scored_apart(tmp_path: Path):
    unanswered = play(tmp_path, [filing("74h", LATE_INCOMPLETE)], name="silent")
    replied = play(
        tmp_path,
        [
            filing("74h", LATE_INCOMPLETE),
            "{at: 99h, role: dpo, action: reply, event: regulator-1, text: The forensic report came in late.}",
        ],
        name="replied",
    )
    answered = play(
        tmp_path,
        [
            filing("74h", LATE_INCOMPLETE),
            filing(
                "130h",
                {"records": "Referrals (1,001 to 10,000)", "consequences": "Fraud", "measures": "Isolated"},
                extra='stage: followup, delay_reason: "Forensics", ',
            ),
        ],
        name="late",
    )
    assert unanswered.questions()[0]["status"] == "unanswered"
    [part] = replied.questions()
    # a reply gives the reasons for the delay; the elements stay missing until a filing gives them
    assert part["status"] == "partly" and part["replied_s"] == 99 * H
    assert part["missing"] == ["records", "consequences", "measures"]
    assert "answered in part; still missing:" in replied.markdown
    overdue = answered.questions()[0]
    assert overdue["status"] == "overdue" and overdue["answered_s"] == 130 * H  # asked at T+98h, due at T+122h
    assert "answered after the term, at T+130:00" in answered.markdown


def test_numbers_that_changed_between_filings_draw_a_question_quoting_both(tmp_path: Path):
    played = play(
        tmp_path,
        [
            filing("6h", COMPLETE),
            '{at: 10h, role: dpo, action: notify_regulator, change: amend, subjects: "Patients (1,001 to 10,000)"}',
        ],
    )
    [(sim, letter)] = played.letters
    assert sim == 34 * H  # a day after the amendment
    body = " ".join(letter.body.split())
    assert "“Patients (10,001 to 100,000)”" in body and "“Patients (1,001 to 10,000)”" in body
    assert "your notification of 2 March 2026 at 13:00" in body  # the earlier filing, by its date
    [question] = played.questions()
    [ask] = question["asks"]
    assert (ask["what"], ask["element"]) == ("changed", "subjects")


def test_a_late_filing_without_reasons_for_the_delay_is_asked_for_them_art_33_1(tmp_path: Path):
    played = play(tmp_path, [filing("74h", COMPLETE)])
    [question] = played.questions()
    assert [(a["what"], a["element"]) for a in question["asks"]] == [("delay", "delay_reason")]
    [(_, letter)] = played.letters
    assert "more than 72 hours after" in letter.body


def test_a_late_filing_with_its_reasons_draws_no_question(tmp_path: Path):
    played = play(tmp_path, [filing("74h", {**COMPLETE, "delay_reason": "The breach was found in a backup"})])
    assert played.letters == [] and played.questions() == []


def test_a_complete_timely_notification_draws_no_question(tmp_path: Path):
    played = play(tmp_path, [filing("6h", COMPLETE)])
    assert played.letters == [] and played.questions() == []
    assert "The regulator asked nothing back about what was filed." in played.markdown


def test_unknowns_completed_by_a_follow_up_before_the_ap_writes_draw_no_question_art_33_4(tmp_path: Path):
    initial = {**dict.fromkeys(COMPLETE, "unknown"), "contact": COMPLETE["contact"], "nature": "Ransomware"}
    played = play(tmp_path, [filing("6h", initial), filing("20h", COMPLETE, extra="stage: followup, ")])
    assert played.letters == []


def test_the_default_ap_waits_two_days_for_the_follow_up_an_unknown_owes(tmp_path: Path):
    initial = {**COMPLETE, "informed": "unknown"}
    played = play(tmp_path, [filing("6h", initial)], regulator="")
    [(sim, letter)] = played.letters
    assert sim == 54 * H and letter.deadline_s == 48 * H
    assert "whether and how the people affected were told, or why not" in letter.body
    assert "within 2 days" in letter.body


# in the scenario's language ------------------------------------------------------------------------


def test_the_dutch_ap_writes_in_its_own_tone(tmp_path: Path):
    played = play(tmp_path, [filing("74h", LATE_INCOMPLETE)], language="nl")
    [(_, letter)] = played.letters
    assert letter.sender == "Autoriteit Persoonsgegevens"
    body = " ".join(letter.body.split())
    assert body.startswith("Geachte heer, mevrouw,")
    assert "Wij verzoeken u" in body
    assert "5 maart 2026 om 09:00" in body
    assert "waarschijnlijke gevolgen" in body and "genomen of voorgestelde maatregelen" in body
    assert "artikel 33, eerste lid, AVG" in body
    assert "binnen 24 uur" in body and "Met vriendelijke groet" in body
    assert "Vragen van de toezichthouder" in played.markdown
    assert "niet beantwoord; ontbreekt nog:" in played.markdown


def test_the_english_letter_reads_as_a_regulator_writes(tmp_path: Path):
    played = play(tmp_path, [filing("74h", LATE_INCOMPLETE)])
    [(_, letter)] = played.letters
    body = " ".join(letter.body.split())
    assert body.startswith("Dear Sir or Madam,")
    assert "We ask you" in body or "Please" in body
    assert "quoting our reference z2026-" in body


# NIS2 and DORA --------------------------------------------------------------------------------------

NIS2_NOTIFICATION = (
    "{at: 30h, role: it, action: notify_regulator, regime: nis2, stage: notification, malicious: yes,"
    " cross_border: no, assessment: Severe, indicators: hashes}"
)


def test_nis2_art_23_4_c_the_csirt_requests_an_intermediate_report_and_the_report_answers_it(tmp_path: Path):
    steps = [
        "{at: 20h, role: it, action: notify_regulator, regime: nis2, stage: early_warning, malicious: yes,"
        " cross_border: unknown}",
        NIS2_NOTIFICATION,
        "{at: 60h, role: it, action: notify_regulator, regime: nis2, stage: intermediate,"
        " status: Contained; restoring from backups}",
    ]
    played = play(tmp_path, steps, regime="nis2", regulator="")
    [(sim, letter)] = played.letters  # the early warning's "unknown" is updated by the notification: not asked
    assert sim == 54 * H  # 24 hours after the incident notification
    assert letter.to == ["it"] and letter.sender == "CSIRT"
    assert "Article 23(4)(c)" in letter.body
    [question] = played.questions("nis2")
    assert question["asks"][0]["what"] == "intermediate"
    assert question["status"] == "answered" and question["answered_s"] == 60 * H


def test_nis2_the_csirt_asks_within_hours_about_a_gap_in_the_notification(tmp_path: Path):
    gap = NIS2_NOTIFICATION.replace("indicators: hashes", "indicators: unknown")
    regulator = "regulator:\n  nis2: {intermediate: false, from: Z-CERT, to: [dpo]}"
    played = play(tmp_path, [gap], regime="nis2", regulator=regulator)
    [(sim, letter)] = played.letters
    assert sim == 34 * H and "indicators of compromise" in letter.body
    assert letter.sender == "Z-CERT" and letter.to == ["dpo"] and letter.body.endswith("Z-CERT")
    assert played.questions("nis2")[0]["status"] == "unanswered"


def test_dora_the_supervisor_asks_about_the_impact_left_unknown(tmp_path: Path):
    steps = [
        "{at: 3h, role: it, action: notify_regulator, regime: dora, stage: initial, description: Payments down,"
        " detected: T+1h, criteria: clients affected, impact: unknown}",
        "{at: 9h, role: it, action: notify_regulator, regime: dora, stage: initial, change: amend,"
        " impact: 40000 clients in NL and BE}",
    ]
    played = play(tmp_path, steps, regime="dora", regulator="")
    [(sim, letter)] = played.letters
    assert sim == 7 * H and letter.sender == "Financial supervisor"
    assert "services, clients and member states affected" in letter.body
    [question] = played.questions("dora")
    assert question["status"] == "answered" and question["answered_s"] == 9 * H


# determinism and resume ----------------------------------------------------------------------------


def test_the_same_seed_and_actions_give_the_same_questions(tmp_path: Path):
    steps = [
        filing("74h", LATE_INCOMPLETE),
        '{at: 80h, role: dpo, action: notify_regulator, change: amend, subjects: "Patients (1,001 to 10,000)"}',
    ]
    first = play(tmp_path, steps, name="first")
    second = play(tmp_path, steps, name="second")
    assert [(s, f.title, f.body) for s, f in first.letters] == [(s, f.title, f.body) for s, f in second.letters]
    assert len(first.letters) == 2


def test_a_resumed_journal_does_not_ask_twice(tmp_path: Path):
    scenario = tmp_path / "drill.yaml"
    scenario.write_text(
        HEAD.format(language="en", duration="6d", regime="gdpr", regulator=ASKS_IN_A_DAY), encoding="utf-8"
    )
    journal = tmp_path / "drill.sqlite"
    run = start_simulation(str(scenario), journal=journal).run
    with run.journal:  # played up to T+100h, past the question, then the process stops
        run.engine.start()
        run.engine.advance_to(74 * H)
        run.engine.act("dpo", "notify_regulator", dict(LATE_INCOMPLETE))
        run.engine.advance_to(100 * H)
    assert len(Played(journal).letters) == 1
    resume_simulation(journal).play()
    played = Played(journal)
    assert len(played.letters) == 1 and played.summary["ended"] is True
    assert played.questions()[0]["status"] == "unanswered"


# what a scenario may say ---------------------------------------------------------------------------


def drill(regulator: str, regime: str = "gdpr") -> str:
    return HEAD.format(language="en", duration="3d", regime=regime, regulator=regulator)


def test_a_regulator_of_a_regime_the_scenario_does_not_name_is_refused(problems_of):
    [problem] = problems_of(drill("regulator:\n  nis2: {asks_within: 4h}"))
    assert "regulator.nis2: 'nis2' is not one of this scenario's regimes (regime: gdpr)" in problem


def test_only_the_nis2_csirt_requests_an_intermediate_report(problems_of):
    [problem] = problems_of(drill("regulator:\n  gdpr: {intermediate: 24h}"))
    assert "only the NIS2 CSIRT requests an intermediate report" in problem


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("{max: 100}", "max"),
        ("{asks_within: 40d}", "asks_within"),
        ("{answer_witin: 2d}", "unknown field 'answer_witin'; did you mean 'answer_within'?"),
    ],
)
def test_a_regulators_terms_are_bounded(problems_of, written: str, problem: str):
    problems = problems_of(drill(f"regulator:\n  gdpr: {written}"))
    assert problems and problem in problems[0] and "regulator.gdpr" in problems[0]


def test_a_regulator_told_not_to_ask_asks_nothing(tmp_path: Path):
    played = play(tmp_path, [filing("74h", LATE_INCOMPLETE)], regulator="regulator:\n  gdpr: {ask: false}")
    assert played.letters == []


# at the console ---------------------------------------------------------------------------------------


async def test_the_question_reaches_the_filing_roles_inbox_and_a_reply_answers_it(tmp_path: Path):
    from textual.widgets import Input, Static

    from .tui_support import make_app

    scenario = tmp_path / "drill.yaml"
    regulator = "regulator:\n  gdpr: {asks_within: 1h, answer_within: 4h}"
    scenario.write_text(HEAD.format(language="nl", duration="3d", regime="gdpr", regulator=regulator), encoding="utf-8")
    app = make_app(tmp_path, scenario, advance_to=2 * H)
    engine = app.session.run.engine
    engine.act("dpo", "notify_regulator", {**COMPLETE, "measures": "onbekend"})
    app.session.clock.jump_to(3.5 * H)
    engine.advance_to(3.5 * H)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f2")  # StartEx; the DPO's pane: the AP's letter is the newest message
        pane = app.main.pane("dpo")
        assert pane.selected is not None and pane.selected.event == "regulator-1"
        assert pane.selected.channel == "regulator" and pane.selected.sender == "Autoriteit Persoonsgegevens"
        shown = str(pane.query_one("#message-dpo", Static).render())
        assert "genomen of voorgestelde maatregelen" in shown and "Wij verzoeken u" in shown
        composer = app.main.query_one("#composer-dpo", Input)
        composer.focus()
        await pilot.press(*"Vervolgmelding volgt vandaag", "enter")
        await pilot.pause()
        assert pane.items[0].answered  # the inbox marks it answered
    replies = [r.payload for r in app.session.run.journal.records(kinds=("action",)) if r.payload["action"] == "reply"]
    assert replies == [{"action": "reply", "event": "regulator-1", "text": "Vervolgmelding volgt vandaag"}]
