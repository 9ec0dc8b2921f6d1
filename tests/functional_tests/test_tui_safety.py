"""The console's safety nets, played by keys through App.run_test: nothing typed is lost, nothing
fired by a slip of the hand, nothing answered under the wrong question or role."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Tab, TextArea

from crisissim.tui.app import CrisisApp
from crisissim.tui.screens.forms import ChooseScreen, ConfirmScreen, FormScreen
from crisissim.tui.screens.help import HelpScreen
from crisissim.tui.screens.hotwash import HotwashScreen
from crisissim.tui.widgets.msel import MselPanel
from crisissim.tui.widgets.status_bar import StatusBar, clock_text
from tests.conftest import VALID
from tests.functional_tests.tui_support import make_app


def drill(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


def actions(app: CrisisApp) -> list[tuple[str | None, str, dict]]:
    journal = app.session.run.journal
    return [(r.role, r.payload["action"], r.payload) for r in journal.records(kinds=("action",))]


async def until(pilot, condition, seconds: float = 5.0) -> None:
    """Wait for what the app's steady refresh brings (the hot wash after EndEx), on a busy machine too."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def end_and_wait_for_the_hotwash(app: CrisisApp, pilot) -> HotwashScreen:
    app.session.driver.command("end")
    await until(pilot, lambda: isinstance(app.screen, HotwashScreen) and app.screen.is_mounted)
    await pilot.pause(0.1)
    assert isinstance(app.screen, HotwashScreen)
    return app.screen


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
        hotwash = await end_and_wait_for_the_hotwash(app, pilot)
        assert hotwash.focused is hotwash.query_one("#hotwash-role")
        await pilot.press("tab", *"eerst", "tab", *"tweede")  # the first tab: the first question
        await pilot.press("ctrl+s")  # Communicatie's answers; the next role comes up
        assert hotwash.role == "dpo"
        assert "Functionaris Gegevensbescherming" in str(hotwash.query_one("#hotwash-answering").render())
        assert hotwash.focused is hotwash.query_one("#answer-0")  # the next role starts at the first question
        await pilot.press("shift+tab", "down", "enter")  # arrows pick IT & Security
        assert hotwash.role == "it"
        await pilot.press(*"isoleren", "ctrl+s")
        assert hotwash.role == "dpo"  # the first role still waiting
        await pilot.press("tab", "tab", "tab", *"art33", "ctrl+s")
        marks = [str(hotwash.query_one("#hotwash-role").get_option_at_index(n).prompt) for n in range(5)]
        assert [m.endswith("✓") for m in marks] == [True, True, True, False, False]
        await pilot.click("#finish")
        await until(pilot, lambda: bool(app.session.report_paths))
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
        await end_and_wait_for_the_hotwash(app, pilot)
        await pilot.press("tab", *"went well", "ctrl+q")
        await pilot.pause(0.3)
    [record] = app.session.run.journal.records(kinds=("hotwash",))
    assert (record.role, record.payload["answers"]) == ("comms", ["went well"])
    assert app.session.report_paths and all(Path(p).exists() for p in app.session.report_paths)


async def test_fire_asks_first_and_u_takes_it_back_while_nothing_followed(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "shift+tab")  # the MSEL, its first row: the alert
        event = app.main.query_one(MselPanel).selected_event
        assert event == "alert"
        await pilot.press("f")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert app.session.engine.state.events[event].status == "fired"
        assert any(item.event == event for item in app.session.view.inbox["it"])
        assert app.session.view.clocks["gdpr"].status == "running"  # it starts on the alert
        await pilot.press("u")
        assert app.session.engine.state.events[event].status == "pending"
        assert not any(item.event == event for item in app.session.view.inbox["it"])
        assert app.session.view.clocks["gdpr"].status == "idle"
        assert app.session.engine.state.clocks["gdpr"].status == "idle"
        await pilot.press("n")  # the alert still comes at its time, and starts the clock then
        assert app.session.engine.state.events[event].status == "fired"
        assert app.session.view.clocks["gdpr"].started_s == 300
    controls = [r.payload for r in app.session.run.journal.records(kinds=("control",))]
    assert [c["control"] for c in controls] == ["fire", "undo", "advance"]
    assert controls[1]["command"] == "fire" and controls[1]["withdrawn"] == [event]


async def test_an_undo_is_refused_with_the_reason_once_the_team_has_acted(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape")
        app.session.driver.command("flag", {"flag": "ransom-paid"})
        app.session.driver.command("note", {"text": "noted"})  # the facilitator's note follows from nothing
        app.session.driver.act("it", "choose", {"event": "alert", "option": "isolate"})
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("u")
    assert "ransom-paid" in app.session.engine.state.flags
    assert notes and "IT has acted since" in notes[-1]
    assert [r.payload["control"] for r in app.session.run.journal.records(kinds=("control",))] == ["flag"]


async def test_esc_on_a_filled_form_asks_before_it_discards(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "f1", "s", *"Half a statement", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one(TextArea).text == "Half a statement"
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, FormScreen | ConfirmScreen)
        await pilot.press("s", "escape")  # nothing typed: it just closes
        assert not isinstance(app.screen, FormScreen | ConfirmScreen)
    assert actions(app) == []


async def test_a_decision_sent_to_two_roles_is_closed_in_both_panes_once_one_decides(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=300)  # the alert asks IT and the DPO
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape", "f2")  # the DPO's pane
        assert app.main.pane("dpo").open_decisions == 1
        assert "?1" in str(app.main.query_one("#tab-dpo", Tab).label)
        await pilot.press("f3", "c", "enter")  # IT decides: the first option, isolate
        await pilot.pause(0.1)
        await pilot.press("f2")
        dpo = app.main.pane("dpo")
        assert dpo.open_decisions == 0 and "?" not in str(app.main.query_one("#tab-dpo", Tab).label)
        shown = str(app.main.query_one("#message-dpo").render())
        assert "Decided by IT: Isolate the systems" in shown and "Options" not in shown
        await pilot.press("enter")  # the DPO can still answer it, but no longer choose
        assert isinstance(app.screen, FormScreen) and not isinstance(app.screen, ChooseScreen)
    assert [(role, kind) for role, kind, _ in actions(app)] == [("it", "choose")]


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 48)])
async def test_every_clock_shows_its_value_at_every_size(tmp_path, size):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=3 * 3600)  # four clocks run by then
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape")
        view = app.session.view
        running = [c for c in view.clocks.values() if c.status == "running"]
        assert len(running) == 4  # AVG art. 33, NIS2's early warning and notification, the ultimatum
        bar = app.main.query_one(StatusBar)
        await pilot.pause()
        line = str(bar.render())
        lines = line.split("\n")
        assert len(lines) <= 2 and all(len(part) <= size[0] for part in lines)
        assert bar.size.height == len(lines)  # a second line of clocks is on screen, not cut off
        # every value whole, the most urgent first; none counted away in +N
        values = sorted(clock_text((c.started_s or 0) + (c.limit_s or 0) - view.now) for c in running)
        assert "+" not in line.replace("T+", "")
        for value in values:
            assert value in line
        assert line.index(values[0]) == min(line.index(v) for v in values)
        assert "T+03:00" in line


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_below_full_size_tab_reaches_the_feed_and_every_role(tmp_path, size):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=1300)
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape")
        assert app.main.compact
        seen = []
        for _ in range(len(app.main.roles) + 2):
            await pilot.press("tab")
            shown = [a.id for a in app.main.query("#msel, #feed") if a.display]
            shown += [p.role for p in app.main.panes if p.display and app.main.query_one("#roles").display]
            seen.append(shown)
        assert seen == [[r] for r in app.main.roles] + [["feed"], ["msel"]]
        bar = app.main.query_one("#compact-tabs")
        assert all(tab.region.right <= bar.region.right for tab in bar.query(Tab))  # none scrolled off
        labels = {tab.id: str(tab.label) for tab in bar.query(Tab)}
        assert "●" in labels["tab-it"] and "?1" in labels["tab-it"]  # unread, and a decision to take


async def test_the_help_scrolls_at_80x24_and_stops_the_clock_while_it_is_open(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")  # StartEx: the clock runs
        assert not app.session.clock.paused
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and app.session.clock.paused
        keys = app.screen.query_one("#help-keys")
        assert keys.max_scroll_y > 0
        await pilot.press("end")
        assert keys.scroll_y == keys.max_scroll_y
        await pilot.press("escape")
        assert not app.session.clock.paused  # running again, as before
        await pilot.press("space", "question_mark", "escape")
        assert app.session.clock.paused  # paused before the help: still paused after


async def test_a_long_message_scrolls_by_keys_and_the_reply_line_is_a_key_away(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=1300)  # the SOC's long call
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f3")
        view = app.main.query_one("#message-view-it")
        assert view.max_scroll_y > 0
        await pilot.press("pagedown")  # from the inbox: the message's next page
        assert view.scroll_y > 0
        await pilot.press("right", "end")
        assert app.focused is view and view.scroll_y == view.max_scroll_y
        await pilot.press("right")
        assert app.focused is app.main.query_one("#composer-it")
        await pilot.press(*"We isoleren", "enter")
        await pilot.press("escape")
        assert app.focused is app.main.query_one("#inbox-it")
    assert [(role, kind, p["text"]) for role, kind, p in actions(app)] == [("it", "reply", "We isoleren")]


async def test_a_post_answers_a_post_picked_from_the_feed(tmp_path):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=6 * 3600)  # a storm has posted by then
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape", "f1", "p")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "#" not in str(form.query_one(".field-hint").render())  # no post id to type
        newest = app.session.view.posts[-1][1]
        await pilot.press(*"Wij zoeken het uit.", "tab", "down", "enter", "ctrl+s")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, FormScreen)
    [(role, kind, payload)] = actions(app)
    assert (role, kind, payload["reply_to"]) == ("comms", "post", f"{newest.storm}#{newest.n}")


async def test_the_flag_form_names_its_two_questions_apart(tmp_path):
    app = make_app(tmp_path, drill(tmp_path), advance_to=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "x")
        labels = [str(label.render()) for label in app.screen.query(".field-label")]
        assert len(set(labels)) == len(labels) == 2


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 48)])
async def test_the_footer_shows_how_to_stop_safely_at_every_size(tmp_path, size):
    app = make_app(tmp_path, "rijnoord-ransomware", advance_to=60)
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        footer = app.main.query_one("Footer")
        keys = {key.description: key for key in footer.query("FooterKey")}
        stop = keys["Stoppen"]
        assert stop.region.right <= footer.region.right and stop.region.width > 0
        # the command palette's key is on the footer where there is room for it, in the help anyway
        assert ("Opdrachten" in keys) == (size[0] >= 100)
