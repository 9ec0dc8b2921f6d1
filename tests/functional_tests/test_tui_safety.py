"""The console's safety nets, played by keys through App.run_test: nothing typed is lost, nothing
fired by a slip of the hand, nothing answered under the wrong question or role."""

from __future__ import annotations

from pathlib import Path

from textual import events

from crisissim.tui.app import CrisisApp
from crisissim.tui.screens.forms import FormScreen
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
