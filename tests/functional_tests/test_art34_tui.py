"""The Art. 34 forms played by keys through App.run_test and Pilot: the communication asks the
elements of Art. 34(2) one by one, the exception asks its ground and reasoning, and both are
journaled as the team filled them in."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, RadioButton, TextArea

from crisissim.journal import Journal
from crisissim.tui.screens.forms import FormScreen
from crisissim.tui.screens.help import HelpScreen, sections
from tests.conftest import VALID
from tests.functional_tests.tui_support import make_app


def drill(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def actions(app) -> list[tuple[str | None, str, dict]]:
    journal: Journal = app.session.run.journal
    return [(r.role, r.payload["action"], r.payload) for r in journal.records(kinds=("action",))]


def fill(form: FormScreen, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


def choose(form: FormScreen, name: str, value: str) -> None:
    """A radio button's id is its place among the field's choices."""
    values = [v for v, _ in next(f for f in form.spec.fields if f.name == name).choices]
    form.query_one(f"#field-{name}-{values.index(value)}", RadioButton).value = True


async def test_the_art_34_communication_asks_each_element_of_art_34_2_and_files_them(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f2", "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert [f.name for f in form.spec.fields] == [
            "audience",
            "channel",
            "public",
            "nature",
            "consequences",
            "measures",
            "contact",
            "text",
        ]
        labels = {f.name: f.label for f in form.spec.fields}
        assert labels["nature"] == "What happened"
        assert "Art. 34(2)" in next(f.hint for f in form.spec.fields if f.name == "nature")
        await pilot.press("ctrl+s")  # nothing said of what happened: refused, with what is missing
        assert app.screen is form
        assert "What happened" in str(form.query_one("#form-error").render())
        fill(
            form,
            {
                "audience": "All customers in the backup",
                "channel": "email",
                "nature": "A backup with your name and address was readable on the internet for two days.",
                "consequences": "You may receive phishing mails that seem to come from us.",
                "measures": "The backup is closed. Never give your password by mail.",
                "contact": "DPO, dpo@test.example",
            },
        )
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, FormScreen)

        await pilot.press("w")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.spec.title == "No communication to the people affected (GDPR Art. 34(3))"
        grounds = dict(next(f for f in form.spec.fields if f.name == "ground").choices)
        assert grounds["disproportionate"] == "(c) disproportionate effort: a public communication instead"
        choose(form, "ground", "mitigated")
        fill(form, {"reasoning": "The one copy was deleted by the finder, who signed a statement; logs show no other."})
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, FormScreen)

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = [(key, what) for _section, keys in sections(app.screen.labels) for key, what in keys]
        assert any("w" in key and "no communication (Art. 34(3))" in what for key, what in shown)

    taken = actions(app)
    assert [(role, kind) for role, kind, _ in taken] == [("dpo", "notify_subjects"), ("dpo", "subjects_exception")]
    letter, exception = taken[0][2], taken[1][2]
    assert letter["contact"] == "DPO, dpo@test.example" and letter["public"] == "no"
    assert letter["consequences"].startswith("You may receive phishing")
    assert "text" not in letter
    assert exception["ground"] == "mitigated" and exception["reasoning"].startswith("The one copy")


async def test_the_art_34_forms_speak_dutch_in_a_dutch_exercise(tmp_path):
    path = drill(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: nl"), encoding="utf-8")
    app = make_app(tmp_path, path, advance_to=300)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f2", "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.spec.title == "Mededeling aan de betrokkenen (AVG art. 34)"
        await pilot.press("escape")
        await pilot.press("w")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.spec.title == "Geen mededeling aan de betrokkenen (AVG art. 34 lid 3)"
        assert dict(next(f for f in form.spec.fields if f.name == "ground").choices)["unintelligible"] == (
            "(a) onbegrijpelijk voor onbevoegden, zoals door versleuteling"
        )
