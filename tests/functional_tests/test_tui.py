"""The exercise played by keys through App.run_test and Pilot, then checked in the journal."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from crisissim.journal import Journal
from crisissim.tui.screens.forms import ChooseScreen, FormScreen
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.screens.startex import StartExScreen
from crisissim.tui.widgets.status_bar import StatusBar
from tests.conftest import VALID
from tests.functional_tests.tui_support import make_app


def drill(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def actions(app) -> list[tuple[str | None, str, dict]]:
    journal: Journal = app.session.run.journal
    return [(r.role, r.payload["action"], r.payload) for r in journal.records(kinds=("action",))]


async def test_a_short_exercise_played_by_keys(tmp_path):
    app = make_app(tmp_path, drill(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        assert isinstance(app.screen, StartExScreen)
        await pilot.press("space")  # StartEx
        assert not app.session.clock.paused
        await pilot.press("n")  # advance to the alert at T+0:05
        assert app.session.engine.now == 300

        await pilot.press("f3")  # IT's pane
        await pilot.press("c")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("enter")  # the first option: isolate
        await pilot.press("r")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Isolating now")
        await pilot.press("ctrl+s")

        await pilot.press("n")  # the isolation report at T+0:10
        await pilot.press("n")  # the reporter at T+0:30
        await pilot.press("f1")
        await pilot.press("s")
        await pilot.press(*"We are investigating a security incident.")
        await pilot.press("ctrl+s")

        await pilot.press("f2")
        await pilot.press("g")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("ctrl+s")  # empty: refused, with what is missing
        assert app.screen is form
        assert "Fill in: Nature of the breach" in str(form.query_one("#form-error").render())
        answers = {
            "nature": "Backup exposed",
            "subject_categories": "customers",
            "subject_count": "12000",
            "record_categories": "names, addresses",
            "record_count": "12000",
            "contact": "dpo@test.example",
            "consequences": "phishing",
            "measures": "bucket closed",
        }
        for name, value in answers.items():
            widget = form.query_one(f"#field-{name}")
            if isinstance(widget, TextArea):
                widget.text = value
            else:
                assert isinstance(widget, Input)
                widget.value = value
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, FormScreen)

        await pilot.press("space")
        assert app.session.clock.paused
        assert "PAUSED" in str(app.main.query_one(StatusBar).render())
        rate = app.session.clock.rate
        await pilot.press("plus")
        assert app.session.clock.rate > rate

    taken = actions(app)
    assert [(role, kind) for role, kind, _ in taken] == [
        ("it", "choose"),
        ("it", "reply"),
        ("comms", "statement"),
        ("dpo", "notify_regulator"),
    ]
    assert taken[0][2]["option"] == "isolate"
    assert taken[1][2]["text"] == "Isolating now" and taken[1][2]["event"] == "alert"
    assert taken[3][2]["subjects"] == "customers (approx. 12000)"
    state = app.session.engine.state
    assert state.expectations["decide"].status == "met"
    assert state.expectations["holding"].status == "met"
    assert state.clocks["gdpr"].status == "met"
    controls = [r.payload["control"] for r in app.session.run.journal.records(kinds=("control",))]
    assert controls == ["resume", "advance", "advance", "advance", "pause", "speed"]


async def test_composer_sends_a_quick_reply(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape")  # StartEx: not yet
        await pilot.press("f2")
        composer = app.main.query_one("#composer-dpo", Input)
        composer.focus()
        await pilot.press(*"Assessing now", "enter")
    assert [(role, kind, p["text"]) for role, kind, p in actions(app)] == [("dpo", "reply", "Assessing now")]


async def test_refused_action_journals_nothing(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f1", "r")  # comms received nothing yet: there is no message to answer
        assert not isinstance(app.screen, FormScreen)
    assert actions(app) == []


async def test_help_facilitator_commands_and_endex_hotwash(tmp_path):
    app = make_app(tmp_path, drill(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("space", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("x")
        form = app.screen
        form.query_one("#field-flag", Input).value = "ransom-paid"
        await pilot.press("ctrl+s")
        assert "ransom-paid" in app.session.engine.state.flags
        await pilot.press("e", "y")
        await pilot.pause(0.3)
        assert app.session.engine.ended
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        hotwash.query_one("#answer-0", TextArea).text = "The holding statement went out in time."
        await pilot.press("ctrl+s")
        await pilot.click("#finish")
        await pilot.pause(0.2)
    records = list(app.session.run.journal.records(kinds=("hotwash", "end")))
    assert [r.kind for r in records] == ["end", "hotwash"]
    assert records[1].role == "comms" and records[1].payload["answers"][0].startswith("The holding")
    assert app.session.report_paths and Path(app.session.report_paths[0]).exists()


async def test_small_terminal_turns_panes_into_tabs(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert app.main.has_class("compact")
        await pilot.press("f3")
        visible = [p.role for p in app.main.panes if p.display]
        assert visible == ["it"]
        assert not app.main.query_one("#msel").display


async def test_facilitator_fires_and_skips_from_the_msel_only(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f1", "f")  # in a role pane, 'f' fires nothing
        assert app.session.engine.state.events["alert"].status == "pending"
        await pilot.press("shift+tab")  # from the first pane back to the MSEL
        assert app.main.focused.id == "msel-table"
        await pilot.press("f")  # the cursor is on the first row: the alert; it asks first
        assert app.session.engine.state.events["alert"].status == "pending"
        await pilot.press("n")
        assert app.session.engine.state.events["alert"].status == "pending"
        await pilot.press("f", "y")
        assert app.session.engine.state.events["alert"].status == "fired"
        await pilot.press("down", "down", "k", "y")
    skipped = [s for s, st in app.session.engine.state.events.items() if st.status == "skipped"]
    assert len(skipped) >= 1
    controls = [r.payload["control"] for r in app.session.run.journal.records(kinds=("control",))]
    assert controls[:1] == ["fire"] and "skip" in controls


async def test_a_debrief_that_cannot_be_written_is_said_on_the_hotwash_screen(tmp_path, monkeypatch):
    from crisissim.debrief.export import ReportError

    def full_disk(journal, target, fmt, **_):
        raise ReportError(target, "cannot be written (the disk is full: No space left on device); nothing was written")

    monkeypatch.setattr("crisissim.tui.app.write_report", full_disk)
    app = make_app(tmp_path, drill(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("space", "e", "y")
        await pilot.pause(0.3)
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        await pilot.click("#finish")
        await pilot.pause(0.2)
        shown = str(hotwash.query_one("#hotwash-status").render())
        assert app.screen is hotwash  # the console goes on; the journal holds everything
    assert shown.startswith("The debrief could not be written:\n")
    assert "the disk is full" in shown
    assert f"write the debrief later with crisissim report {tmp_path / 'journal.sqlite'}" in shown
    assert app.session.report_paths == []
