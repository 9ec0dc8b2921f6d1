"""The console's safety nets, played by keys through App.run_test: nothing typed is lost, nothing
fired by a slip of the hand, nothing answered under the wrong question or role."""

from __future__ import annotations

from pathlib import Path

from textual import events

from crisissim.tui.app import CrisisApp
from crisissim.tui.screens.forms import FormScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from tests.conftest import VALID
from tests.functional_tests.tui_support import make_app


def drill(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def actions(app: CrisisApp) -> list[tuple[str | None, str, dict]]:
    journal = app.session.run.journal
    return [(r.role, r.payload["action"], r.payload) for r in journal.records(kinds=("action",))]


def burst(app: CrisisApp, *keys: str) -> None:
    """Keys as a fast typist (or a terminal without bracketed paste) sends them: all queued at
    once, nothing handled in between."""
    assert app._driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        name = {" ": "space", ".": "full_stop", ",": "comma"}.get(key, key)
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_burst_of_200_characters_then_ctrl_s_journals_all_200(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    text = ("abcdefghij klmnopqrs " * 10)[:200]
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f1", "s")
        assert isinstance(app.screen, FormScreen)
        burst(app, *text, "ctrl+s")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, FormScreen)
    [(role, kind, payload)] = actions(app)
    assert (role, kind) == ("comms", "statement")
    assert payload["text"] == text.strip() and len(text) == 200


async def test_a_paste_then_ctrl_s_journals_all_of_it(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    pasted = "We are investigating an incident.\nMore follows at noon, on our website."
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f1", "s")
        assert isinstance(app.screen, FormScreen)
        assert app._driver is not None
        paste = events.Paste(pasted)
        paste.set_sender(app)
        app._driver.send_message(paste)
        burst(app, "ctrl+s")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, FormScreen)
    [(role, kind, payload)] = actions(app)
    assert (role, kind, payload["text"]) == ("comms", "statement", pasted)


async def test_the_hot_wash_files_each_answer_under_its_question_and_role(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=600)
    questions = app.session.scenario.hotwash
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape")
        app.session.driver.command("end")
        await pilot.pause(0.3)
        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen)
        assert hotwash.focused is hotwash.query_one("#hotwash-role")
        await pilot.press("tab", *"eerst", "tab", *"tweede")  # the first tab: the first question
        await pilot.press("ctrl+s")  # Communicatie's answers; the next role comes up
        assert hotwash.role == "dpo"
        assert "Functionaris Gegevensbescherming" in str(hotwash.query_one("#hotwash-answering").render())
        await pilot.press("shift+tab", "shift+tab", "down", "enter")  # arrows pick IT & Security
        assert hotwash.role == "it"
        await pilot.press(*"isoleren", "ctrl+s")
        assert hotwash.role == "dpo"  # the first role still waiting
        await pilot.press("shift+tab", "tab", "tab", "tab", "tab", *"art33", "ctrl+s")
        marks = [str(hotwash.query_one("#hotwash-role").get_option_at_index(n).prompt) for n in range(5)]
        assert [m.endswith("✓") for m in marks] == [True, True, True, False, False]
        await pilot.click("#finish")
        await pilot.pause(0.3)
    filed = {r.role: r.payload["answers"] for r in app.session.run.journal.records(kinds=("hotwash",))}
    assert filed["comms"][:2] == ["eerst", "tweede"] and not any(filed["comms"][2:])
    assert filed["it"][0] == "isoleren" and not any(filed["it"][1:])
    assert filed["dpo"][3] == "art33" and not any(filed["dpo"][:3] + filed["dpo"][4:])
    report = Path(next(p for p in app.session.report_paths if p.endswith(".md"))).read_text(encoding="utf-8")
    assert f"| {questions[0]} | eerst |" in report and f"| {questions[1]} | tweede |" in report
    assert f"| {questions[3]} | art33 |" in report.rsplit("### Functionaris Gegevensbescherming", 1)[1]
    assert report.rsplit("### Functionaris Gegevensbescherming", 1)[1].count("### Communicatie") == 0


async def test_ctrl_q_in_the_hot_wash_files_what_was_typed_and_writes_the_debrief(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        app.session.driver.command("end")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HotwashScreen)
        await pilot.press("tab", *"went well", "ctrl+q")
        await pilot.pause(0.3)
    [record] = app.session.run.journal.records(kinds=("hotwash",))
    assert (record.role, record.payload["answers"]) == ("comms", ["went well"])
    assert app.session.report_paths and all(Path(p).exists() for p in app.session.report_paths)
