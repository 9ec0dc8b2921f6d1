"""The regulator form under NIS2 and DORA, played by keys: `g` asks which regime's filing first,
then asks that filing's elements, and what is sent is a filing of that regime and stage that
meets its clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from crisissim.journal.records import ClockStatus
from crisissim.tui.screens.forms import ChooseScreen, FormScreen

from .tui_support import make_app

H = 3600


def filings(app: Any) -> list[tuple[str | None, dict[str, Any]]]:
    records = app.session.run.journal.records(kinds=("action",))
    return [(r.role, r.payload) for r in records if r.payload["action"] == "notify_regulator"]


def fill(form: FormScreen, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


async def pick(pilot: Any, app: Any, place: int) -> FormScreen:
    """In the choice of filings, go down ``place`` rows and take that filing."""
    assert isinstance(app.screen, ChooseScreen)
    for _ in range(place):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def test_g_under_nis2_asks_which_filing_first_in_the_chains_order(tmp_path: Path):
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * H)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f3", "g")  # StartEx, then Informatiebeveiliging
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChooseScreen)
        assert choice.title_text == "Melding aan de toezichthouder: welke melding?"
        assert list(choice.options) == [
            "nis2.early_warning",
            "nis2.notification",
            "nis2.intermediate",
            "nis2.progress",
            "nis2.final",
            "gdpr",
        ]
        assert choice.options["nis2.early_warning"] == "Vroegtijdige waarschuwing (NIS2 art. 23 lid 4 onder a)"
        await pilot.press("escape")  # nothing picked, nothing filed
        await pilot.pause()
        assert not isinstance(app.screen, ChooseScreen | FormScreen)
    assert filings(app) == []


async def test_nis2_early_warning_by_keys_asks_its_two_questions_and_meets_its_clock(tmp_path: Path):
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * H)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f3", "g")
        await pilot.pause()
        form = await pick(pilot, app, 0)
        assert [f.name for f in form.spec.fields] == ["malicious", "cross_border"]
        assert form.spec.title == "NIS2: vroegtijdige waarschuwing"
        assert "Aan het CSIRT of de bevoegde autoriteit, NIS2 art. 23 lid 4 onder a" in form.spec.intro
        await pilot.press("ctrl+s")  # empty: refused, saying what is missing
        assert app.screen is form
        error = str(form.query_one("#form-error").render())
        assert "Vul in: Vermoeden van onrechtmatig of kwaadwillig handelen?" in error
        await pilot.press(*"Ja, via een leveranciersaccount", "tab", *"onbekend")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert app.session.engine.state.clocks["nis2-early-warning"].status == ClockStatus.MET
    [(role, filed)] = filings(app)
    assert role == "security"
    assert filed["regime"] == "nis2" and filed["stage"] == "early_warning"
    assert filed["malicious"] == "Ja, via een leveranciersaccount"
    assert filed["cross_border"] == "unknown"  # Art. 23(4)(b): the incident notification updates it


@pytest.mark.parametrize(
    ("place", "stage", "elements"),
    [
        (1, "notification", ["malicious", "cross_border", "assessment", "indicators"]),
        (2, "intermediate", ["status"]),
        (4, "final", ["description", "root_cause", "mitigation", "cross_border"]),
    ],
)
async def test_each_nis2_filing_asks_the_elements_of_its_paragraph(
    tmp_path: Path, place: int, stage: str, elements: list[str]
):
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * H)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f3", "g")
        await pilot.pause()
        form = await pick(pilot, app, place)
        assert [f.name for f in form.spec.fields] == elements
        assert all(f.required for f in form.spec.fields)  # answered, or written "unknown"
        fill(form, dict.fromkeys(elements, "onbekend") | {elements[0]: "Zie bijlage"})
        await pilot.press("ctrl+s")
        await pilot.pause()
    [(_role, filed)] = filings(app)
    assert (filed["regime"], filed["stage"]) == ("nis2", stage)
    assert filed[elements[0]] == "Zie bijlage"


DORA_STAGES = [
    (0, "initial", ["description", "detected", "criteria", "impact"]),
    (1, "intermediate", ["impact", "actions"]),
    (2, "final", ["root_cause", "resolution", "costs", "actions"]),
]


@pytest.mark.parametrize(("place", "stage", "elements"), DORA_STAGES)
async def test_each_dora_filing_asks_the_elements_of_its_report(
    tmp_path: Path, place: int, stage: str, elements: list[str]
):
    app = make_app(tmp_path, "zuiderhaven-bank-storing", advance_to=2 * H)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f3", "g")  # Compliance & Rapportage
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChooseScreen)
        assert list(choice.options) == ["dora.initial", "dora.intermediate", "dora.final", "gdpr"]
        form = await pick(pilot, app, place)
        assert [f.name for f in form.spec.fields] == elements
        assert "bevoegde financiële toezichthouder" in form.spec.intro
        fill(form, dict.fromkeys(elements, "Zie bijlage"))
        await pilot.press("ctrl+s")
        await pilot.pause()
    [(role, filed)] = filings(app)
    assert role == "compliance"
    assert (filed["regime"], filed["stage"]) == ("dora", stage)
    assert {k: filed[k] for k in elements} == dict.fromkeys(elements, "Zie bijlage")


async def test_a_dora_initial_notification_by_keys_meets_both_of_its_clocks(tmp_path: Path):
    app = make_app(tmp_path, "zuiderhaven-bank-storing", advance_to=H + 10 * 60)  # the assessment is in
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f3")
        pane = app.main.pane("compliance")
        index = next(n for n, item in enumerate(pane.items) if item.event == "classify")
        await pilot.press("home", *["down"] * index)
        assert pane.selected is not None and pane.selected.event == "classify"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("enter")  # major: the team's classification starts the 4 hours
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        form = await pick(pilot, app, 0)
        fill(
            form,
            {
                "description": "Uitval app en internetbankieren door ransomware bij de hoster",
                "detected": "07:50; als ernstig geclassificeerd om 08:40",
                "criteria": "Kritieke dienst; klanten en duur boven de drempel",
                "impact": "onbekend",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        clocks = app.session.engine.state.clocks
        assert clocks["dora-initial-4h"].status == ClockStatus.MET
        assert clocks["dora-initial-24h"].status == ClockStatus.MET
        assert clocks["dora-intermediate"].status == ClockStatus.RUNNING  # 72 hours from this filing
    [(_role, filed)] = filings(app)
    assert filed["impact"] == "unknown"


async def test_the_gdpr_choice_opens_the_aps_meldformulier(tmp_path: Path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=3 * H)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f2", "g")  # the DPO; the hospital is under GDPR and NIS2
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChooseScreen)
        assert next(iter(choice.options)) == "gdpr"
        assert choice.options["gdpr"] == (
            "Melding of vervolgmelding aan de Autoriteit Persoonsgegevens (AVG art. 33 lid 1)"
        )
        form = await pick(pilot, app, 0)
        assert [f.name for f in form.spec.fields][:2] == ["stage", "contact"]  # new or follow-up, as the AP asks


async def test_a_filing_that_stands_can_be_amended_and_then_withdrawn_by_keys(tmp_path: Path):
    app = make_app(tmp_path, "lindemeer-drinkwater", advance_to=2 * H)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f3", "g")
        await pilot.pause()
        form = await pick(pilot, app, 0)  # the early warning
        fill(form, {"malicious": "Ja", "cross_border": "onbekend"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChooseScreen)
        assert list(choice.options)[-2:] == ["amend:nis2.early_warning", "withdraw:nis2.early_warning"]
        assert choice.options["amend:nis2.early_warning"] == (
            "Wijzigen: vroegtijdige waarschuwing (NIS2 art. 23 lid 4 onder a)"
        )
        form = await pick(pilot, app, len(choice.options) - 2)
        assert form.spec.title == "NIS2: vroegtijdige waarschuwing (wijziging)"
        fill(form, {"malicious": "Ja", "cross_border": "Nee, alleen in Nederland"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        form = await pick(pilot, app, len(app.screen.options) - 1)  # withdraw
        assert [f.name for f in form.spec.fields] == ["reason"]
        await pilot.press("ctrl+s")  # a withdrawal says why
        assert app.screen is form
        fill(form, {"reason": "Dubbel ingediend; de incidentmelding volgt"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert not any(":" in key for key in app.screen.options)  # nothing stands to change
    changes = [(f.get("change", "new"), f["stage"], f.get("cross_border"), f.get("reason")) for _r, f in filings(app)]
    assert changes == [
        ("new", "early_warning", "unknown", None),
        ("amend", "early_warning", "Nee, alleen in Nederland", None),
        ("withdraw", "early_warning", None, "Dubbel ingediend; de incidentmelding volgt"),
    ]


async def test_a_gdpr_notification_once_filed_may_be_withdrawn_where_the_scenario_knows_no_regime(tmp_path: Path):
    app = make_app(tmp_path, "first-hour-quickstart", advance_to=30 * 60)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape")
        role = next(r for r in app.main.roles if r in ("dpo", "privacy"))
        await pilot.press(f"f{list(app.main.roles).index(role) + 1}", "g")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # nothing filed: the AP's form at once
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.act(
            role, "notify_regulator", {"nature": "Een mail met klantgegevens naar de verkeerde ontvanger"}
        )
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, ChooseScreen)
        assert list(choice.options) == ["gdpr", "withdraw:gdpr.initial"]
